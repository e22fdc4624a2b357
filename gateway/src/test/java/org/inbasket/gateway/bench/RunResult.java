package org.inbasket.gateway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What one run of one load against one target measured. Times are seconds from the first SMTP send. */
record RunResult(
    String target,
    String jvmOptions,
    LoadProfile profile,
    BenchTarget.Readiness readiness,
    int accepted,
    int rejected,
    double acceptSeconds,
    double allVisibleSeconds,
    double halfVisibleSeconds,
    double cpuSeconds,
    double peakUsedMb,
    double peakAfterGcMb,
    double peakCommittedMb,
    double loadAverageBefore,
    List<String> errors,
    List<MailboxWatcher.Point> progress,
    long startNanos,
    Latency latency,
    String storedAs,
    double peakRssMb,
    int relayed,
    double databaseCpuSeconds) {

    /**
     * Accept-to-visible latency in seconds (SMTP 250 to first seen over IMAP, matched by Message-ID) over the
     * {@code count} messages both accepted and seen; {@code count} 0 when the run did not track Message-IDs.
     */
    record Latency(int count, int untracked, double p50, double p95, double p99, double max) {
        static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

        static Latency of(long[] acceptedAtNanos, long[] visibleAtNanos, int untracked) {
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < acceptedAtNanos.length; i++) {
                if (acceptedAtNanos[i] != 0 && visibleAtNanos[i] != 0) {
                    seconds.add(Math.max(0, visibleAtNanos[i] - acceptedAtNanos[i]) / 1e9);
                }
            }
            if (seconds.isEmpty()) {
                return NONE;
            }
            Collections.sort(seconds);
            return new Latency(seconds.size(), untracked, percentile(seconds, 50), percentile(seconds, 95),
                percentile(seconds, 99), seconds.get(seconds.size() - 1));
        }

        /** Nearest-rank percentile of sorted values. */
        private static double percentile(List<Double> sorted, int p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }

        boolean measured() {
            return count > 0;
        }
    }

    double acceptedPerSecond() {
        return acceptSeconds > 0 ? accepted / acceptSeconds : 0;
    }

    /** Messages visible over IMAP per second, first send to last visible; 0 if not all became visible. */
    double deliveredPerSecond() {
        return complete() ? profile.messages() / allVisibleSeconds : 0;
    }

    /** Delivery rate over the second half of the messages, to show slow-down as mailboxes grow. */
    double secondHalfPerSecond() {
        return complete() && allVisibleSeconds > halfVisibleSeconds
            ? (profile.messages() - profile.messages() / 2) / (allVisibleSeconds - halfVisibleSeconds) : 0;
    }

    double cpuMillisPerMessage() {
        return cpuSeconds * 1000 / profile.messages();
    }

    /** CPU of the database server's backends for this run (PostgreSQL; 0 for embedded Derby, inside the JVM). */
    double databaseCpuMillisPerMessage() {
        return databaseCpuSeconds * 1000 / profile.messages();
    }

    /** Offered rate in messages per second; 0 means as fast as the sessions go (saturation). */
    double offeredPerSecond() {
        return profile.ratePerSecond();
    }

    boolean complete() {
        return allVisibleSeconds > 0;
    }
}
