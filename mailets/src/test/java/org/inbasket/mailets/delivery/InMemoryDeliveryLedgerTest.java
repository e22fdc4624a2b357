package org.inbasket.mailets.delivery;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

class InMemoryDeliveryLedgerTest extends DeliveryLedgerContract {
    private MutableClock clock;
    private DeliveryLedger ledger;

    @BeforeEach
    void setUp() {
        clock = new MutableClock();
        ledger = new InMemoryDeliveryLedger(clock);
    }

    @Override
    DeliveryLedger ledger() {
        return ledger;
    }

    @Override
    void advanceClock(Duration d) {
        clock.advance(d);
    }
}
