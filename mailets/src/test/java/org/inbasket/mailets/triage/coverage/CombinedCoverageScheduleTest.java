package org.inbasket.mailets.triage.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CombinedCoverageScheduleTest extends CoverageScheduleContract {
    private final List<CoverageWindow> fromFile = new ArrayList<>();
    private MutableCoverageSchedule schedule;

    @BeforeEach
    void setUp() {
        fromFile.clear();
        schedule = new CombinedCoverageSchedule(() -> List.copyOf(fromFile), new MemoryCoverageSchedule());
    }

    @Override
    protected MutableCoverageSchedule schedule() {
        return schedule;
    }

    @Test
    void windowsShouldIncludeConfiguredAndStoredWindows() throws Exception {
        fromFile.add(window("file-1", "a@clinic.example", 0, 5, "b@clinic.example"));
        schedule.add(window("api-1", "c@clinic.example", 0, 5, "d@clinic.example"));
        assertThat(schedule.windows()).extracting(CoverageWindow::id).containsExactly("file-1", "api-1");
    }

    @Test
    void addShouldRejectOverlapAndCyclesWithConfiguredWindows() {
        fromFile.add(window("file-1", "a@clinic.example", 0, 5, "b@clinic.example"));
        assertThatThrownBy(() -> schedule.add(window("api-1", "a@clinic.example", 4, 8, "c@clinic.example")))
            .isInstanceOf(CoverageException.class).hasMessageContaining("overlaps window 'file-1'");
        assertThatThrownBy(() -> schedule.add(window("api-2", "b@clinic.example", 1, 2, "a@clinic.example")))
            .isInstanceOf(CoverageException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> schedule.add(window("file-1", "x@clinic.example", 1, 2, "y@clinic.example")))
            .isInstanceOf(CoverageException.class).hasMessageContaining("already used");
    }

    @Test
    void removeShouldNotRemoveConfiguredWindows() {
        fromFile.add(window("file-1", "a@clinic.example", 0, 5, "b@clinic.example"));
        assertThat(schedule.remove("file-1")).isFalse();
        assertThat(schedule.windows()).hasSize(1);
    }
}
