package org.inbasket.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.Store;

import org.inbasket.gateway.e2e.GatewayProcess;
import org.inbasket.gateway.e2e.MailClients;

/**
 * The benchmark peer: the published {@code james-server-memory-app} (its runtime jars in {@code peerLib},
 * fetched by run-benchmark.sh), started from a fresh work directory holding the {@code conf/} that
 * {@link JamesMemoryAppConf} writes. Ready when SMTP greets and WebAdmin answers; then the demo domain and
 * users are created through WebAdmin (not counted in the ready time).
 */
final class JamesMemoryAppTarget implements BenchTarget {
    private static final String MAIN = "org.apache.james.MemoryJamesServerMain";

    private final Path peerLib;
    private final Path workDir;
    private final List<String> jvmOptions;
    private final List<String> users;
    private final int smtpPort = GatewayProcess.freePort();
    private final int imapPort = GatewayProcess.freePort();
    private final int webAdminPort = GatewayProcess.freePort();
    private Process process;

    JamesMemoryAppTarget(Path peerLib, Path workDir, List<String> jvmOptions, List<String> users) {
        this.peerLib = peerLib;
        this.workDir = workDir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.users = List.copyOf(users);
    }

    @Override
    public String name() {
        return "james-memory-app";
    }

    @Override
    public Readiness start() throws Exception {
        if (!Files.isRegularFile(peerLib.resolve("james-server-memory-app-3.8.1.jar"))) {
            throw new IllegalStateException("no james-server-memory-app jars in " + peerLib + " (run-benchmark.sh fetches them)");
        }
        Files.createDirectories(workDir);
        JamesMemoryAppConf.write(workDir, smtpPort, imapPort, webAdminPort);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dworking.directory=" + workDir.toAbsolutePath(),
            "-Dlogback.configurationFile=" + workDir.resolve("conf/logback.xml").toAbsolutePath(),
            "-Dextra.props=" + workDir.resolve("conf/jvm.properties").toAbsolutePath(),
            "-cp", peerLib.toAbsolutePath() + "/*", MAIN));
        long launch = System.nanoTime();
        process = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectErrorStream(true).redirectOutput(workDir.resolve("console.log").toFile()).start();
        long ready = ReadinessProbe.awaitReady(launch, smtpPort, webAdminPort, process::isAlive, Duration.ofSeconds(120));
        provision();
        return new Readiness(ready, -1);
    }

    private void provision() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        put(http, "/domains/" + DOMAIN, HttpRequest.BodyPublishers.noBody());
        for (String user : users) {
            put(http, "/users/" + user, HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}"));
        }
    }

    private void put(HttpClient http, String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + path))
            .header("Content-Type", "application/json").PUT(body).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("WebAdmin PUT " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    @Override
    public int smtpPort() {
        return smtpPort;
    }

    @Override
    public Store imap(String user) throws MessagingException {
        return MailClients.imapPlain(imapPort, user, PASSWORD);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public String describeOutput() {
        return "see " + workDir.resolve("console.log") + " and " + workDir.resolve("james.log");
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
