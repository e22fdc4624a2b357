package org.inbasket.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns run results into a Markdown report: one row per run, the ratio of each gateway run to the peer
 * on the same load, and issue 3's targets; plus a CSV of the figures and one of the delivery progress
 * curves (for charts).
 */
final class Report {
    static final String PEER = "james-memory-app";
    static final double TARGET_DELIVERED_PER_SECOND = 250;
    static final double TARGET_READY_SECONDS = 8;
    static final double TARGET_HEAP_MB = 512;
    static final double TARGET_AT_REST_RATIO = 0.80;

    private Report() {
    }

    static String markdown(List<RunResult> results, String conditions) {
        StringBuilder md = new StringBuilder();
        md.append(conditions).append("\n\n");
        md.append("| target | JVM | load | msgs | accepted/s | delivered/s | 2nd half/s | ready (s) | own ready line (s) "
            + "| peak heap used (MB) | live after GC (MB) | peak RSS (MB) | CPU ms/msg | stored as | load avg | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.0f | %s | %s | %.1f | %s | %.0f | %.0f | %.0f | %.2f | %s | %.1f | %d |%n",
                r.target(), r.jvmOptions().isEmpty() ? "default" : r.jvmOptions(), r.profile().name(),
                r.profile().messages(), r.acceptedPerSecond(),
                r.complete() ? String.format(Locale.ROOT, "%.0f", r.deliveredPerSecond()) : "incomplete",
                r.complete() ? String.format(Locale.ROOT, "%.0f", r.secondHalfPerSecond()) : "-",
                r.readiness().observedMillis() / 1000.0,
                r.readiness().reportedMillis() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.readiness().reportedMillis() / 1000.0),
                r.peakUsedMb(), r.peakAfterGcMb(), r.peakRssMb(), r.cpuMillisPerMessage(), r.storedAs(),
                r.loadAverageBefore(), r.rejected() + (r.complete() ? 0 : 1)));
        }
        latencies(results, md);
        atRest(results, md);
        List<String> ratios = ratios(results);
        if (!ratios.isEmpty()) {
            md.append("\nRatio gateway / ").append(PEER).append(" on the same load (same invocation; >1 means the gateway "
                + "has more of it):\n\n");
            md.append("| target | load | accepted/s | delivered/s | ready | peak heap | CPU per msg |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            ratios.forEach(md::append);
        }
        md.append("\nIssue 3 targets for the gateway (delivered >= 250/s, ready < 8 s, peak heap used < 512 MB):\n\n");
        for (RunResult r : results) {
            if (!r.target().equals(PEER)) {
                md.append(String.format(Locale.ROOT, "- %s, %s, %s: delivered %s, ready %s, heap %s%n",
                    r.target(), r.jvmOptions().isEmpty() ? "default JVM" : r.jvmOptions(), r.profile().name(),
                    verdict(r.complete() && r.deliveredPerSecond() >= TARGET_DELIVERED_PER_SECOND),
                    verdict(r.readiness().observedMillis() < TARGET_READY_SECONDS * 1000),
                    verdict(r.peakUsedMb() < TARGET_HEAP_MB)));
            }
        }
        for (RunResult r : results) {
            if (!r.errors().isEmpty()) {
                md.append("\nErrors, ").append(r.target()).append(" ").append(r.profile().name()).append(":\n");
                r.errors().forEach(e -> md.append("- ").append(e).append('\n'));
            }
        }
        return md.toString();
    }

    /** Issue 8's view: offered and achieved rates, accept-to-visible latency, CPU s/msg, peak memory. */
    private static void latencies(List<RunResult> results, StringBuilder md) {
        if (results.stream().noneMatch(r -> r.latency().measured())) {
            return;
        }
        md.append("\nAccept-to-visible latency (SMTP 250 to first seen over IMAP, by Message-ID, 100 ms polls):\n\n");
        md.append("| target | load | offered/s | accepted/s | delivered/s | p50 (s) | p95 (s) | p99 (s) | max (s) | timed "
            + "| CPU s/msg, server JVM | CPU s/msg, PostgreSQL backends | peak RSS (MB) | relayed out |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            RunResult.Latency l = r.latency();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %s | %.2f | %.2f | %.2f | %.2f | %d | %.3f | %s | %.0f | %s |%n",
                r.target(), r.profile().name(), r.offeredPerSecond() > 0 ? String.format(Locale.ROOT, "%.0f", r.offeredPerSecond())
                    : "saturation", r.acceptedPerSecond(),
                r.complete() ? String.format(Locale.ROOT, "%.1f", r.deliveredPerSecond()) : "incomplete",
                l.p50(), l.p95(), l.p99(), l.max(), l.count(), r.cpuMillisPerMessage() / 1000,
                r.databaseCpuSeconds() > 0 ? String.format(Locale.ROOT, "%.3f", r.databaseCpuMillisPerMessage() / 1000) : "-",
                r.peakRssMb(),
                r.relayed() < 0 ? "-" : Integer.toString(r.relayed())));
        }
    }

    /** Issue 4: the gateway with encryption at rest against the same pipeline without it, per load. */
    private static void atRest(List<RunResult> results, StringBuilder md) {
        List<String> rows = new ArrayList<>();
        for (RunResult encrypted : results) {
            if (!encrypted.target().equals("gateway")) {
                continue;
            }
            results.stream().filter(p -> p.target().equals("gateway-plain") && p.profile().equals(encrypted.profile()))
                .findFirst().ifPresent(plain -> rows.add(String.format(Locale.ROOT,
                    "| %s | %.1f (%s) | %.1f (%s) | %s | %.2f | %.2f | %s | %s |%n", encrypted.profile().name(),
                    encrypted.deliveredPerSecond(), encrypted.storedAs(), plain.deliveredPerSecond(), plain.storedAs(),
                    ratio(encrypted.deliveredPerSecond(), plain.deliveredPerSecond()), encrypted.cpuMillisPerMessage(),
                    plain.cpuMillisPerMessage(), ratio(plain.cpuMillisPerMessage(), encrypted.cpuMillisPerMessage()),
                    encrypted.complete() && plain.complete()
                        && encrypted.deliveredPerSecond() / plain.deliveredPerSecond() >= TARGET_AT_REST_RATIO
                        ? "met" : "MISSED")));
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("\nEncryption at rest (issue 4: gateway delivered/s at least ").append(TARGET_AT_REST_RATIO)
            .append(" of gateway-plain's, same pipeline with at.rest.plain.domains = clinic.example):\n\n");
        md.append("| load | gateway delivered/s (stored as) | gateway-plain delivered/s (stored as) | ratio delivered/s "
            + "| gateway CPU ms/msg | gateway-plain CPU ms/msg | ratio CPU/msg plain/encrypted | target >= 0.80 |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        rows.forEach(md::append);
    }

    private static List<String> ratios(List<RunResult> results) {
        List<String> rows = new ArrayList<>();
        for (RunResult r : results) {
            if (r.target().equals(PEER)) {
                continue;
            }
            Optional<RunResult> peer = results.stream()
                .filter(p -> p.target().equals(PEER) && p.profile().name().equals(r.profile().name())
                    && p.profile().messages() == r.profile().messages())
                .findFirst();
            peer.ifPresent(p -> rows.add(String.format(Locale.ROOT, "| %s %s | %s | %s | %s | %s | %s | %s |%n",
                r.target(), r.jvmOptions(), r.profile().name(),
                ratio(r.acceptedPerSecond(), p.acceptedPerSecond()),
                ratio(r.deliveredPerSecond(), p.deliveredPerSecond()),
                ratio(r.readiness().observedMillis(), p.readiness().observedMillis()),
                ratio(r.peakUsedMb(), p.peakUsedMb()),
                ratio(r.cpuMillisPerMessage(), p.cpuMillisPerMessage()))));
        }
        return rows;
    }

    private static String ratio(double a, double b) {
        return a > 0 && b > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "-";
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    static void writeFiles(Path dir, String markdown, List<RunResult> results) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown);
        StringBuilder csv = new StringBuilder("target,jvm,load,messages,sessions,accepted,rejected,accept_s,all_visible_s,"
            + "half_visible_s,accepted_per_s,delivered_per_s,ready_ms,own_ready_ms,peak_used_mb,after_gc_mb,committed_mb,"
            + "cpu_s,load_avg,offered_per_s,peak_rss_mb,stored_as,latency_count,latency_p50_s,latency_p95_s,latency_p99_s,"
            + "latency_max_s,relayed,database_cpu_s\n");
        StringBuilder curve = new StringBuilder("target,jvm,load,seconds,visible\n");
        for (RunResult r : results) {
            RunResult.Latency l = r.latency();
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.1f,%.1f,%d,%d,%.1f,%.1f,%.1f,%.2f,%.2f,"
                + "%.1f,%.1f,%s,%d,%.3f,%.3f,%.3f,%.3f,%d,%.2f%n",
                r.target(), r.jvmOptions(), r.profile().name(), r.profile().messages(), r.profile().sessions(),
                r.accepted(), r.rejected(), r.acceptSeconds(), r.allVisibleSeconds(), r.halfVisibleSeconds(),
                r.acceptedPerSecond(), r.deliveredPerSecond(), r.readiness().observedMillis(),
                r.readiness().reportedMillis(), r.peakUsedMb(), r.peakAfterGcMb(), r.peakCommittedMb(),
                r.cpuSeconds(), r.loadAverageBefore(), r.offeredPerSecond(), r.peakRssMb(), r.storedAs(), l.count(),
                l.p50(), l.p95(), l.p99(), l.max(), r.relayed(), r.databaseCpuSeconds()));
            for (MailboxWatcher.Point p : r.progress()) {
                curve.append(String.format(Locale.ROOT, "%s,%s,%s,%.3f,%d%n", r.target(), r.jvmOptions(), r.profile().name(),
                    (p.nanos() - r.startNanos()) / 1e9, p.visible()));
            }
        }
        Files.writeString(dir.resolve("results.csv"), csv);
        Files.writeString(dir.resolve("progress.csv"), curve);
    }
}
