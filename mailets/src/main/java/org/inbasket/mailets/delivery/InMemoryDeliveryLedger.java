package org.inbasket.mailets.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link DeliveryLedger} for tests and for servers without a database; forgets everything on restart. */
public final class InMemoryDeliveryLedger implements DeliveryLedger {
    private record Entry(long uidFloor, Instant startedAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryDeliveryLedger(Clock clock) {
        this.clock = clock;
    }

    public InMemoryDeliveryLedger() {
        this(Clock.systemUTC());
    }

    @Override
    public OptionalLong claim(String mailName, String recipient, long uidFloor) {
        Entry fresh = new Entry(uidFloor, clock.instant());
        Entry existing = entries.putIfAbsent(mailName + "\u0000" + recipient, fresh);
        return existing == null ? OptionalLong.empty() : OptionalLong.of(existing.uidFloor());
    }

    @Override
    public int purgeStartedBefore(Instant cutoff) {
        int before = entries.size();
        entries.values().removeIf(e -> e.startedAt().isBefore(cutoff));
        return before - entries.size();
    }
}
