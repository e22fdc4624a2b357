package org.inbasket.mailets.triage.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The schedule the gateway binds when windows come both from {@code conf/triage/coverage.conf} (read-only,
 * reloaded) and from the admin API (a {@link MutableCoverageSchedule}, usually {@link JdbcCoverageSchedule}).
 * Reads see both; {@link #add} checks a new window against both (overlap, duplicate id, cycles) before
 * storing it; only stored windows can be removed.
 *
 * <p>BUGS: an edit of the file can introduce an overlap or cycle with a stored window; resolution still never
 * loops (see {@link CoverageSchedule#resolve}), and the file's own windows stay consistent.</p>
 */
public final class CombinedCoverageSchedule implements MutableCoverageSchedule {
    private final CoverageSchedule configured;
    private final MutableCoverageSchedule stored;

    public CombinedCoverageSchedule(CoverageSchedule configured, MutableCoverageSchedule stored) {
        this.configured = Objects.requireNonNull(configured);
        this.stored = Objects.requireNonNull(stored);
    }

    @Override
    public List<CoverageWindow> windows() {
        List<CoverageWindow> all = new ArrayList<>(configured.windows());
        all.addAll(stored.windows());
        return all;
    }

    @Override
    public synchronized void add(CoverageWindow window) throws CoverageException {
        CoverageRules.check(windows(), window);
        stored.add(window);
    }

    @Override
    public boolean remove(String id) {
        return stored.remove(id);
    }
}
