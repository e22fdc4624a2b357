package org.inbasket.gateway.portal.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures (unknown links, wrong codes, wrong passwords) per client IP in fixed windows, and blocks a
 * client that reached the limit until its window ends.
 *
 * <p>SECURITY: slows down token and password guessing from one address. A distributed guesser is slowed by
 * the account lockout and by the size of the token space (256 bits), not by this.</p>
 */
public final class FailureLimiter {
    private record Window(Instant start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int limit;
    private final Duration window;

    public FailureLimiter(Clock clock, int limit, Duration window) {
        this.clock = clock;
        this.limit = limit;
        this.window = window;
    }

    /** Whether this client is blocked now. */
    public boolean blocked(String client) {
        Window current = windows.get(client);
        return current != null && current.start().plus(window).isAfter(clock.instant()) && current.failures() >= limit;
    }

    /** Counts one failure for this client. */
    public void fail(String client) {
        Instant now = clock.instant();
        windows.compute(client, (key, current) -> current == null || !current.start().plus(window).isAfter(now)
            ? new Window(now, 1) : new Window(current.start(), current.failures() + 1));
        if (windows.size() > 100_000) {
            purge();
        }
    }

    /** Forgets windows that ended. */
    public void purge() {
        Instant now = clock.instant();
        windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
    }
}
