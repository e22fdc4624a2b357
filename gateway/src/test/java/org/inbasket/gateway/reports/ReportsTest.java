package org.inbasket.gateway.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.inbasket.gateway.metrics.MailBacklog;
import org.inbasket.mailets.reports.ReportFacts.Channel;
import org.inbasket.mailets.reports.ReportFacts.Delivery;
import org.inbasket.mailets.reports.ReportFacts.Handling;
import org.inbasket.mailets.reports.ReportFacts.PatientMessage;
import org.inbasket.mailets.reports.ReportFacts.SecureMessage;
import org.junit.jupiter.api.Test;

class ReportsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final MailBacklog.Snapshot NO_BACKLOG = new MailBacklog.Snapshot(NOW, List.of(), true);

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PatientMessage in(Instant at, Handling handling, Duration answeredAfter) {
        return new PatientMessage("k" + at + handling, address("p@outside.example"), at, Channel.MAIL, handling,
            Optional.ofNullable(answeredAfter).map(at::plus));
    }

    @Test
    void theShareWithin24HoursShouldLeavePendingMessagesOutAndCountOldUnansweredAsLate() {
        List<PatientMessage> in = List.of(
            in(NOW.minus(Duration.ofDays(3)), Handling.CLINICIAN, Duration.ofHours(2)),
            in(NOW.minus(Duration.ofDays(3)), Handling.POOL, Duration.ofHours(24)),
            in(NOW.minus(Duration.ofDays(3)), Handling.POOL, Duration.ofHours(30)),
            in(NOW.minus(Duration.ofDays(2)), Handling.CLINICIAN, null),
            in(NOW.minus(Duration.ofHours(3)), Handling.URGENT, null));

        ReportData.Responses r = Reports.responses(in, NOW);

        assertThat(r.patientMessages()).isEqualTo(5);
        assertThat(r.answered()).isEqualTo(3);
        assertThat(r.pending()).isEqualTo(1);
        assertThat(r.withinStandard()).isEqualTo(2);
        assertThat(r.shareWithinStandard()).isEqualTo(0.5);
        assertThat(r.medianHours()).isEqualTo(24.0);
        assertThat(r.distribution()).extracting(ReportData.Bucket::label, ReportData.Bucket::count)
            .contains(org.assertj.core.groups.Tuple.tuple("1-4 h", 1L), org.assertj.core.groups.Tuple.tuple("12-24 h", 1L),
                org.assertj.core.groups.Tuple.tuple("24-48 h", 1L),
                org.assertj.core.groups.Tuple.tuple("unanswered > 24 h", 1L));
        assertThat(r.distribution().stream().filter(ReportData.Bucket::withinStandard).map(ReportData.Bucket::label))
            .containsExactly("under 1 h", "1-4 h", "4-8 h", "8-12 h", "12-24 h");
    }

    @Test
    void noJudgeableMessageShouldGiveNoShareRatherThanZero() {
        ReportData.Responses r = Reports.responses(List.of(in(NOW.minusSeconds(60), Handling.POOL, null)), NOW);

        assertThat(r.shareWithinStandard()).isNull();
        assertThat(r.medianHours()).isNull();
    }

    @Test
    void poolShareShouldBePoolOverRoutineWithUrgentLeftOut() {
        ReportData.Pools p = Reports.pools(List.of(in(NOW, Handling.POOL, null), in(NOW.plusSeconds(1), Handling.POOL, null),
            in(NOW.plusSeconds(2), Handling.POOL, null), in(NOW, Handling.CLINICIAN, null), in(NOW, Handling.URGENT, null)));

        assertThat(p.pool()).isEqualTo(3);
        assertThat(p.clinician()).isEqualTo(1);
        assertThat(p.urgent()).isEqualTo(1);
        assertThat(p.poolShare()).isEqualTo(0.75);
        assertThat(Reports.pools(List.of(in(NOW, Handling.URGENT, null))).poolShare()).isNull();
    }

    @Test
    void daysShouldFollowTheTimeZoneAndIncludeEmptyDays() {
        // 2026-03-03T03:00Z is still 2 March in New York.
        List<PatientMessage> in = List.of(in(Instant.parse("2026-03-03T03:00:00Z"), Handling.POOL, null));
        List<SecureMessage> out = List.of(new SecureMessage("r1", address("p@outside.example"),
            Instant.parse("2026-03-04T15:00:00Z"), Delivery.PICKUP, Optional.of(Instant.parse("2026-03-04T17:30:00Z"))),
            new SecureMessage("r2", address("q@outside.example"), Instant.parse("2026-03-04T16:00:00Z"),
                Delivery.ENCRYPTED, Optional.empty()));

        ReportData data = Reports.compute(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-04"), NEW_YORK, NOW,
            in, out, NO_BACKLOG);

        assertThat(data.days()).extracting(ReportData.Day::date, ReportData.Day::in, ReportData.Day::out)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-02"), 1L, 0L),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-03"), 0L, 0L),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-04"), 0L, 2L));
        assertThat(data.pickup().held()).isEqualTo(1);
        assertThat(data.pickup().encrypted()).isEqualTo(1);
        assertThat(data.pickup().opened()).isEqualTo(1);
        assertThat(data.pickup().medianHoursToOpen()).isEqualTo(2.5);
    }

    @Test
    void rangeShouldRejectAReversedOrTooLongPeriod() {
        assertThatThrownBy(() -> Reports.range(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-01"), NEW_YORK))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before it starts");
        assertThatThrownBy(() -> Reports.range(LocalDate.parse("2020-01-01"), LocalDate.parse("2026-01-01"), NEW_YORK))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    @Test
    void chartsShouldEscapeNothingThemselvesAndDrawEveryBucket() {
        ReportData data = Reports.compute(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-04"), NEW_YORK, NOW,
            List.of(in(NOW.minus(Duration.ofDays(3)), Handling.CLINICIAN, Duration.ofHours(2))), List.of(),
            new MailBacklog.Snapshot(NOW, List.of(new MailBacklog.Entry("<b>@clinic.example", 3,
                Duration.ofHours(5))), true));

        List<Charts.Chart> charts = Charts.of(data);

        assertThat(charts).extracting(Charts.Chart::id)
            .containsExactly("chart-daily", "chart-response", "chart-pools", "chart-backlog");
        assertThat(charts.get(1).shapes().stream().filter(s -> "rect".equals(s.get("kind")))).hasSize(9);
        assertThat(charts.get(3).shapes()).anySatisfy(s -> assertThat(s.get("text")).isEqualTo("<b>@clinic.example"));
    }
}
