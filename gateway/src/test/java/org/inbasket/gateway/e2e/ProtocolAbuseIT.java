package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Issue 8, SMTP abuse and TLS through the running gateway: the size limit (552), the recipient limit (452 after
 * 100), over-long lines, a pipelined flood, slow and idle clients, all while an ordinary client's mail still
 * reaches IMAP within a bound; only TLS 1.2 and 1.3 on every TLS listener; no AUTH before STARTTLS on
 * submission. The size limit is set to 1 MB here ({@code GATEWAY_SMTP_MAX_MESSAGE_SIZE}) to keep the test
 * short; the shipped 50M works the same way. Protocol-level only: runs on Derby alone (see docs/reliability.md).
 */
class ProtocolAbuseIT {
    private static final Duration NORMAL_DELIVERY_BOUND = Duration.ofSeconds(60);

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static GreenMail outside;
    static NullSenderShim shim;
    static TestDatabase database;
    static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        database = TestDatabase.create();
        shim = new NullSenderShim(outside.getSmtp().getPort());
        gateway = new GatewayProcess(data, database, shim.port()).withEnv("GATEWAY_SMTP_MAX_MESSAGE_SIZE", "1M").start();
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.stopAll(gateway, database, shim, outside);
    }

    @Test
    void aMessageOverTheSizeLimitShouldGet552() throws Exception {
        try (RawSmtp smtp = RawSmtp.open(gateway.smtpPort)) {
            assertThat(smtp.command("EHLO outside.example", 250).text()).contains("SIZE 1048576");
            assertThat(smtp.command("MAIL FROM:<big@outside.example> SIZE=2000000").code()).isEqualTo(552);

            byte[] big = ("From: big@outside.example\r\nSubject: scan\r\n\r\n" + "0123456789abcdef0123456789abcdef\r\n".repeat(50_000))
                .getBytes(StandardCharsets.US_ASCII);
            RawSmtp.Reply reply = smtp.send("big@outside.example", "dr.grey@clinic.example", big);
            assertThat(reply.code()).as(reply.text()).isEqualTo(552);
            assertThat(smtp.command("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void theHundredAndFirstRecipientShouldGet452() throws Exception {
        try (RawSmtp smtp = RawSmtp.open(gateway.submissionPort)) {
            smtp.command("EHLO client.example", 250);
            smtp.startTls("client.example");
            smtp.authPlain("dr.grey@clinic.example", "demo");
            smtp.command("MAIL FROM:<dr.grey@clinic.example>", 250);
            for (int i = 1; i <= 100; i++) {
                smtp.command("RCPT TO:<r" + i + "@outside.example>", 250);
            }
            RawSmtp.Reply refused = smtp.command("RCPT TO:<r101@outside.example>");
            assertThat(refused.code()).as(refused.text()).isEqualTo(452);
            assertThat(refused.text()).contains("4.5.3");
            smtp.command("RSET", 250);
        }
    }

    @Test
    void anOverLongCommandLineShouldGet500AndTheSessionShouldGoOn() throws Exception {
        try (RawSmtp smtp = RawSmtp.open(gateway.smtpPort)) {
            RawSmtp.Reply reply = smtp.command("EHLO " + "a".repeat(100_000));
            assertThat(reply.code()).as(reply.text()).isEqualTo(500);
            assertThat(smtp.command("EHLO outside.example").code()).isEqualTo(250);
        }
    }

    /**
     * James 3.8.1 frames every line at 8,192 bytes: a longer line in DATA is dropped and answered with 500 at once,
     * and the message goes on (the final dot then gets 250: the message arrives without that line). This pins the
     * 500 and that the server goes on; the truncation is an open limit in docs/reliability.md, "Known limits".
     */
    @Test
    void anOverLongLineInDataShouldBeAnsweredWith500AndTheServerShouldGoOn() throws Exception {
        byte[] message = ("From: long@outside.example\r\nTo: dr.grey@clinic.example\r\nSubject: long line\r\n\r\nbefore\r\n"
            + "x".repeat(100_000) + "\r\nafter\r\n").getBytes(StandardCharsets.US_ASCII);
        try (RawSmtp smtp = RawSmtp.open(gateway.smtpPort)) {
            smtp.command("EHLO outside.example", 250);
            RawSmtp.Reply first = smtp.send("long@outside.example", "dr.grey@clinic.example", message);
            assertThat(first.code()).as(first.text()).isEqualTo(500);
            assertThat(first.text()).contains("Line length exceeded");
            RawSmtp.Reply afterDot = smtp.reply();
            System.out.println("ProtocolAbuseIT: reply to the final dot after a 100 kB line: " + afterDot.text().strip());
            assertThat(smtp.command("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void floodsAndSlowClientsShouldNotStopAnOrdinaryClientFromBeingServed() throws Exception {
        AtomicBoolean abuse = new AtomicBoolean(true);
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Socket> idle = new ArrayList<>();
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        List<Future<Integer>> floods = new ArrayList<>();
        try {
            for (int i = 0; i < 15; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), gateway.smtpPort));
                idle.add(new Socket(InetAddress.getLoopbackAddress(), gateway.submissionPort));
            }
            for (int i = 0; i < 10; i++) {
                slow.add(new Socket(InetAddress.getLoopbackAddress(), gateway.smtpPort));
            }
            // Slowloris: one byte of an endless EHLO line to every slow client each DRIBBLE_PAUSE_MS.
            AtomicInteger nextByte = new AtomicInteger();
            pace.scheduleAtFixedRate(() -> dribble(slow, nextByte.getAndIncrement()), 0, DRIBBLE_PAUSE_MS,
                TimeUnit.MILLISECONDS);
            for (int i = 0; i < 3; i++) {
                floods.add(pool.submit(() -> pipelinedFlood(gateway.smtpPort, 2_000)));
                pool.submit(() -> overLongLines(gateway.smtpPort, abuse));
            }

            long start = System.nanoTime();
            // A clinical question: triage keeps it with the clinician (an appointment request would go to a pool).
            MimeMessage normal = MailClients.message("ordinary@outside.example", "dr.grey@clinic.example", "my knee",
                "Is it fine to keep walking on it?");
            String id = normal.getMessageID();
            MailClients.sendToMx(gateway.smtpPort, normal);
            await().atMost(NORMAL_DELIVERY_BOUND).ignoreExceptionsInstanceOf(javax.mail.MessagingException.class)
                .until(() -> MailClients.countById(MailClients.inbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null), id) == 1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("ProtocolAbuseIT: ordinary SMTP->IMAP delivery during the abuse took " + took.toMillis() + " ms");

            for (Future<Integer> flood : floods) {
                assertThat(flood.get(120, TimeUnit.SECONDS)).as("replies to a flood of 2,000 pipelined commands").isEqualTo(2_000);
            }
        } finally {
            abuse.set(false);
            pace.shutdownNow();
            for (Socket socket : idle) {
                socket.close();
            }
            for (Socket socket : slow) {
                socket.close();
            }
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(gateway.isAlive()).isTrue();
        try (RawSmtp smtp = RawSmtp.open(gateway.smtpPort)) {
            assertThat(smtp.command("EHLO outside.example").code()).isEqualTo(250);
        }
    }

    /** The slow clients' pace: one byte per client this often, as a slowloris client sends. */
    private static final long DRIBBLE_PAUSE_MS = 200;
    private static final byte[] SLOW_LINE = "EHLO slow.example.".repeat(1000).getBytes(StandardCharsets.US_ASCII);

    /** Sends byte {@code index} of {@link #SLOW_LINE} to each slow client (called every {@link #DRIBBLE_PAUSE_MS} ms). */
    private static void dribble(List<Socket> slow, int index) {
        if (index >= SLOW_LINE.length) {
            return;
        }
        for (Socket socket : slow) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(SLOW_LINE[index]);
                out.flush();
            } catch (IOException e) {
                // the server may close a slow client: that is allowed
            }
        }
    }

    /** {@code count} commands in one write; returns how many replies came back. */
    private static int pipelinedFlood(int port, int count) throws IOException {
        try (RawSmtp smtp = RawSmtp.open(port)) {
            smtp.command("EHLO flood.example", 250);
            StringBuilder commands = new StringBuilder();
            for (int i = 0; i < count; i++) {
                commands.append(i % 3 == 0 ? "NOOP" : i % 3 == 1 ? "MAIL FROM:<flood@outside.example>" : "RSET").append("\r\n");
            }
            smtp.write(commands.toString().getBytes(StandardCharsets.US_ASCII));
            int replies = 0;
            for (int i = 0; i < count; i++) {
                smtp.reply();
                replies++;
            }
            return replies;
        }
    }

    /** Over-long command lines, again and again, on fresh connections. */
    private static Void overLongLines(int port, AtomicBoolean go) {
        byte[] longLine = ("HELO " + "z".repeat(100_000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        while (go.get()) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(30_000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < 5; i++) {
                    out.write(longLine);
                }
                out.flush();
                in.readNBytes(512);
            } catch (IOException e) {
                // closed by the server: allowed
            }
        }
        return null;
    }

    // ---- TLS ----

    @Test
    void everyTlsListenerShouldOfferOnlyTls12And13() throws Exception {
        Openssl openssl = new Openssl(work);
        assertThat(TlsProbe.controlServerAcceptsTls11(openssl, work))
            .as("control: this openssl client can negotiate TLS 1.1 with a server that allows it").isTrue();
        List<String> problems = new ArrayList<>();
        for (TlsProbe.Endpoint endpoint : List.of(
            new TlsProbe.Endpoint("SMTP STARTTLS", gateway.smtpPort, "smtp"),
            new TlsProbe.Endpoint("submission STARTTLS", gateway.submissionPort, "smtp"),
            new TlsProbe.Endpoint("IMAP STARTTLS", gateway.imapPort, "imap"),
            new TlsProbe.Endpoint("IMAPS", gateway.imapsPort, null),
            new TlsProbe.Endpoint("portal HTTPS", gateway.portalPort, null))) {
            for (String version : List.of("tls1", "tls1_1", "tls1_2", "tls1_3")) {
                Optional<String> negotiated = TlsProbe.handshake(endpoint, version);
                boolean modern = version.equals("tls1_2") || version.equals("tls1_3");
                if (modern && negotiated.isEmpty()) {
                    problems.add(endpoint.name() + " refused " + version);
                } else if (!modern && negotiated.isPresent()) {
                    problems.add(endpoint.name() + " accepted " + version + " (" + negotiated.get() + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theMxShouldRefuseAuthWithAndWithoutTls() throws Exception {
        String token = java.util.Base64.getEncoder().encodeToString("\0dr.grey@clinic.example\0demo".getBytes(StandardCharsets.UTF_8));
        try (RawSmtp smtp = RawSmtp.open(gateway.smtpPort)) {
            assertThat(smtp.command("EHLO outside.example", 250).text()).doesNotContainPattern("(?m)^250[- ]AUTH");
            assertThat(smtp.command("AUTH PLAIN " + token).code()).isEqualTo(530);
            assertThat(smtp.startTls("outside.example").text()).doesNotContainPattern("(?m)^250[- ]AUTH");
            assertThat(smtp.command("AUTH PLAIN " + token).code()).isEqualTo(502);
        }
    }

    @Test
    void submissionShouldNeitherOfferNorAcceptAuthBeforeStartTls() throws Exception {
        try (RawSmtp smtp = RawSmtp.open(gateway.submissionPort)) {
            RawSmtp.Reply ehlo = smtp.command("EHLO client.example", 250);
            assertThat(ehlo.text()).contains("STARTTLS").doesNotContainPattern("(?m)^250[- ]AUTH");
            String token = java.util.Base64.getEncoder().encodeToString("\0dr.grey@clinic.example\0demo".getBytes(StandardCharsets.UTF_8));
            RawSmtp.Reply auth = smtp.command("AUTH PLAIN " + token);
            assertThat(auth.code()).as(auth.text()).isEqualTo(530);
            assertThat(auth.text()).contains("5.7.0 Must issue a STARTTLS command first");
            RawSmtp.Reply relay = smtp.command("MAIL FROM:<dr.grey@clinic.example>");
            if (relay.code() == 250) {
                assertThat(smtp.command("RCPT TO:<someone@outside.example>").code()).isBetween(500, 599);
            }
            smtp.command("RSET");
            RawSmtp.Reply afterTls = smtp.startTls("client.example");
            assertThat(afterTls.text()).containsPattern("(?m)^250[- ]AUTH .*PLAIN");
            smtp.authPlain("dr.grey@clinic.example", "demo");
        }
    }
}
