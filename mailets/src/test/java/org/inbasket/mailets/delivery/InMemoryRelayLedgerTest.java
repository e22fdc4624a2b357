package org.inbasket.mailets.delivery;

import java.time.Clock;
import java.time.Duration;

class InMemoryRelayLedgerTest extends RelayLedgerContract {
    @Override
    RelayLedger newLedger(Clock clock, Duration lease) {
        return new InMemoryRelayLedger(clock, lease);
    }
}
