package org.inbasket.gateway.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MeaningfulUseTest {
    private static final LocalDate FROM = LocalDate.parse("2026-03-01");
    private static final LocalDate TO = LocalDate.parse("2026-03-31");

    private static MeaningfulUse.Visits read(String csv) {
        return MeaningfulUse.read(csv, FROM, TO);
    }

    @Test
    void measureShouldCountDistinctPatientsSeenInThePeriodCaseInsensitively() {
        MeaningfulUse.Visits visits = read("""
            email,visit_date
            Ann@Example.org,2026-03-02
            ann@example.org,2026-03-20
            "bob@example.org",03/15/2026
            carol@example.org,2026-02-28
            dan@example.org,2026-04-01
            """);

        MeaningfulUse.Result result = MeaningfulUse.measure(FROM, TO, visits, Set.of("ann@example.org",
            "carol@example.org"));

        assertThat(visits.patients()).containsExactly("ann@example.org", "bob@example.org");
        assertThat(result.numerator()).isEqualTo(1);
        assertThat(result.denominator()).isEqualTo(2);
        assertThat(result.percentage()).isEqualTo(50.0);
        assertThat(result.meetsThreshold()).isTrue();
        assertThat(result.rows()).isEqualTo(5);
        assertThat(result.outsidePeriod()).isEqualTo(2);
        assertThat(result.problemCount()).isZero();
    }

    @Test
    void badRowsShouldBeReportedWithTheirLineNumbersAndLeftOut() {
        MeaningfulUse.Visits visits = read("""
            eve@example.org,2026-03-03
            not-an-address,2026-03-03
            ,2026-03-04
            frank@example.org
            gina@example.org,2026-02-30
            "hal@example.org","2026-03-05",extra column ignored

            "multi
            line@example.org",2026-03-06
            ivy@example.org,2026-03-07
            """);

        assertThat(visits.patients()).containsExactly("eve@example.org", "hal@example.org", "ivy@example.org");
        assertThat(visits.problems()).extracting(MeaningfulUse.Problem::line)
            .containsExactly(2L, 3L, 4L, 5L, 8L);
        assertThat(visits.problems().get(0).reason()).isEqualTo("not an e-mail address");
        assertThat(visits.problems().get(2).reason()).contains("two columns");
        assertThat(visits.problems().get(3).reason()).contains("not a date");
    }

    @Test
    void anUnclosedQuoteShouldStopTheReadingWithAProblemNotAnException() {
        MeaningfulUse.Visits visits = read("""
            eve@example.org,2026-03-03
            "broken@example.org,2026-03-04
            zed@example.org,2026-03-05
            """);

        assertThat(visits.patients()).containsExactly("eve@example.org");
        assertThat(visits.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).contains("not valid CSV");
        });
    }

    @Test
    void anEmptyFileOrOnlyAHeaderShouldGiveNoPercentage() {
        MeaningfulUse.Result empty = MeaningfulUse.measure(FROM, TO, read(""), Set.of("a@example.org"));
        MeaningfulUse.Result header = MeaningfulUse.measure(FROM, TO, read("patient_email,visit_date\n"), Set.of());

        assertThat(empty.denominator()).isZero();
        assertThat(empty.percentage()).isNull();
        assertThat(empty.meetsThreshold()).isFalse();
        assertThat(header.rows()).isZero();
        assertThat(header.problemCount()).isZero();
    }

    @Test
    void theThresholdShouldBeFivePercent() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            csv.append("p").append(i).append("@example.org,2026-03-10\n");
        }
        MeaningfulUse.Visits visits = read(csv.toString());

        assertThat(MeaningfulUse.measure(FROM, TO, visits, Set.of("p3@example.org")).meetsThreshold()).isTrue();
        assertThat(MeaningfulUse.measure(FROM, TO, visits, Set.of("p3@example.org")).percentage()).isEqualTo(5.0);
        assertThat(MeaningfulUse.measure(FROM, TO, visits, Set.of()).meetsThreshold()).isFalse();
    }
}
