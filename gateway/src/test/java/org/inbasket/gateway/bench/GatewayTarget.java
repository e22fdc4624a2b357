package org.inbasket.gateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.MessagingException;
import javax.mail.Store;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.inbasket.gateway.e2e.GatewayProcess;
import org.inbasket.gateway.e2e.MailClients;
import org.inbasket.gateway.e2e.NullSenderShim;
import org.inbasket.gateway.e2e.TestDatabase;

/**
 * Our gateway ({@code gateway.jar --demo}) through the end-to-end harness's {@link GatewayProcess}: shipped
 * {@code conf/}, a fresh data directory, a fresh database ({@code derby}: embedded, the default; {@code postgres}:
 * a new database on the server named by {@code GATEWAY_TEST_PG_URL}, see {@link TestDatabase}). Settings in
 * {@code env} override {@code gateway.properties} (e.g. {@code GATEWAY_AT_REST_PLAIN_DOMAINS}), the shipped
 * pipeline stays as it is. The load goes to the MX port; IMAP uses STARTTLS, as the gateway requires.
 */
final class GatewayTarget implements BenchTarget {
    private final String name;
    private final Path dataDir;
    private final List<String> jvmOptions;
    private final Map<String, String> env;
    private final String databaseKind;
    private TestDatabase database;
    private GreenMail relay;
    private NullSenderShim shim;
    private GatewayProcess gateway;

    GatewayTarget(String name, Path dataDir, List<String> jvmOptions, Map<String, String> env, String databaseKind) {
        this.name = name;
        this.dataDir = dataDir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.env = Map.copyOf(env);
        this.databaseKind = databaseKind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Readiness start() throws Exception {
        // The outside world for what the gateway relays (urgent autoreplies, sent with a null return path,
        // which GreenMail needs the shim for): a sink that takes everything.
        relay = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        shim = new NullSenderShim(relay.getSmtp().getPort());
        database = TestDatabase.create(databaseKind);
        gateway = new GatewayProcess(dataDir, database, shim.port())
            .withEnv("GATEWAY_SPOOLER_THREADS", System.getProperty("bench.gateway.spooler.threads", "8"))
            .withJvmOptions(jvmOptions);
        env.forEach(gateway::withEnv);
        // Probe from outside while the gateway starts, exactly as for the peer.
        long launch = System.nanoTime();
        AtomicLong observed = new AtomicLong(-1);
        AtomicReference<Exception> probeFailure = new AtomicReference<>();
        Thread probe = new Thread(() -> {
            try {
                observed.set(ReadinessProbe.awaitReady(launch, gateway.smtpPort, gateway.adminPort,
                    () -> true, Duration.ofSeconds(120)));
            } catch (Exception e) {
                probeFailure.set(e);
            }
        }, "readiness-probe");
        probe.start();
        try {
            gateway.start();
        } catch (RuntimeException e) {
            probe.interrupt();
            throw e;
        }
        probe.join();
        if (probeFailure.get() != null) {
            throw probeFailure.get();
        }
        return new Readiness(observed.get(), gateway.readyMillis());
    }

    @Override
    public int smtpPort() {
        return gateway.smtpPort;
    }

    @Override
    public Store imap(String user) throws MessagingException {
        return MailClients.imap(gateway.imapPort, user, PASSWORD);
    }

    @Override
    public List<Long> helperPids() {
        return database == null ? List.of() : database.serverPids();
    }

    @Override
    public int relayed() {
        return relay == null ? 0 : relay.getReceivedMessages().length;
    }

    @Override
    public long pid() {
        return gateway.pid();
    }

    @Override
    public String describeOutput() {
        List<String> lines = gateway == null ? List.of() : gateway.outputLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        try {
            if (gateway != null) {
                gateway.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (database != null) {
                database.close();
            }
            if (shim != null) {
                try {
                    shim.close();
                } catch (IOException ignored) {
                    // the run is over
                }
            }
            if (relay != null) {
                relay.stop();
            }
        }
    }
}
