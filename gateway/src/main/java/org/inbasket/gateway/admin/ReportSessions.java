package org.inbasket.gateway.admin;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.inbasket.gateway.config.Secrets;

/**
 * Browser sessions of the reports page, in memory: a random id (the cookie) with its own CSRF token, valid for
 * {@link #MAX_AGE} after sign-in and {@link #IDLE} after the last request. At most {@link #MAX_SESSIONS}; the
 * oldest goes first. A restart signs everyone out.
 *
 * <p>SECURITY: ids and CSRF tokens are 256 random bits; CSRF tokens compare in constant time.</p>
 */
final class ReportSessions {
    static final Duration MAX_AGE = Duration.ofHours(8);
    static final Duration IDLE = Duration.ofMinutes(30);
    static final int MAX_SESSIONS = 50;

    record Session(String id, String csrf, Instant created, Instant lastSeen) {
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    ReportSessions(Clock clock) {
        this.clock = clock;
    }

    Session create() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(java.util.Comparator.comparing(Session::created))
                .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session session = new Session(Secrets.random(32), Secrets.random(32), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (expired(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(session.id(), session.csrf(), session.created(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private static boolean expired(Session s, Instant now) {
        return !now.isBefore(s.created().plus(MAX_AGE)) || !now.isBefore(s.lastSeen().plus(IDLE));
    }
}
