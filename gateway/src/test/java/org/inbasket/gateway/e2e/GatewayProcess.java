package org.inbasket.gateway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real gateway ({@code java -jar gateway.jar}) as a child process on free loopback ports, with the
 * shipped {@code conf/}, a data directory of the test's, and the database chosen by the test run
 * ({@link TestDatabase}). Output is captured so that failures show what the gateway said.
 */
public final class GatewayProcess implements AutoCloseable {
    public static final Path JAR = Path.of(System.getProperty("gateway.it.jar", "target/gateway.jar"));
    public static final Path CONF = Path.of(System.getProperty("gateway.it.conf", "../conf"));
    /** How long {@link #start} waits for "gateway ready"; {@code -Dgateway.it.start.timeout.seconds} raises it on a loaded machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("gateway.it.start.timeout.seconds", 120));

    public final int smtpPort;
    public final int submissionPort;
    public final int imapPort;
    public final int imapsPort;
    public final int adminPort;
    public final int portalPort;
    private final Path dataDir;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private List<String> jvmOptions = List.of("-Xmx512m");
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Process process;
    private Thread readerThread;
    private long readyMillis;

    public GatewayProcess(Path dataDir, TestDatabase database, int relayPort) {
        this.dataDir = dataDir;
        this.smtpPort = freePort();
        this.submissionPort = freePort();
        this.imapPort = freePort();
        this.imapsPort = freePort();
        this.adminPort = freePort();
        this.portalPort = freePort();
        env.put("GATEWAY_BIND_ADDRESS", "127.0.0.1");
        env.put("GATEWAY_SMTP_PORT", Integer.toString(smtpPort));
        env.put("GATEWAY_SUBMISSION_PORT", Integer.toString(submissionPort));
        env.put("GATEWAY_IMAP_PORT", Integer.toString(imapPort));
        env.put("GATEWAY_IMAPS_PORT", Integer.toString(imapsPort));
        env.put("GATEWAY_ADMIN_PORT", Integer.toString(adminPort));
        env.put("GATEWAY_PORTAL_PORT", Integer.toString(portalPort));
        env.put("GATEWAY_RELAY_HOST", "127.0.0.1");
        env.put("GATEWAY_RELAY_PORT", Integer.toString(relayPort));
        env.put("GATEWAY_RELAY_RETRY_DELAYS", "1 second");
        env.put("GATEWAY_SPOOLER_THREADS", "4");
        env.putAll(database.environment());
    }

    public GatewayProcess withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Replaces the JVM options (default {@code -Xmx512m}); the benchmark runs with its own heap settings. */
    public GatewayProcess withJvmOptions(List<String> options) {
        jvmOptions = List.copyOf(options);
        return this;
    }

