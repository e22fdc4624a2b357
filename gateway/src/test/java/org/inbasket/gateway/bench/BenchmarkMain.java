package org.inbasket.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 3's benchmark: the same SMTP→IMAP load against the published {@code james-server-memory-app} and
 * against the gateway, one after another, each freshly started; prints a Markdown report with ratios and
 * writes it, with CSVs, under {@code --out}. Run it with {@code gateway/bench/run-benchmark.sh}, which
 * builds, fetches the peer and passes these options through:
 *
 * <pre>
 * --messages N          messages of the main load, spread over the three demo clinicians (4000; 0 skips it)
 * --single-messages N   messages of the one-mailbox load, to dr.grey only (1000; 0 skips it)
 * --sessions N          concurrent SMTP sessions (8)
 * --size BYTES          message size (2048) of the fixed profile
 * --sizes LIST          several sizes of the fixed profile, one load each, e.g. 2048,51200,512000 (--size)
 * --prefills LIST       stored mailbox sizes for the one-mailbox load: dr.grey's INBOX gets that many 2 KB
 *                       messages over IMAP APPEND before the load, e.g. 0,10000,100000 (0)
 * --profile NAME        fixed (every message --size bytes of text from one outside sender) or mix (issue 8's
 *                       mix, see {@link MixedMessages})
 * --rates LIST          offered rates in messages/s, one load each; 0 is as fast as the sessions go
 *                       (saturation); e.g. 50,0 (0)
 * --latency true        track each message by Message-ID over IMAP: accept-to-visible p50/p95/p99 (false)
 * --targets LIST        james-memory-app, gateway, gateway-plain, gateway-xmx512m, gateway-pg
 *                       (james-memory-app,gateway,gateway-plain,gateway-xmx512m)
 * --timeout-seconds N   give up waiting for delivery of one run after this long (600)
 * --peer-lib DIR        the peer's runtime jars (target/bench/james-memory-app/lib)
 * --out DIR             where reports go (target/bench/results)
 * --jfr true            record each server with Java Flight Recorder (profile.jfr in its run directory)
 * </pre>
 *
 * "gateway" and "james-memory-app" run with the JVM's default heap (both alike); "gateway-xmx512m" runs the
 * gateway again with -Xmx512m to show it fits. "gateway-plain" is the gateway with the same shipped pipeline
 * but {@code GATEWAY_AT_REST_PLAIN_DOMAINS=clinic.example}: no encryption at rest (issue 4's comparison).
 * "gateway-pg" is the gateway on PostgreSQL (a fresh database on {@code GATEWAY_TEST_PG_URL} with
 * {@code GATEWAY_TEST_PG_USER}/{@code GATEWAY_TEST_PG_PASSWORD}, as the end-to-end suite's). The
 * one-mailbox load runs on all but gateway-xmx512m. Besides the report, chart.png shows delivered/s per
 * target and load and, with --latency, the latency percentiles.
 */
public final class BenchmarkMain {
    static final List<String> DEMO_USERS = List.of("dr.grey@clinic.example", "dr.house@clinic.example",
        "nurse.joy@clinic.example");

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int messages = Integer.parseInt(o.getOrDefault("messages", "4000"));
        int single = Integer.parseInt(o.getOrDefault("single-messages", "1000"));
        int sessions = Integer.parseInt(o.getOrDefault("sessions", "8"));
        int size = Integer.parseInt(o.getOrDefault("size", "2048"));
        long timeout = Long.parseLong(o.getOrDefault("timeout-seconds", "600")) * 1000;
        List<String> targets = Arrays.asList(o.getOrDefault("targets",
            "james-memory-app,gateway,gateway-plain,gateway-xmx512m").split(","));
        List<Double> rates = Arrays.stream(o.getOrDefault("rates", "0").split(",")).map(Double::valueOf).toList();
        boolean latency = Boolean.parseBoolean(o.getOrDefault("latency", "false"));
        Path peerLib = Path.of(o.getOrDefault("peer-lib", "target/bench/james-memory-app/lib"));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = Path.of(o.getOrDefault("out", "target/bench/results")).resolve(stamp);
        boolean jfr = Boolean.parseBoolean(o.getOrDefault("jfr", "false"));
        targets.forEach(t -> target(t, peerLib, out, List.of())); // unknown names fail before anything runs

        String profile = o.getOrDefault("profile", "fixed");
        List<Integer> sizes = Arrays.stream(o.getOrDefault("sizes", String.valueOf(size)).split(","))
            .map(Integer::valueOf).toList();
        List<Integer> prefills = Arrays.stream(o.getOrDefault("prefills", "0").split(",")).map(Integer::valueOf).toList();
        List<MessageSource> sources = new ArrayList<>();
        switch (profile) {
            case "fixed" -> sizes.forEach(bytes -> sources.add(new FixedSizeMessages(bytes)));
            case "mix" -> sources.add(new MixedMessages());
            default -> throw new IllegalArgumentException("--profile is fixed or mix, not " + profile);
        }
        String described = String.join(" / ", sources.stream().map(MessageSource::describe).toList());
        List<LoadProfile> loads = new ArrayList<>();
        for (double rate : rates) {
            for (MessageSource each : sources) {
                String at = (rate > 0 ? String.format(Locale.ROOT, " @%.0f/s", rate) : "")
                    + (sources.size() > 1 ? ", " + each.describe() : "");
                if (messages > 0) {
                    loads.add(new LoadProfile("3 mailboxes" + at, messages, sessions, DEMO_USERS, each, rate));
                }
                for (int prefill : prefills) {
                    if (single > 0) {
                        String stored = prefills.size() > 1 || prefill > 0 ? ", " + prefill + " stored" : "";
                        loads.add(new LoadProfile("1 mailbox" + at + stored, single, sessions,
                            List.of(DEMO_USERS.get(0)), each, rate, prefill));
                    }
                }
            }
        }
        if (loads.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: --messages and --single-messages are both 0");
        }

        List<RunResult> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (LoadProfile load : loads) {
            for (String name : targets) {
                if (load.recipients().size() == 1 && name.equals("gateway-xmx512m")) {
                    continue;
                }
                List<String> jvm = name.equals("gateway-xmx512m") ? List.of("-Xmx512m") : List.of();
                Path work = out.resolve("runs").resolve(name + "-" + load.recipients().size() + "mbox"
                    + (load.ratePerSecond() > 0 ? String.format(Locale.ROOT, "-%.0fps", load.ratePerSecond()) : "")
                    + (sources.size() > 1 ? "-" + load.source().describe().replaceAll("[^A-Za-z0-9]+", "") : "")
                    + (load.prefill() > 0 ? "-" + load.prefill() + "stored" : ""))
                    .toAbsolutePath();
                List<String> launchOptions = new ArrayList<>(jvm);
                if (jfr) {
                    launchOptions.add("-XX:StartFlightRecording=settings=profile,filename=" + work.resolve("profile.jfr"));
                }
                System.out.printf("== %s, %s: %d x %s over %d sessions, %s%n", name, load.name(), load.messages(),
                    load.source().describe(), load.sessions(), load.ratePerSecond() > 0 ? "offered " + load.ratePerSecond() + "/s"
                        : "saturation");
                Files.createDirectories(work);
                try (BenchTarget target = target(name, peerLib, work, launchOptions)) {
                    RunResult r = BenchmarkRun.execute(target, String.join(" ", jvm), load, timeout, latency);
                    System.out.printf("   ready %.1f s, accepted %.0f/s, delivered %s/s, peak heap %.0f MB, CPU %.2f ms/msg%n",
                        r.readiness().observedMillis() / 1000.0, r.acceptedPerSecond(),
                        r.complete() ? String.format("%.0f", r.deliveredPerSecond()) : "incomplete",
                        r.peakUsedMb(), r.cpuMillisPerMessage());
                    System.out.printf("   stored as %s, peak RSS %.0f MB%s%n", r.storedAs(), r.peakRssMb(),
                        r.latency().measured() ? String.format(Locale.ROOT, ", latency p50 %.2f s p95 %.2f s p99 %.2f s",
                            r.latency().p50(), r.latency().p95(), r.latency().p99()) : "");
                    if (!r.complete()) {
                        System.out.println(target.describeOutput());
                    }
                    results.add(r);
                } catch (Exception e) {
                    System.out.println("   run failed, left out of the report: " + e);
                    failed.add(name + ", " + load.name() + ": " + e.getMessage());
                }
            }
        }
        String conditions = String.format("Run %s on %d cores, %s %s; load: %s, %d sessions; load average at the end %.1f.",
            stamp, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
            System.getProperty("java.version"), described, sessions, ProcessMonitor.loadAverage());
        String report = Report.markdown(results, conditions)
            + (failed.isEmpty() ? "" : "\nFailed runs:\n- " + String.join("\n- ", failed) + "\n");
        Report.writeFiles(out, report, results);
        if (!results.isEmpty()) {
            Chart.write(out.resolve("chart.png"), results, stamp + ", " + described);
        }
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static BenchTarget target(String name, Path peerLib, Path work, List<String> jvm) {
        return switch (name) {
            case "james-memory-app" -> new JamesMemoryAppTarget(peerLib, work, jvm, DEMO_USERS);
            case "gateway", "gateway-xmx512m" -> new GatewayTarget(name, work, jvm, Map.of(), "derby");
            case "gateway-plain" -> new GatewayTarget(name, work, jvm,
                Map.of("GATEWAY_AT_REST_PLAIN_DOMAINS", BenchTarget.DOMAIN), "derby");
            case "gateway-pg" -> new GatewayTarget(name, work, jvm, Map.of(), "postgres");
            default -> throw new IllegalArgumentException("unknown target " + name
                + " (james-memory-app, gateway, gateway-plain, gateway-xmx512m, gateway-pg)");
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs; got " + args[i]);
            }
            String value = args[++i];
            if ((args[i - 1].equals("--jfr") || args[i - 1].equals("--latency"))
                && !value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException(args[i - 1] + " takes true or false, not " + value);
            }
            o.put(args[i - 1].substring(2), value);
        }
        List<String> known = List.of("messages", "single-messages", "sessions", "size", "targets", "timeout-seconds",
            "peer-lib", "out", "jfr", "profile", "rates", "latency", "sizes", "prefills");
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + known);
            }
        }
        return o;
    }
}
