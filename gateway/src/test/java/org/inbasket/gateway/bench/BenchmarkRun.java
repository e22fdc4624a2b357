package org.inbasket.gateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.mail.Folder;
import javax.mail.MessagingException;
import javax.mail.Store;

/**
 * One measured run: start a fresh target, offer the load over SMTP while an IMAP watcher counts what is
 * visible, and sample the server's heap and CPU. Knows nothing about which target or which load.
 */
final class BenchmarkRun {
    private BenchmarkRun() {
    }

    static RunResult execute(BenchTarget target, String jvmOptions, LoadProfile profile, long timeoutMillis,
                             boolean trackMessageIds) throws Exception {
        double load = ProcessMonitor.loadAverage();
        BenchTarget.Readiness readiness = target.start();
        MailboxPrefill.fill(target, profile.recipients().get(0), profile.prefill());
        Map<String, Integer> before = new java.util.LinkedHashMap<>();
        for (String recipient : profile.recipients()) {
            before.put(recipient, MailboxPrefill.count(target, recipient));
        }
        try (ProcessMonitor monitor = new ProcessMonitor(target.pid())) {
            double cpuBefore = monitor.cpuSeconds();
            Map<Long, Double> helpersBefore = ProcessMonitor.cpuSecondsOf(target.helperPids());
            MailboxWatcher watcher = new MailboxWatcher(target, profile, timeoutMillis, trackMessageIds, before);
            Thread watching = new Thread(watcher, "imap-watcher");
            watching.start();
            SmtpLoad.Outcome outcome = SmtpLoad.run(profile, target.smtpPort());
            watching.join();
            double cpu = monitor.cpuSeconds() - cpuBefore;
            double helperCpu = ProcessMonitor.cpuSince(helpersBefore, ProcessMonitor.cpuSecondsOf(target.helperPids()));
            Thread.sleep(600); // let jstat report the last samples
            List<String> errors = new ArrayList<>(outcome.errors());
            if (watcher.failure() != null) {
                errors.add(watcher.failure());
            }
            if (watcher.fetchErrors() != null) {
                errors.add(watcher.fetchErrors());
            }
            long start = outcome.startNanos();
            return new RunResult(target.name(), jvmOptions, profile, readiness, outcome.accepted(), outcome.rejected(),
                seconds(outcome.lastAcceptNanos() - start),
                watcher.allVisibleNanos() == 0 ? 0 : seconds(watcher.allVisibleNanos() - start),
                halfVisible(watcher.progress(), profile.messages(), start),
                cpu, monitor.peakUsedMb(), monitor.peakAfterGcMb(), monitor.peakCommittedMb(), load,
                errors, watcher.progress(), start,
                trackMessageIds ? RunResult.Latency.of(outcome.acceptedAtNanos(), watcher.visibleAtNanos(), watcher.untracked())
                    : RunResult.Latency.NONE,
                storedAs(target, profile.recipients().get(0)), monitor.peakRssMb(), target.relayed(), helperCpu);
        }
    }

    /**
     * How the newest message in the first recipient's INBOX is stored, as its top-level MIME type
     * ({@code application/pkcs7-mime} when encrypted at rest): the check that a target took the path it claims.
     */
    private static String storedAs(BenchTarget target, String user) {
        try {
            Store store = target.imap(user);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                int count = inbox.getMessageCount();
                String type = count == 0 ? "-" : inbox.getMessage(count).getContentType();
                inbox.close(false);
                return type.split(";")[0].trim().toLowerCase(Locale.ROOT);
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static double halfVisible(List<MailboxWatcher.Point> progress, int messages, long start) {
        for (MailboxWatcher.Point p : progress) {
            if (p.visible() >= messages / 2) {
                return seconds(p.nanos() - start);
            }
        }
        return 0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
