package org.inbasket.mailets.triage.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.slf4j.LoggerFactory;

/**
 * Who covers whom, when. Read side, used by {@code ForwardForCoverage}; {@link MutableCoverageSchedule} adds
 * the write side for the admin API. Implementations: {@link MemoryCoverageSchedule}, {@link FileCoverageSchedule}
 * ({@code conf/triage/coverage.conf}, read-only, reloaded on change) and {@link JdbcCoverageSchedule} (Flyway V22).
 */
public interface CoverageSchedule {
    int MAX_CHAIN = 10;

    /** Every window, past, present and future. */
    List<CoverageWindow> windows();

    /** The window covering {@code absent} at {@code at}, if any (windows of one clinician never overlap). */
    default Optional<CoverageWindow> activeFor(MailAddress absent, Instant at) {
        String key = CoverageWindow.key(absent);
        return windows().stream()
            .filter(w -> CoverageWindow.key(w.absent()).equals(key) && w.activeAt(at))
            .findFirst();
    }

    /** Where mail for a covered clinician ends up, and through which windows. */
    record Resolution(MailAddress recipient, List<CoverageWindow> chain) {
        public Resolution {
            chain = List.copyOf(chain);
        }

        public CoverageWindow first() {
            return chain.get(0);
        }
    }

    /**
     * Follows coverage from {@code recipient} at {@code at}: A covered by B, B absent and covered by C, gives C.
     * Stops at a pool, at a coverer who is present, after {@value #MAX_CHAIN} steps, or before an address already
     * visited (a cycle, which validation should have prevented; logged as a WARN). Empty when not covered.
     */
    default Optional<Resolution> resolve(MailAddress recipient, Instant at) {
        List<CoverageWindow> chain = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        visited.add(CoverageWindow.key(recipient));
        MailAddress current = recipient;
        for (int i = 0; i < MAX_CHAIN; i++) {
            Optional<CoverageWindow> window = activeFor(current, at);
            if (window.isEmpty()) {
                break;
            }
            CoverageWindow w = window.get();
            if (!visited.add(CoverageWindow.key(w.coverer()))) {
                LoggerFactory.getLogger(CoverageSchedule.class)
                    .warn("Coverage cycle at window {}; delivering to the last clinician before the cycle", w.id());
                break;
            }
            chain.add(w);
            current = w.coverer();
            if (w.kind() == CoverageWindow.CovererKind.POOL) {
                break;
            }
        }
        return chain.isEmpty() ? Optional.empty() : Optional.of(new Resolution(current, chain));
    }
}
