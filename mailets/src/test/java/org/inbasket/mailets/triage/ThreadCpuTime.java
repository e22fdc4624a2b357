package org.inbasket.mailets.triage;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The calling thread's CPU time, for regression guards against quadratic paths: unlike wall time, it does not grow
 * when a loaded machine deschedules the test, so only the work itself can fail the guard.
 */
public final class ThreadCpuTime {
    private ThreadCpuTime() {
    }

    /** The current thread's CPU time so far, in nanoseconds (pass it to {@link #since}). */
    public static long now() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The CPU time the current thread spent since {@code start} (from {@link #now}). */
    public static Duration since(long start) {
        return Duration.ofNanos(now() - start);
    }
}
