package org.inbasket.mailets.triage.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryCoverageScheduleTest extends CoverageScheduleContract {
    private MutableCoverageSchedule schedule;

    @BeforeEach
    void setUp() {
        schedule = new MemoryCoverageSchedule();
    }

    @Override
    protected MutableCoverageSchedule schedule() {
        return schedule;
    }

    @Test
    void resolveShouldNeverLoopOnACycleThatBypassedValidation() {
        CoverageSchedule cyclic = () -> List.of(
            window("w1", "a@clinic.example", 0, 10, "b@clinic.example"),
            window("w2", "b@clinic.example", 0, 10, "a@clinic.example"));
        Optional<CoverageSchedule.Resolution> r = cyclic.resolve(a("a@clinic.example"), Instant.parse("2025-07-02T00:00:00Z"));
        assertThat(r.orElseThrow().recipient()).isEqualTo(a("b@clinic.example"));
        assertThat(r.orElseThrow().chain()).hasSize(1);
    }
}
