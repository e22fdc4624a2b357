package org.inbasket.mailets.triage.coverage;

/** A {@link CoverageSchedule} the admin API can change. Both implementations pass {@code CoverageScheduleContract}. */
public interface MutableCoverageSchedule extends CoverageSchedule {
    /**
     * Adds a window after {@link CoverageRules#check}: rejected when its id is taken, when it overlaps another
     * window of the same clinician, or when it would close a cycle (A covers B while B covers A).
     */
    void add(CoverageWindow window) throws CoverageException;

    /** Removes a window; returns false when no window has that id. */
    boolean remove(String id);
}
