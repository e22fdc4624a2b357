package org.inbasket.mailets.triage.autoreply;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.core.MailAddress;

/** {@link ReplyLedger} in memory: forgets everything on restart. Thread-safe. */
public final class MemoryReplyLedger implements ReplyLedger {
    private final ConcurrentHashMap<String, Instant> lastReply = new ConcurrentHashMap<>();

    @Override
    public boolean tryAcquire(String kind, MailAddress address, Instant now, Duration window) {
        AtomicBoolean acquired = new AtomicBoolean();
        Instant cutoff = now.minus(window);
        lastReply.compute(ReplyLedger.key(kind, address), (key, previous) -> {
            if (previous == null || !previous.isAfter(cutoff)) {
                acquired.set(true);
                return now;
            }
            return previous;
        });
        return acquired.get();
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        int before = lastReply.size();
        lastReply.values().removeIf(at -> at.isBefore(cutoff));
        return before - lastReply.size();
    }
}
