package org.inbasket.mailets.triage.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.triage.coverage.CoverageWindow.CovererKind;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MutableCoverageSchedule} must have. */
public abstract class CoverageScheduleContract {
    static final Instant T0 = Instant.parse("2025-07-01T00:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    protected abstract MutableCoverageSchedule schedule();

    static MailAddress a(String s) {
        try {
            return new MailAddress(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static CoverageWindow window(String id, String absent, int fromDay, int toDay, String coverer, CovererKind kind) {
        return new CoverageWindow(id, a(absent), Optional.of("Dr " + absent), T0.plus(DAY.multipliedBy(fromDay)),
            T0.plus(DAY.multipliedBy(toDay)), a(coverer), kind, Optional.of("Dr " + coverer));
    }

    static CoverageWindow window(String id, String absent, int fromDay, int toDay, String coverer) {
        return window(id, absent, fromDay, toDay, coverer, CovererKind.CLINICIAN);
    }

    @Test
    void addShouldStoreEveryField() throws Exception {
        CoverageWindow w = window("w1", "house@clinic.example", 0, 14, "wilson@clinic.example");
        schedule().add(w);
        assertThat(schedule().windows()).containsExactly(w);
    }

    @Test
    void activeForShouldFindTheWindowOnlyInsideItsHalfOpenInterval() throws Exception {
        schedule().add(window("w1", "house@clinic.example", 0, 14, "wilson@clinic.example"));
        assertThat(schedule().activeFor(a("House@clinic.example"), T0)).isPresent();
        assertThat(schedule().activeFor(a("house@clinic.example"), T0.minusSeconds(1))).isEmpty();
        assertThat(schedule().activeFor(a("house@clinic.example"), T0.plus(DAY.multipliedBy(14)))).isEmpty();
    }

    @Test
    void addShouldRejectAnOverlappingWindowForTheSameClinician() throws Exception {
        schedule().add(window("w1", "house@clinic.example", 0, 14, "wilson@clinic.example"));
        assertThatThrownBy(() -> schedule().add(window("w2", "house@clinic.example", 13, 20, "cuddy@clinic.example")))
            .isInstanceOf(CoverageException.class)
            .hasMessageContaining("overlaps window 'w1'");
    }

    @Test
    void addShouldAcceptAdjacentWindows() throws Exception {
        schedule().add(window("w1", "house@clinic.example", 0, 14, "wilson@clinic.example"));
        schedule().add(window("w2", "house@clinic.example", 14, 20, "cuddy@clinic.example"));
        assertThat(schedule().windows()).hasSize(2);
    }

    @Test
    void addShouldRejectADuplicateId() throws Exception {
        schedule().add(window("w1", "house@clinic.example", 0, 14, "wilson@clinic.example"));
        assertThatThrownBy(() -> schedule().add(window("w1", "cuddy@clinic.example", 0, 14, "wilson@clinic.example")))
            .isInstanceOf(CoverageException.class).hasMessageContaining("already used");
    }

    @Test
    void addShouldRejectADirectCycle() throws Exception {
        schedule().add(window("w1", "a@clinic.example", 0, 10, "b@clinic.example"));
        assertThatThrownBy(() -> schedule().add(window("w2", "b@clinic.example", 5, 15, "a@clinic.example")))
            .isInstanceOf(CoverageException.class).hasMessageContaining("cycle");
    }

    @Test
    void addShouldRejectAnIndirectCycle() throws Exception {
        schedule().add(window("w1", "a@clinic.example", 0, 10, "b@clinic.example"));
        schedule().add(window("w2", "b@clinic.example", 0, 10, "c@clinic.example"));
        assertThatThrownBy(() -> schedule().add(window("w3", "c@clinic.example", 9, 12, "a@clinic.example")))
            .isInstanceOf(CoverageException.class).hasMessageContaining("cycle");
    }

    @Test
    void addShouldAcceptOppositeCoverageAtDifferentTimes() throws Exception {
        schedule().add(window("w1", "a@clinic.example", 0, 10, "b@clinic.example"));
        schedule().add(window("w2", "b@clinic.example", 10, 20, "a@clinic.example"));
        assertThat(schedule().windows()).hasSize(2);
    }

    @Test
    void addShouldAcceptAChainWhoseLinksNeverOverlapInTime() throws Exception {
        schedule().add(window("w1", "a@clinic.example", 0, 5, "b@clinic.example"));
        schedule().add(window("w2", "b@clinic.example", 5, 10, "c@clinic.example"));
        schedule().add(window("w3", "c@clinic.example", 0, 5, "a@clinic.example"));
        assertThat(schedule().windows()).hasSize(3);
    }

    @Test
    void resolveShouldFollowAChainToAPresentCoverer() throws Exception {
        schedule().add(window("w1", "a@clinic.example", 0, 10, "b@clinic.example"));
        schedule().add(window("w2", "b@clinic.example", 0, 10, "c@clinic.example"));
        CoverageSchedule.Resolution r = schedule().resolve(a("a@clinic.example"), T0.plus(DAY)).orElseThrow();
        assertThat(r.recipient()).isEqualTo(a("c@clinic.example"));
        assertThat(r.chain()).extracting(CoverageWindow::id).containsExactly("w1", "w2");
    }

    @Test
    void resolveShouldStopAtAPool() throws Exception {
        schedule().add(window("w1", "a@clinic.example", 0, 10, "rn-pool@clinic.example", CovererKind.POOL));
        assertThat(schedule().resolve(a("a@clinic.example"), T0.plus(DAY)).orElseThrow().recipient())
            .isEqualTo(a("rn-pool@clinic.example"));
    }

    @Test
    void resolveShouldBeEmptyWhenNotCovered() {
        assertThat(schedule().resolve(a("a@clinic.example"), T0)).isEmpty();
    }

    @Test
    void removeShouldDeleteTheWindow() throws Exception {
        schedule().add(window("w1", "a@clinic.example", 0, 10, "b@clinic.example"));
        assertThat(schedule().remove("w1")).isTrue();
        assertThat(schedule().remove("w1")).isFalse();
        assertThat(schedule().windows()).isEmpty();
    }

    @Test
    void windowShouldRejectInvalidValues() {
        assertThatThrownBy(() -> window("w1", "a@clinic.example", 5, 5, "b@clinic.example"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before");
        assertThatThrownBy(() -> window("w1", "a@clinic.example", 0, 5, "A@clinic.example"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("themselves");
        assertThatThrownBy(() -> window("bad id", "a@clinic.example", 0, 5, "b@clinic.example"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window id");
    }
}
