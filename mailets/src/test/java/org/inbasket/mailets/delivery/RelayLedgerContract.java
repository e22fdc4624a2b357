package org.inbasket.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.inbasket.mailets.MutableClock;
import org.inbasket.mailets.delivery.RelayLedger.Decision;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link RelayLedger} must have; run for the in-memory and the JDBC ledger. */
abstract class RelayLedgerContract {
    static final Duration LEASE = Duration.ofMinutes(30);
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    abstract RelayLedger newLedger(Clock clock, Duration lease);

    @Test
    void claimShouldDropASecondCopyOnceTheFirstWasSent() {
        RelayLedger ledger = newLedger(clock, LEASE);

        assertThat(ledger.claim("m1|a", 0, "p1")).isEqualTo(Decision.SEND);
        ledger.sent("m1|a", "p1");

        assertThat(ledger.claim("m1|a", 0, "p1")).isEqualTo(Decision.ALREADY_SENT);
        assertThat(ledger.claim("m1|a", 0, "p2")).isEqualTo(Decision.ALREADY_SENT);
        assertThat(ledger.claim("m2|a", 0, "p1")).isEqualTo(Decision.SEND);
    }

    @Test
    void claimShouldMakeATwinWaitWhileThisProcessSendsTheFirstCopy() {
        RelayLedger ledger = newLedger(clock, LEASE);

        assertThat(ledger.claim("m1|a", 0, "p1")).isEqualTo(Decision.SEND);

        assertThat(ledger.claim("m1|a", 0, "p1")).isEqualTo(Decision.BUSY);
    }

    @Test
    void claimShouldLetTheRetryCopyThroughAndDropOlderCopies() {
        RelayLedger ledger = newLedger(clock, LEASE);
        ledger.claim("m1|a", 0, "p1");

        ledger.retrying("m1|a", "p1", 1);

        assertThat(ledger.claim("m1|a", 0, "p1")).isEqualTo(Decision.SUPERSEDED);
        assertThat(ledger.claim("m1|a", 1, "p1")).isEqualTo(Decision.SEND);
        ledger.sent("m1|a", "p1");
        assertThat(ledger.claim("m1|a", 1, "p1")).isEqualTo(Decision.ALREADY_SENT);
    }

    @Test
    void claimShouldLetTheSameCopyBackAfterItWasHandedBack() {
        RelayLedger ledger = newLedger(clock, LEASE);
        ledger.claim("m1|a", 2, "p1");

        ledger.retrying("m1|a", "p1", 2);

        assertThat(ledger.claim("m1|a", 2, "p1")).isEqualTo(Decision.SEND);
    }

    @Test
    void claimShouldTakeOverAClaimOfAKilledProcessOrAnExpiredOne() {
        RelayLedger ledger = newLedger(clock, LEASE);
        ledger.claim("m1|a", 0, "killed");
        ledger.claim("m2|a", 0, "p1");

        assertThat(ledger.claim("m1|a", 0, "p1")).isEqualTo(Decision.SEND);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(ledger.claim("m2|a", 0, "p1")).isEqualTo(Decision.SEND);
    }

    @Test
    void retryingShouldNotOverwriteAClaimTakenOverByAnotherProcess() {
        RelayLedger ledger = newLedger(clock, LEASE);
        ledger.claim("m1|a", 0, "old");
        ledger.claim("m1|a", 0, "new");

        ledger.retrying("m1|a", "old", 1);

        assertThat(ledger.claim("m1|a", 0, "new")).isEqualTo(Decision.BUSY);
    }

    @Test
    void claimShouldGrantOnlyOneOfManyConcurrentCopies() throws Exception {
        RelayLedger ledger = newLedger(clock, LEASE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Decision>> copies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                copies.add(() -> ledger.claim("m1|a", 0, "p1"));
            }
            List<Decision> decisions = new ArrayList<>();
            for (Future<Decision> f : pool.invokeAll(copies)) {
                decisions.add(f.get());
            }
            assertThat(decisions).containsOnlyOnce(Decision.SEND);
            assertThat(decisions).filteredOn(d -> d != Decision.SEND).containsOnly(Decision.BUSY);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeShouldForgetOldMailsOnly() {
        RelayLedger ledger = newLedger(clock, LEASE);
        ledger.claim("old|a", 0, "p1");
        ledger.sent("old|a", "p1");
        clock.advance(Duration.ofDays(15));
        ledger.claim("new|a", 0, "p1");

        assertThat(ledger.purgeUpdatedBefore(clock.instant().minus(Duration.ofDays(14)))).isEqualTo(1);
        assertThat(ledger.claim("old|a", 0, "p1")).isEqualTo(Decision.SEND);
        assertThat(ledger.claim("new|a", 0, "p1")).isEqualTo(Decision.BUSY);
    }
}
