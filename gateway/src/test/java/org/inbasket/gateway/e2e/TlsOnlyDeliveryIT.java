package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery to a partner domain configured as TLS-only ({@code tls.only.domains}), against a real SMTP server that
 * offers STARTTLS (Debian's aiosmtpd, {@code starttls-peer.py}): the mail goes over TLS to a server whose
 * certificate chains to a trusted CA and names the host the gateway connected to; to a server with a self-signed
 * certificate, or one made out to another name, nothing is sent and the mail waits in its queue until a proper
 * server answers. The peer without STARTTLS at all is {@code ClinicalFlowIT}'s GreenMail.
 *
 * <p>The same gateway stores mail with the key transport Outlook and Thunderbird use themselves
 * ({@code smime.at.rest.rsa.key.transport = rsa-pkcs1v15}), as a clinic whose clients cannot open RSA-OAEP sets it.</p>
 */
class TlsOnlyDeliveryIT {
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final String PARTNER = "records@partner-tls.example";
    private static final String TRUST_PASSWORD = "trust-store-pass";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static Openssl openssl;
    static TestDatabase database;
    static GatewayProcess gateway;
    static AdminClient admin;
    static int peerPort;
    static Path script;
    static Peer peer;

    /** {key, certificate} of the partner's server: trusted and named localhost, self-signed, and for another name. */
    static Path[] trusted;
    static Path[] selfSigned;
    static Path[] otherName;

    @BeforeAll
    static void start() throws Exception {
        openssl = new Openssl(work.resolve("pki"));
        Path ca = partnerCa();
        trusted = issued("trusted", "localhost");
        otherName = issued("other-name", "mx.somewhere-else.example");
        selfSigned = selfSignedServer("self-signed", "localhost");
        Path trustStore = trustStoreWith(ca);
        script = peerScript();
        peerPort = GatewayProcess.freePort();

        database = TestDatabase.create();
        // The gateway connects to "localhost", the name the partner's certificate must carry, and trusts the
        // partner's CA through the JVM's standard trust-store properties (docs/conf/gateway.properties.md).
        gateway = new GatewayProcess(data, database, peerPort)
            .withEnv("GATEWAY_RELAY_HOST", "localhost")
            .withEnv("GATEWAY_RELAY_MAX_RETRIES", "60")
            .withEnv("GATEWAY_TLS_ONLY_DOMAINS", "partner-tls.example")
            .withEnv("GATEWAY_SMIME_AT_REST_RSA_KEY_TRANSPORT", "rsa-pkcs1v15")
            .withJvmOptions(List.of("-Xmx512m", "-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStoreType=PKCS12", "-Djavax.net.ssl.trustStorePassword=" + TRUST_PASSWORD))
            .start();
        admin = gateway.adminClient();
    }

    @AfterEach
    void stopPeer() {
        if (peer != null) {
            peer.close();
            peer = null;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.stopAll(gateway, database);
    }

    @Test
    void mailToATlsOnlyDomainShouldGoOverVerifiedTlsToTheNamedServer() throws Exception {
        peer = Peer.start("good-first", trusted);
        String marker = UUID.randomUUID().toString();
        submit(marker);

        Received received = await().atMost(DELIVERY).until(() -> peer.find(marker), r -> r != null);
        assertThat(received.tlsProtocol()).as("TLS of the delivery").isIn("TLSv1.2", "TLSv1.3");
        assertThat(received.recipients()).containsExactly(PARTNER);
        // TLS instead of S/MIME: the partner's server gets the message itself, not an envelope.
        assertThat(received.message()).contains("Summary " + marker).doesNotContain("application/pkcs7-mime");
        assertThat(peer.events()).contains("ehlo tls");
        await().atMost(DELIVERY).until(() -> queueSize("outgoing-tls-only") == 0);
    }

    @Test
    void aServerWithAnUntrustedOrWronglyNamedCertificateShouldGetNothingAndTheMailShouldWaitForAProperOne()
        throws Exception {
        List<String> markers = new ArrayList<>();
        for (Path[] wrong : List.of(selfSigned, otherName)) {
            String name = wrong == selfSigned ? "self-signed" : "other-name";
            peer = Peer.start(name, wrong);
            String marker = UUID.randomUUID().toString();
            markers.add(marker);
            submit(marker);
            // At least two attempts met this server: each said EHLO in clear, asked for STARTTLS, refused the
            // certificate and left, so the server never saw an EHLO inside TLS, nor any message.
            await(name).atMost(DELIVERY).until(() -> peer.events().stream().filter("ehlo clear"::equals).count() >= 2);
            assertThat(peer.events()).as(name).doesNotContain("ehlo tls");
            assertThat(peer.messages()).as(name).isEmpty();
            assertThat(queueSize("outgoing-tls-only")).as(name).isGreaterThanOrEqualTo(1);
            peer.close();
            peer = null;
        }
        assertThat(gateway.output()).as("no content in the log").doesNotContain(markers.get(0)).doesNotContain(markers.get(1));

        // The partner fixes its server: both waiting messages go out, over TLS, and nothing was lost.
        peer = Peer.start("good-again", trusted);
        for (String marker : markers) {
            Received received = await(marker).atMost(DELIVERY).until(() -> peer.find(marker), r -> r != null);
            assertThat(received.tlsProtocol()).isIn("TLSv1.2", "TLSv1.3");
        }
        await().atMost(DELIVERY).until(() -> queueSize("outgoing-tls-only") == 0);
    }

    @Test
    void storedMailShouldUseTheConfiguredRsaKeyTransport() throws Exception {
        String marker = UUID.randomUUID().toString();
        MimeMessage m = MailClients.message("knee.patient@outside.example", "dr.grey@clinic.example", "my knee",
            "It is better since Monday. " + marker);
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);
        MailClients.Seen seen = MailClients.awaitInInbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null, id, DELIVERY);
        assertThat(seen.contentType()).startsWith("application/pkcs7-mime");

        String structure = new String(openssl.run(seen.raw(), "cms", "-cmsout", "-print"), StandardCharsets.UTF_8);
        assertThat(structure).contains("keyEncryptionAlgorithm").contains("algorithm: rsaEncryption")
            .doesNotContain("rsaesOaep");
        Path[] grey = openssl.unpack("dr.grey", admin.pkcs12("dr.grey@clinic.example", TRUST_PASSWORD), TRUST_PASSWORD);
        assertThat(openssl.decrypt(seen.raw(), grey[0], grey[1])).contains(marker);
    }

    private static void submit(String marker) throws Exception {
        MimeMessage m = MailClients.message("dr.grey@clinic.example", PARTNER, "Discharge summary " + marker,
            "Summary " + marker);
        MailClients.submit(gateway.submissionPort, "dr.grey@clinic.example", "demo", m);
    }

    private static long queueSize(String queue) throws Exception {
        JsonNode node = JSON.readTree(admin.ok("GET", "/mailQueues/" + queue, null));
        return node.path("size").asLong();
    }

    private static Path partnerCa() throws Exception {
        openssl.run(null, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Partner Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return work.resolve("pki/ca.pem");
    }

    /** A server certificate for dnsName, issued by the partner's CA; @return {key, certificate} */
    private static Path[] issued(String name, String dnsName) throws Exception {
        Path dir = work.resolve("pki");
        Files.writeString(dir.resolve(name + ".ext"), String.join("\n", "basicConstraints = critical,CA:FALSE",
            "keyUsage = critical,digitalSignature", "extendedKeyUsage = serverAuth", "subjectAltName = DNS:" + dnsName, ""));
        openssl.run(null, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + dnsName);
        openssl.run(null, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
        return new Path[] {dir.resolve(name + ".key"), dir.resolve(name + ".pem")};
    }

    private static Path[] selfSignedServer(String name, String dnsName) throws Exception {
        openssl.run(null, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + dnsName,
            "-addext", "subjectAltName=DNS:" + dnsName, "-addext", "extendedKeyUsage=serverAuth");
        Path dir = work.resolve("pki");
        return new Path[] {dir.resolve(name + ".key"), dir.resolve(name + ".pem")};
    }

    private static Path trustStoreWith(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("partner-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path file = work.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TRUST_PASSWORD.toCharArray());
        }
        return file;
    }

    private static Path peerScript() throws URISyntaxException {
        return Path.of(TlsOnlyDeliveryIT.class.getResource("/e2e/starttls-peer.py").toURI());
    }

    record Received(String message, List<String> recipients, String tlsProtocol) {
    }

    /** The partner's SMTP server: starttls-peer.py on Debian's python3 with aiosmtpd, on {@link #peerPort}. */
    static final class Peer implements AutoCloseable {
        private final Process process;
        private final Path dir;

        private Peer(Process process, Path dir) {
            this.process = process;
            this.dir = dir;
        }

        static Peer start(String name, Path[] keyAndCertificate) throws IOException, InterruptedException {
            Path dir = Files.createDirectories(work.resolve("peer-" + name));
            // Debian's python3 (where python3-aiosmtpd is installed), not whichever python3 is first on PATH.
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--port", Integer.toString(peerPort),
                "--cert", keyAndCertificate[1].toString(), "--key", keyAndCertificate[0].toString(),
                "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("peer.log").toFile())
                .start();
            Peer started = new Peer(p, dir);
            try {
                await("the STARTTLS peer (python3-aiosmtpd; .ci/run installs it)").atMost(Duration.ofSeconds(30))
                    .until(() -> started.log().contains("ready " + peerPort) || !p.isAlive());
            } finally {
                if (!p.isAlive() || !started.log().contains("ready")) {
                    started.close();
                }
            }
            assertThat(started.log()).as("the STARTTLS peer did not start").contains("ready " + peerPort);
            return started;
        }

        private String log() throws IOException {
            Path log = dir.resolve("peer.log");
            return Files.exists(log) ? Files.readString(log) : "";
        }

        List<String> events() throws IOException {
            Path events = dir.resolve("events.log");
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        }

        List<Path> messages() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
            }
        }

        /** The message whose text contains marker, or null while none has arrived. */
        Received find(String marker) throws IOException {
            for (Path meta : messages()) {
                Path eml = meta.resolveSibling(meta.getFileName().toString().replace(".json", ".eml"));
                String message = Files.readString(eml, StandardCharsets.UTF_8);
                if (message.contains(marker)) {
                    JsonNode node = JSON.readTree(meta.toFile());
                    List<String> recipients = new ArrayList<>();
                    node.path("rcpt_tos").forEach(r -> recipients.add(r.asText()));
                    JsonNode tls = node.path("tls");
                    return new Received(message, recipients, tls.isNull() ? null : tls.path("protocol").asText());
                }
            }
            return null;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
