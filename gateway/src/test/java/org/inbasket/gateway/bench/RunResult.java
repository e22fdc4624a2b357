package org.inbasket.gateway.bench;

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
    long startNanos) {

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

    boolean complete() {
        return allVisibleSeconds > 0;
    }
}
