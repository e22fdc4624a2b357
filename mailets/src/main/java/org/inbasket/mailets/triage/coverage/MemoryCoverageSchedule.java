package org.inbasket.mailets.triage.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link MutableCoverageSchedule} in memory. Thread-safe; reads never lock. */
public final class MemoryCoverageSchedule implements MutableCoverageSchedule {
    private final CopyOnWriteArrayList<CoverageWindow> windows = new CopyOnWriteArrayList<>();

    @Override
    public List<CoverageWindow> windows() {
        return List.copyOf(windows);
    }

    @Override
    public synchronized void add(CoverageWindow window) throws CoverageException {
        CoverageRules.check(new ArrayList<>(windows), window);
        windows.add(window);
    }

    @Override
    public synchronized boolean remove(String id) {
        return windows.removeIf(w -> w.id().equals(id));
    }
}
