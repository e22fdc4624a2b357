package org.inbasket.gateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches one server JVM from outside: heap through {@code jstat -gc PID 250} (one long-lived jstat that
 * reads the JVM's performance counters, so sampling costs the server nothing), and CPU time from
 * {@code /proc/PID/stat} (utime + stime). "Used" heap is S0U + S1U + EU + OU, which with a large maximum
 * heap mostly shows how lazily the collector runs; "live after GC" is S0U + S1U + OU (eden left out) in the
 * first sample after a collection count changed, an upper bound of what the collector kept.
 */
final class ProcessMonitor implements AutoCloseable {
    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private final long pid;
    private final Process jstat;
    private final Thread reader;
    private volatile double peakUsedMb;
    private volatile double peakAfterGcMb;
    private volatile double peakCommittedMb;
    private volatile long collections = -1;

    ProcessMonitor(long pid) {
        this.pid = pid;
        Path jstatBin = Path.of(System.getProperty("java.home"), "bin", "jstat");
        try {
            jstat = new ProcessBuilder(jstatBin.toString(), "-gc", Long.toString(pid), "250")
                .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start jstat", e);
        }
        reader = new Thread(this::readSamples, "jstat-" + pid);
        reader.setDaemon(true);
        reader.start();
    }

    private void readSamples() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
            List<String> header = null;
            String line;
            while ((line = in.readLine()) != null) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 0 && cols[0].equals("S0C")) {
                    header = List.of(cols);
                    continue;
                }
                if (header == null || cols.length != header.size()) {
                    continue;
                }
                sample(header, cols);
            }
        } catch (IOException | NumberFormatException e) {
            // jstat ends when the JVM does
        }
    }

    private void sample(List<String> header, String[] cols) {
        double usedKb = value(header, cols, "S0U") + value(header, cols, "S1U") + value(header, cols, "EU")
            + value(header, cols, "OU");
        double committedKb = value(header, cols, "S0C") + value(header, cols, "S1C") + value(header, cols, "EC")
            + value(header, cols, "OC");
        long gcs = (long) (value(header, cols, "YGC") + value(header, cols, "FGC")
            + (header.contains("CGC") ? value(header, cols, "CGC") : 0));
        peakUsedMb = Math.max(peakUsedMb, usedKb / 1024);
        peakCommittedMb = Math.max(peakCommittedMb, committedKb / 1024);
        if (collections >= 0 && gcs != collections) {
            double keptKb = usedKb - value(header, cols, "EU");
            peakAfterGcMb = Math.max(peakAfterGcMb, keptKb / 1024);
        }
        collections = gcs;
    }

    private static double value(List<String> header, String[] cols, String name) {
        String v = cols[header.indexOf(name)];
        return v.equals("-") ? 0 : Double.parseDouble(v);
    }

    /** CPU seconds (user + system) the process has used so far. */
    double cpuSeconds() {
        double seconds = cpuSecondsOf(pid);
        if (seconds < 0) {
            throw new IllegalStateException("cannot read CPU time of " + pid);
        }
        return seconds;
    }

    /** CPU seconds (user + system) process {@code pid} has used so far; -1 if it is gone. */
    static double cpuSecondsOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return (double) ticks / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU seconds per process for {@code pids} now (gone processes left out). */
    static Map<Long, Double> cpuSecondsOf(List<Long> pids) {
        Map<Long, Double> cpu = new HashMap<>();
        for (long p : pids) {
            double seconds = cpuSecondsOf(p);
            if (seconds >= 0) {
                cpu.put(p, seconds);
            }
        }
        return cpu;
    }

    /** CPU used by {@code after}'s processes since {@code before} (a process new since then counts from zero). */
    static double cpuSince(Map<Long, Double> before, Map<Long, Double> after) {
        double sum = 0;
        for (java.util.Map.Entry<Long, Double> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
        }
        return sum;
    }

    /** The process's peak resident set (VmHWM from /proc: heap, metaspace, threads, direct buffers, code). */
    double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    double peakUsedMb() {
        return peakUsedMb;
    }

    double peakAfterGcMb() {
        return peakAfterGcMb;
    }

    double peakCommittedMb() {
        return peakCommittedMb;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** The machine's 1-minute load average, for the report's conditions. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return -1;
        }
    }


    @Override
    public void close() {
        jstat.destroy();
    }
}
