package org.inbasket.mailets.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A {@link RelayLedger} for tests and for servers without a database; forgets everything on restart. */
public final class InMemoryRelayLedger implements RelayLedger {
    private record Entry(boolean sent, boolean claimed, int attempt, String owner, Instant updatedAt) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Clock clock;
    private final Duration lease;

    public InMemoryRelayLedger(Clock clock, Duration lease) {
        this.clock = clock;
        this.lease = lease;
    }

    @Override
    public synchronized Decision claim(String key, int attempt, String owner) {
        Entry e = entries.get(key);
        Instant now = clock.instant();
        if (e != null) {
            if (e.sent()) {
                return Decision.ALREADY_SENT;
            }
            if (attempt < e.attempt()) {
                return Decision.SUPERSEDED;
            }
            if (e.claimed() && e.owner().equals(owner) && e.updatedAt().isAfter(now.minus(lease))) {
                return Decision.BUSY;
            }
        }
        entries.put(key, new Entry(false, true, attempt, owner, now));
        return Decision.SEND;
    }

    @Override
    public synchronized void sent(String key, String owner) {
        Entry e = entries.get(key);
        entries.put(key, new Entry(true, false, e == null ? 0 : e.attempt(), owner, clock.instant()));
    }

    @Override
    public synchronized void retrying(String key, String owner, int nextAttempt) {
        Entry e = entries.get(key);
        if (e != null && e.claimed() && e.owner().equals(owner)) {
            entries.put(key, new Entry(false, false, nextAttempt, owner, clock.instant()));
        }
    }

    @Override
    public synchronized int purgeUpdatedBefore(Instant cutoff) {
        int before = entries.size();
        entries.values().removeIf(e -> e.updatedAt().isBefore(cutoff));
        return before - entries.size();
    }
}
