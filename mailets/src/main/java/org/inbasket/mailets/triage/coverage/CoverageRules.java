package org.inbasket.mailets.triage.coverage;

import java.time.Instant;
import java.util.List;

/** The checks every {@link MutableCoverageSchedule} applies before adding a window. */
public final class CoverageRules {
    private CoverageRules() {
    }

    /**
     * Rejects {@code candidate} when its id is already used, when it overlaps another window of the same
     * clinician, or when, at some instant of its window, following coverage from its coverer leads back to its
     * clinician (a cycle). The messages name the windows and times involved, never mail content.
     */
    public static void check(List<CoverageWindow> existing, CoverageWindow candidate) throws CoverageException {
        String absent = CoverageWindow.key(candidate.absent());
        for (CoverageWindow w : existing) {
            if (w.id().equals(candidate.id())) {
                throw new CoverageException("window id '" + candidate.id() + "' is already used");
            }
            if (CoverageWindow.key(w.absent()).equals(absent) && w.overlaps(candidate.from(), candidate.to())) {
                throw new CoverageException("window '" + candidate.id() + "' (" + candidate.from() + " to " + candidate.to()
                    + ") overlaps window '" + w.id() + "' (" + w.from() + " to " + w.to() + ") for "
                    + candidate.absent().asString());
            }
        }
        if (candidate.kind() == CoverageWindow.CovererKind.CLINICIAN) {
            String path = cycle(existing, candidate.coverer().asString(), absent, candidate.from(), candidate.to(), 0);
            if (path != null) {
                throw new CoverageException("window '" + candidate.id() + "' would make a coverage cycle: "
                    + candidate.absent().asString() + " -> " + path);
            }
        }
    }

    /** A path from {@code node} back to {@code target} using windows all active at one instant in [from, to). */
    private static String cycle(List<CoverageWindow> windows, String node, String target, Instant from, Instant to,
                                int depth) {
        if (depth > CoverageSchedule.MAX_CHAIN) {
            return null;
        }
        String nodeKey = node.toLowerCase(java.util.Locale.ROOT);
        for (CoverageWindow w : windows) {
            if (!CoverageWindow.key(w.absent()).equals(nodeKey) || !w.overlaps(from, to)) {
                continue;
            }
            Instant f = from.isAfter(w.from()) ? from : w.from();
            Instant t = to.isBefore(w.to()) ? to : w.to();
            String next = CoverageWindow.key(w.coverer());
            if (next.equals(target)) {
                return node + " -> " + w.coverer().asString() + " (window '" + w.id() + "')";
            }
            if (w.kind() == CoverageWindow.CovererKind.CLINICIAN) {
                String rest = cycle(windows, w.coverer().asString(), target, f, t, depth + 1);
                if (rest != null) {
                    return node + " -> " + rest;
                }
            }
        }
        return null;
    }
}