    /**
     * A loopback port nothing listens on now and that this JVM has not handed out before: the kernel may give the
     * same ephemeral port to two probes in a row, and a gateway whose admin and IMAPS ports clash refuses to start
     * (seen in CI).
     */
    public static int freePort() {
        synchronized (HANDED_OUT) {
            for (int attempt = 0; attempt < 100; attempt++) {
                try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    if (HANDED_OUT.add(socket.getLocalPort())) {
                        return socket.getLocalPort();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("no fresh loopback port after 100 probes");
        }
    }

    /** A copy of the shipped {@code conf/} (with its folders) in {@code target}, for a test to change. */
    public static Path copyOfShippedConf(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(CONF)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(CONF.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return target;
    }

    /**
     * A copy of the shipped {@code conf/} whose {@code portal.properties} has {@code public.url} set to this
     * process's portal on loopback, so links in notifications open as sent and a browser's Origin matches.
     */
    public Path confWithLoopbackPortal(Path target) throws IOException {
        Path conf = copyOfShippedConf(target);
        Path portalProperties = conf.resolve("portal.properties");
        String shipped = Files.readString(portalProperties, java.nio.charset.StandardCharsets.UTF_8);
        String line = "\npublic.url=https://portal.clinic.example\n";
        if (!shipped.contains(line)) {
            throw new IllegalStateException("the shipped portal.properties no longer has" + line);
        }
        Files.writeString(portalProperties, shipped.replace(line, "\npublic.url=https://127.0.0.1:" + portalPort
            + "\n"), java.nio.charset.StandardCharsets.UTF_8);
        return conf;
    }

    /** Starts with {@code --demo} and waits for "gateway ready". */
    public GatewayProcess start() {
        return start(List.of("--demo"));
    }

    /**
     * Starts the gateway and waits for "gateway ready". After {@link #kill9()} or {@link #stop()} it starts it
     * again on the same ports and data directory (the crash suite's restarts).
     */
    public GatewayProcess start(List<String> extraArgs) {
        int firstLine = output.size();
        Process p = launch(extraArgs);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> all = List.copyOf(output);
            List<String> lines = all.subList(firstLine, all.size());
            if (lines.stream().anyMatch(l -> l.startsWith("gateway ready in "))) {
                readyMillis = lines.stream().filter(l -> l.startsWith("gateway ready in ")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
                return this;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("gateway exited with " + p.exitValue() + ":\n" + output());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("gateway not ready after " + START_TIMEOUT + ":\n" + output());
    }

    /** Runs the gateway until it exits by itself (for configuration errors); returns the exit code. */
    public int runToExit(List<String> args, Duration timeout) throws InterruptedException {
        Process p = launch(args);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("gateway did not exit within " + timeout + ":\n" + output());
        }
        readerThread.join(TimeUnit.SECONDS.toMillis(10));
        return p.exitValue();
    }

    private Process launch(List<String> extraArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "--data", dataDir.toAbsolutePath().toString()));
        if (!extraArgs.contains("--conf")) {
            command.addAll(List.of("--conf", CONF.toAbsolutePath().toString()));
        }
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("[test harness: output closed: " + e.getMessage() + "]");
            }
        }, "gateway-output");
        reader.setDaemon(true);
        reader.start();
        readerThread = reader;
        return started;
    }

    /** The admin API with the token this gateway created in its data directory. */
    public AdminClient adminClient() throws IOException {
        return new AdminClient(adminPort, AdminClient.tokenOf(dataDir));
    }

    /** What {@code gateway.jar ... admin ARGS} printed (standard output and error together) and its exit code. */
    public record CliRun(int exitCode, String output) {
    }

    /**
     * Runs {@code java -jar gateway.jar --data <this data> --conf <conf> admin ARGS} as its own process with this
     * gateway's environment, so the client finds the API and the token the way an operator's shell would.
     */
    public CliRun admin(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("admin"));
        command.addAll(List.of(args));
        return command(command.toArray(String[]::new));
    }

    /** Runs {@code java -jar gateway.jar --data <this data> --conf <conf> ARGS} (a command such as backup) to its end. */
    public CliRun command(String... args) throws IOException, InterruptedException {
        // A short-lived client: the C1 compiler alone starts it in about two thirds of the time.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString(), "--data", dataDir.toAbsolutePath().toString(),
            "--conf", CONF.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        builder.environment().putAll(env);
        Process cli = builder.start();
        cli.getOutputStream().close();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(120, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IllegalStateException(String.join(" ", args) + " did not exit:\n" + output);
        }
        return new CliRun(cli.exitValue(), output);
    }

    /** SIGTERM; returns how long the process took to exit. */
    public Duration stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return Duration.ZERO;
        }
        long t0 = System.nanoTime();
        // ProcessHandle.destroy sends SIGTERM without closing our end of the pipes (Process.destroy does).
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("gateway ignored SIGTERM for 60 s:\n" + output());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        readerThread.join(TimeUnit.SECONDS.toMillis(10));
        keepLog();
        return took;
    }

    /** SIGKILL, as a power cut would: no shutdown hook runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** The operating-system process id of the running gateway. */
    public long pid() {
        return process.pid();
    }

    public long readyMillis() {
        return readyMillis;
    }

    public List<String> outputLines() {
        return List.copyOf(output);
    }

    public String output() {
        return String.join("\n", output);
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
        keepLog();
    }

    /** Copies the gateway's log out of the (temporary) data directory to target/e2e-logs for post-mortems. */
    private void keepLog() {
        Path log = dataDir.resolve("logs").resolve("gateway.log");
        if (!java.nio.file.Files.isRegularFile(log)) {
            return;
        }
        try {
            Path dir = java.nio.file.Files.createDirectories(Path.of("target", "e2e-logs"));
            java.nio.file.Files.copy(log, dir.resolve(dataDir.getFileName() + "-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime() + ".log"));
        } catch (java.io.IOException e) {
            System.err.println("could not keep the gateway log: " + e.getMessage());
        }
    }
}
