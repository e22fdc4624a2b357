package org.inbasket.mailets.triage.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.MutableClock;
import org.inbasket.mailets.triage.TriageTestFiles;
import org.inbasket.mailets.triage.conf.ConfException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCoverageScheduleTest {
    private static final String WINDOW = """
        [options]
        timezone = America/New_York

        [window house-summer]
        clinician = dr.house@clinic.example
        clinician-name = Dr. Gregory House
        from = 2025-07-01
        to = 2025-07-14
        covered-by = dr.wilson@clinic.example
        covered-by-name = Dr. James Wilson
        """;

    @TempDir
    Path dir;

    @Test
    void shippedScheduleShouldLoadEmpty() throws Exception {
        assertThat(FileCoverageSchedule.load(TriageTestFiles.shipped("coverage.conf")).windows()).isEmpty();
    }

    @Test
    void parseShouldReadDatesAsWholeDaysInTheTimezone() throws Exception {
        CoverageWindow w = FileCoverageSchedule.parse("c", WINDOW).windows().get(0);
        assertThat(w.from()).isEqualTo(Instant.parse("2025-07-01T04:00:00Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2025-07-15T04:00:00Z"));
        assertThat(w.covererName()).contains("Dr. James Wilson");
        assertThat(w.kind()).isEqualTo(CoverageWindow.CovererKind.CLINICIAN);
    }

    @Test
    void parseShouldReadTimesWithAndWithoutOffset() throws Exception {
        CoverageWindow w = FileCoverageSchedule.parse("c", "[window w]\nclinician = a@clinic.example\n"
            + "from = 2025-07-01T08:30\nto = 2025-07-02T17:00+02:00\ncovered-by = rn@clinic.example\nkind = pool\n").windows().get(0);
        assertThat(w.from()).isEqualTo(Instant.parse("2025-07-01T08:30:00Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2025-07-02T15:00:00Z"));
        assertThat(w.kind()).isEqualTo(CoverageWindow.CovererKind.POOL);
    }

    @Test
    void parseShouldRejectOverlappingWindowsNamingTheLine() {
        String text = WINDOW + "\n[window again]\nclinician = dr.house@clinic.example\nfrom = 2025-07-10\nto = 2025-07-20\n"
            + "covered-by = dr.cuddy@clinic.example\n";
        assertThatThrownBy(() -> FileCoverageSchedule.parse("coverage.conf", text))
            .isInstanceOf(ConfException.class).hasMessageContaining("coverage.conf:12").hasMessageContaining("overlaps");
    }

    @Test
    void parseShouldRejectACycle() {
        String text = WINDOW + "\n[window back]\nclinician = dr.wilson@clinic.example\nfrom = 2025-07-05\nto = 2025-07-06\n"
            + "covered-by = dr.house@clinic.example\n";
        assertThatThrownBy(() -> FileCoverageSchedule.parse("coverage.conf", text))
            .isInstanceOf(ConfException.class).hasMessageContaining("cycle");
    }

    @Test
    void parseShouldRejectReversedDatesAndBadValues() {
        assertThatThrownBy(() -> FileCoverageSchedule.parse("c", "[window w]\nclinician = a@clinic.example\n"
            + "from = 2025-07-10\nto = 2025-07-01\ncovered-by = b@clinic.example\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("must be before");
        assertThatThrownBy(() -> FileCoverageSchedule.parse("c", "[window w]\nclinician = a@clinic.example\n"
            + "from = July 1\nto = 2025-07-01\ncovered-by = b@clinic.example\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("c:3");
        assertThatThrownBy(() -> FileCoverageSchedule.parse("c", "[window w]\nclinician = a@clinic.example\n"
            + "from = 2025-07-01\ncovered-by = b@clinic.example\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("needs 'to");
        assertThatThrownBy(() -> FileCoverageSchedule.parse("c", "[options]\ntimezone = Mars/Base\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("unknown timezone");
    }

    @Test
    void windowsShouldFollowFileEditsWithoutRestart() throws Exception {
        Path file = dir.resolve("coverage.conf");
        Files.writeString(file, "[options]\ntimezone = UTC\n");
        MutableClock clock = new MutableClock(Instant.parse("2025-07-02T00:00:00Z"));
        FileCoverageSchedule schedule = new FileCoverageSchedule(file, clock, Duration.ofSeconds(2));
        assertThat(schedule.resolve(new MailAddress("dr.house@clinic.example"), clock.instant())).isEmpty();

        Files.writeString(file, WINDOW);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        clock.advance(Duration.ofSeconds(3));

        assertThat(schedule.resolve(new MailAddress("dr.house@clinic.example"), clock.instant()).orElseThrow().recipient())
            .isEqualTo(new MailAddress("dr.wilson@clinic.example"));
    }
}
