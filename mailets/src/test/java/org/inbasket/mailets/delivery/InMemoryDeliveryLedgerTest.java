package org.inbasket.mailets.delivery;

import java.time.Clock;

class InMemoryDeliveryLedgerTest extends DeliveryLedgerContract {
    @Override
    DeliveryLedger newLedger(Clock clock) {
        return new InMemoryDeliveryLedger(clock);
    }
}
