package org.inbasket.gateway.portal.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.inbasket.gateway.config.Secrets;

/**
 * Sessions in memory: created on demand, expired after an idle timeout or a maximum age, capped in number
 * (the oldest idle sessions go first). Restarting the gateway logs everybody out.
 *
 * <p>SECURITY: ids and CSRF tokens are 256-bit values from {@link SecureRandom} (through {@link Secrets#random(int)}).</p>
 */
public final class SessionManager {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final int maxCount;

    public SessionManager(Clock clock, Duration idleTimeout, Duration maxAge, int maxCount) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        this.maxCount = maxCount;
    }

    static String randomId() {
        return Secrets.random(32);
    }

    /** The live session with this id, touched; empty if unknown or expired (an expired one is removed). */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
    }

    private boolean expired(Session session, Instant now) {
        return !session.lastSeen.plus(idleTimeout).isAfter(now) || !session.createdAt.plus(maxAge).isAfter(now);
    }

    /** A new anonymous session. */
    public Session create() {
        if (sessions.size() >= maxCount) {
            evict();
        }
        Session session = new Session(randomId(), randomId(), clock.instant());
        sessions.put(session.id, session);
        return session;
    }

    /** Replaces a session by a new one with fresh id and CSRF token, keeping where the user was going. */
    public Session rotate(Session old) {
        sessions.remove(old.id);
        Session fresh = create();
        old.copyNavigationTo(fresh);
        return fresh;
    }

    public void invalidate(Session session) {
        sessions.remove(session.id);
    }

    /** Removes expired sessions; returns how many remain. */
    public int purge() {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> expired(session, now));
        return sessions.size();
    }

    private void evict() {
        purge();
        int excess = sessions.size() - maxCount + 1;
        if (excess > 0) {
            sessions.values().stream()
                .sorted(Comparator.comparing((Session s) -> s.lastSeen))
                .limit(excess)
                .toList()
                .forEach(this::invalidate);
        }
    }

    public int size() {
        return sessions.size();
    }
}
