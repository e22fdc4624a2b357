package org.inbasket.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import org.inbasket.mailets.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link DeliveryLedger} implementation shares. */
abstract class DeliveryLedgerContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private DeliveryLedger ledger;

    /** A new, empty ledger that reads time from {@code clock}. */
    abstract DeliveryLedger newLedger(Clock clock);

    @BeforeEach
    void createLedger() {
        ledger = newLedger(clock);
    }

    DeliveryLedger ledger() {
        return ledger;
    }

    void advanceClock(Duration d) {
        clock.advance(d);
    }

    @Test
    void firstClaimShouldBeGranted() {
        assertThat(ledger().claim("Mail1", "a@clinic.example", 7)).isEmpty();
    }

    @Test
    void secondClaimShouldReturnTheFirstUidFloor() {
        ledger().claim("Mail1", "a@clinic.example", 7);
        assertThat(ledger().claim("Mail1", "a@clinic.example", 9)).isEqualTo(OptionalLong.of(7));
    }

    @Test
    void claimsShouldBePerRecipientAndPerMail() {
        ledger().claim("Mail1", "a@clinic.example", 7);
        assertThat(ledger().claim("Mail1", "b@clinic.example", 3)).isEmpty();
        assertThat(ledger().claim("Mail2", "a@clinic.example", 8)).isEmpty();
    }

    @Test
    void purgeShouldForgetOnlyOldClaims() {
        ledger().claim("Old", "a@clinic.example", 1);
        advanceClock(Duration.ofDays(20));
        ledger().claim("New", "a@clinic.example", 2);
        int purged = ledger().purgeStartedBefore(Instant.parse("2026-01-10T00:00:00Z"));
        assertThat(purged).isEqualTo(1);
        assertThat(ledger().claim("Old", "a@clinic.example", 5)).isEmpty();
        assertThat(ledger().claim("New", "a@clinic.example", 5)).isEqualTo(OptionalLong.of(2));
    }
}
