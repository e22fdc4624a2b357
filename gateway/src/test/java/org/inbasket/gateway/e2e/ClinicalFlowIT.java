package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The clinical pipeline through the running gateway: encryption at rest and S/MIME to correspondents with a
 * certificate (issue 4), urgent autoreply and flags, pool routing seen by a pool member, coverage (issue 5).
 * openssl is the independent S/MIME peer; GreenMail is the outside world.
 */
class ClinicalFlowIT {
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final String EXPORT_PASSWORD = "export-pass-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static GreenMail outside;
    static NullSenderShim shim;
    static TestDatabase database;
    static GatewayProcess gateway;
    static AdminClient admin;
    static Openssl openssl;

    @BeforeAll
    static void start() throws Exception {
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        database = TestDatabase.create();
        shim = new NullSenderShim(outside.getSmtp().getPort());
        gateway = new GatewayProcess(data, database, shim.port())
            .withEnv("GATEWAY_TLS_ONLY_DOMAINS", "partner-tls.example").start();
        admin = gateway.adminClient();
        openssl = new Openssl(work);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.stopAll(gateway, database, shim, outside);
    }

    @Test
    void adminCommandLineShouldUseTheTokenAndTheApiShouldRefuseAWrongOne() throws Exception {
        assertThat(gateway.output()).contains("admin: API token created in " + data.resolve("admin.token"));
        GatewayProcess.CliRun pools = gateway.admin("pools", "list");
        assertThat(pools.exitCode()).as(pools.output()).isZero();
        assertThat(pools.output()).contains("rn-pool@clinic.example");

        String user = "cli." + UUID.randomUUID().toString().substring(0, 8) + "@clinic.example";
        Path password = Files.writeString(work.resolve("cli-password"), "cli-pass-1\n");
        GatewayProcess.CliRun add = gateway.admin("users", "add", user, "--password-file", password.toString());
        assertThat(add.exitCode()).as(add.output()).isZero();
        assertThat(new String(admin.ok("GET", "/users", null), StandardCharsets.UTF_8)).contains(user);

        Path wrongToken = Files.writeString(work.resolve("wrong.token"), "not-the-token");
        GatewayProcess.CliRun refused = gateway.admin("--token-file", wrongToken.toString(), "coverage", "list");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("GET /coverage: HTTP 401");
        AdminClient wrong = new AdminClient(gateway.adminPort, "not-the-token");
        for (String path : List.of("/users", "/domains", "/pools", "/coverage", "/smime/ca.pem", "/audit/verify")) {
            assertThat(wrong.send("GET", path, null).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(wrong.send("GET", "/healthcheck", null).statusCode()).as("/healthcheck stays open").isNotEqualTo(401);
    }

    @Test
    void urgentPatientMailShouldGetTheEmergencyAutoreplyAndArriveFlagged() throws Exception {
        String patient = "urgent." + UUID.randomUUID().toString().substring(0, 8) + "@outside.example";
        MimeMessage m = MailClients.message(patient, "dr.grey@clinic.example", "feeling unwell",
            "Since this morning I have crushing chest pain going down my left arm.");
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);

        MailClients.Seen seen = awaitInInbox("dr.grey@clinic.example", id, "X-Inbasket-Urgent");
        assertThat(seen.flags().contains(Flags.Flag.FLAGGED)).isTrue();
        assertThat(seen.flags().contains("$Urgent")).isTrue();
        assertThat(seen.header()).contains("cardiac");
        assertThat(seen.contentType()).startsWith("application/pkcs7-mime");

        MimeMessage reply = awaitAtOutside(r -> recipients(r).contains(patient));
        assertThat(reply.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
        assertThat(reply.getHeader("Return-Path")[0]).contains(NullSenderShim.NULL_SENDER_STAND_IN);
        assertThat(reply.getHeader("In-Reply-To")[0]).isEqualTo(id);
        assertThat(text(reply)).contains("911").contains("988");
        assertThat(text(reply)).doesNotContain("chest pain");
        assertThat(awaitAudit("urgent-autoreply", patient, "")).doesNotContain("chest");

        String metrics = new String(admin.ok("GET", "/metrics", null), StandardCharsets.UTF_8);
        java.util.regex.Matcher urgent = java.util.regex.Pattern
            .compile("(?m)^inbasket_mails_total\\{stage=\"urgent\",?} ([0-9.]+)$").matcher(metrics);
        assertThat(urgent.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(urgent.group(1))).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("inbasket_backlog_unread_messages{mailbox=\"dr.grey@clinic.example\"")
            .doesNotContain("cardiac");
    }

    @Test
    void refillRequestShouldGoToThePoolWhereItsMemberReadsIt() throws Exception {
        String marker = UUID.randomUUID().toString();
        MimeMessage m = MailClients.message("refill.patient@outside.example", "dr.grey@clinic.example",
            "Rx refill", "Hello, I ran out of my lisinopril. Please send it to my pharmacy. " + marker);
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);

        MailClients.Seen pooled = awaitInPoolFolder("nurse.joy@clinic.example", "rn-pool", id);
        assertThat(pooled.header()).contains("rn-pool@clinic.example").contains("prescription-refill");
        // Read again on James 3.8.1's IMAP race (a message being appended meanwhile, such as a later bounce).
        await().atMost(DELIVERY).ignoreExceptionsInstanceOf(MessagingException.class).untilAsserted(() -> assertThat(
            MailClients.countById(MailClients.inbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null), id)).isZero());
        // One envelope for the pool and each member: nurse.joy opens it with her own key.
        Path[] joy = openssl.unpack("nurse.joy", admin.pkcs12("nurse.joy@clinic.example", EXPORT_PASSWORD), EXPORT_PASSWORD);
        assertThat(openssl.decrypt(pooled.raw(), joy[0], joy[1])).contains(marker);
        assertThat(awaitAudit("routed", "refill.patient@outside.example", id)).contains("rn-pool@clinic.example")
            .doesNotContain(marker).doesNotContain("lisinopril");
    }

    @Test
    void mailForAnAbsentClinicianShouldReachTheCovererDuringTheWindow() throws Exception {
        Instant now = Instant.now();
        admin.ok("POST", "/coverage", "{\"id\":\"e2e-house\",\"absent\":\"dr.house@clinic.example\",\"from\":\""
            + now.minus(Duration.ofHours(1)) + "\",\"to\":\"" + now.plus(Duration.ofHours(2))
            + "\",\"coverer\":\"dr.grey@clinic.example\"}");
        String marker = UUID.randomUUID().toString();
        MimeMessage m = MailClients.message("knee.patient@outside.example", "dr.house@clinic.example",
            "my knee", "Is it fine to keep walking on it? " + marker);
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);

        MailClients.Seen covered = awaitInInbox("dr.grey@clinic.example", id, "X-Inbasket-Coverage");
        assertThat(covered.header()).contains("dr.house@clinic.example").contains("e2e-house");
        assertThat(awaitAudit("coverage", "knee.patient@outside.example", id)).contains("dr.grey@clinic.example");
        assertThat(MailClients.countById(MailClients.inbox(gateway.imapPort, "dr.house@clinic.example", "demo", null), id))
            .isZero();
    }

    @Test
    void mailToACorrespondentWithACertificateShouldLeaveSignedAndEncrypted() throws Exception {
        Path[] partner = openssl.selfSigned("partner", "partner@other-hospital.example");
        admin.ok("PUT", "/smime/certificates", "{\"pem\":\"" + Files.readString(partner[1]).replace("\n", "\\n") + "\"}");
        Files.write(work.resolve("ca.pem"), admin.ok("GET", "/smime/ca.pem", null));
        String marker = UUID.randomUUID().toString();
        MimeMessage m = MailClients.message("dr.grey@clinic.example", "partner@other-hospital.example",
            "Referral " + marker, "Referral letter for our shared patient. " + marker);
        String id = m.getMessageID();
        MailClients.submit(gateway.submissionPort, "dr.grey@clinic.example", "demo", m);

        MimeMessage sent = awaitAtOutside(r -> id.equals(MailFlowIT.messageId(r)));
        byte[] wire = MailClients.raw(sent);
        assertThat(new String(wire, StandardCharsets.UTF_8)).doesNotContain(marker);
        assertThat(sent.getContentType()).startsWith("application/pkcs7-mime").contains("enveloped-data");
        String signed = openssl.decrypt(wire, partner[0], partner[1]);
        assertThat(signed).contains("multipart/signed");
        String content = openssl.verify(signed.getBytes(StandardCharsets.UTF_8), work.resolve("ca.pem"));
        assertThat(content).contains(marker);
        assertThat(awaitAudit("encrypted", "partner@other-hospital.example", id)).doesNotContain(marker);
        assertThat(awaitAudit("relayed", "partner@other-hospital.example", id)).doesNotContain(marker);
    }

    @Test
    void mailToATlsOnlyDomainShouldNeverGoToAPeerWithoutTls() throws Exception {
        // GreenMail offers no STARTTLS: the TLS-only route must keep the mail queued rather than send it in
        // clear, and must not turn it into a pickup notification either.
        String marker = UUID.randomUUID().toString();
        MimeMessage m = MailClients.message("dr.grey@clinic.example", "records@partner-tls.example",
            "Discharge summary " + marker, "Summary " + marker);
        MailClients.submit(gateway.submissionPort, "dr.grey@clinic.example", "demo", m);
        // It waits in the TLS-only queue (its own RemoteDelivery requires STARTTLS with a valid certificate).
        await().atMost(DELIVERY).until(() -> new String(admin.ok("GET", "/mailQueues/outgoing-tls-only", null),
            StandardCharsets.UTF_8).matches("(?s).*\"size\"\\s*:\\s*[1-9].*"));
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(
            outside.getReceivedMessages()).noneMatch(r -> recipients(r).contains("records@partner-tls.example")));
        assertThat(gateway.output()).doesNotContain(marker);
    }

    @Test
    void aUserCreatedByTheAdminApiShouldGetACertificate() throws Exception {
        admin.ok("PUT", "/users/dr.new@clinic.example", "{\"password\":\"a-long-password\"}");
        String certificates = new String(admin.ok("GET", "/smime/certificates/dr.new@clinic.example", null),
            StandardCharsets.UTF_8);
        assertThat(certificates).contains("dr.new@clinic.example").contains("notAfter");
    }

    @Test
    void mailForAUserWhoseCertificateWasRevokedShouldWaitForANewOneAndNeverBeStoredInClear() throws Exception {
        String user = "dr.revoked@clinic.example";
        admin.ok("PUT", "/users/" + user, "{\"password\":\"demo\"}");
        JsonNode issued = JSON.readTree(admin.ok("GET", "/smime/certificates/" + user, null));
        assertThat(issued).hasSize(1);
        admin.ok("DELETE", "/smime/certificates/" + user + "/" + issued.get(0).path("serial").asText(), null);
        assertThat(JSON.readTree(admin.ok("GET", "/smime/certificates/" + user, null))).isEmpty();

        String marker = UUID.randomUUID().toString();
        MimeMessage m = MailClients.message("knee.patient@outside.example", user, "My knee", "Still swollen. " + marker);
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);
        // The copy for the user without a certificate reaches the retry of local-store-no-certificate (ADR 0070),
        // and nothing is in the INBOX: it is not stored in clear.
        await().atMost(DELIVERY).until(() -> gateway.outputLines().stream()
            .anyMatch(line -> line.contains("at processor local-store-encrypt")));
        assertThat(MailClients.inbox(gateway.imapPort, user, "demo", null)).isEmpty();

        // A new certificate (as the 15-minute maintenance or IT with 'admin certs issue' would make): the next
        // retry stores the message, encrypted to it.
        admin.ok("POST", "/smime/certificates/" + user, null);
        MailClients.Seen seen = awaitInInbox(user, id, null);
        assertThat(seen.contentType()).startsWith("application/pkcs7-mime");
        Path[] key = openssl.unpack("dr.revoked", admin.pkcs12(user, EXPORT_PASSWORD), EXPORT_PASSWORD);
        assertThat(openssl.decrypt(seen.raw(), key[0], key[1])).contains(marker);
    }

    @Test
    void theAuditTrailShouldRecordMailWithoutContentAndVerify() throws Exception {
        String marker = UUID.randomUUID().toString();
        String patient = "audit." + marker.substring(0, 8) + "@outside.example";
        MimeMessage m = MailClients.message(patient, "dr.grey@clinic.example", "Audit subject " + marker,
            "My rash is back. " + marker);
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);
        awaitInInbox("dr.grey@clinic.example", id, null);

        String received = await().atMost(DELIVERY).until(
            () -> new String(admin.ok("GET", "/audit?event=received&address=" + patient, null), StandardCharsets.UTF_8),
            body -> body.contains(id));
        assertThat(received).contains("\"event\":\"received\"").contains("dr.grey@clinic.example");
        String delivered = await().atMost(DELIVERY).until(
            () -> new String(admin.ok("GET", "/audit?event=delivered&address=" + patient, null), StandardCharsets.UTF_8),
            body -> body.contains(id));
        assertThat(delivered).contains("smime=enveloped");

        String everything = new String(admin.ok("GET", "/audit/export?format=json", null), StandardCharsets.UTF_8);
        assertThat(everything).contains(id).doesNotContain(marker).doesNotContain("Audit subject")
            .doesNotContain("rash").doesNotContain("cardiac").doesNotContain("chest");
        String csv = new String(admin.ok("GET", "/audit/export?format=csv&event=received", null), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("seq,time,event,").contains(id).doesNotContain(marker);

        String verify = new String(admin.ok("GET", "/audit/verify", null), StandardCharsets.UTF_8);
        assertThat(verify).contains("\"ok\":true").contains("\"firstBrokenSeq\":null");
    }

    /** The audit entries of this event naming the address, once one holds the Message-ID (any entry when empty). */
    private static String awaitAudit(String event, String address, String messageId) {
        return await().atMost(DELIVERY).until(() -> new String(admin.ok("GET", "/audit?event=" + event + "&address="
            + java.net.URLEncoder.encode(address, StandardCharsets.UTF_8), null), StandardCharsets.UTF_8),
            body -> body.contains("\"event\":\"" + event + "\"") && body.contains(messageId));
    }

    private static MailClients.Seen awaitInInbox(String user, String messageId, String header) {
        // James 3.8.1 IMAP sometimes refuses a FETCH of a message being appended ("Unable to load
        // BODYSTRUCTURE"): poll again rather than fail.
        return MailClients.awaitInInbox(gateway.imapPort, user, "demo", header, messageId, DELIVERY);
    }

    /** The member's own Pools/<pool> folder, where DeliverToPoolMembers files their copy. */
    private static MailClients.Seen awaitInPoolFolder(String member, String pool, String messageId) {
        return await().atMost(DELIVERY).ignoreExceptionsInstanceOf(javax.mail.MessagingException.class)
            .until(() -> poolFolderMessages(member, pool).stream()
            .filter(s -> messageId.equals(s.messageId())).findFirst(), Optional::isPresent).orElseThrow();
    }

    private static List<MailClients.Seen> poolFolderMessages(String member, String pool) throws Exception {
        Store store = MailClients.imap(gateway.imapPort, member, "demo");
        try {
            List<MailClients.Seen> result = new ArrayList<>();
            for (Folder folder : store.getDefaultFolder().list("*")) {
                if (!folder.getFullName().contains(pool)) {
                    continue;
                }
                folder.open(Folder.READ_ONLY);
                for (Message message : folder.getMessages()) {
                    String[] ids = message.getHeader("Message-ID");
                    String[] route = message.getHeader("X-Inbasket-Route");
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    message.writeTo(raw);
                    result.add(new MailClients.Seen(ids == null ? null : ids[0], message.getSubject(), null,
                        route == null ? null : route[0], message.getFlags(), raw.toByteArray()));
                }
                folder.close(false);
            }
            return result;
        } finally {
            store.close();
        }
    }

    private static MimeMessage awaitAtOutside(java.util.function.Predicate<MimeMessage> wanted) {
        return await().atMost(DELIVERY).until(() -> Arrays.stream(outside.getReceivedMessages()).filter(wanted).findFirst(),
            Optional::isPresent).orElseThrow();
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof String s) {
            return s;
        }
        return new String(MailClients.raw(message), StandardCharsets.UTF_8);
    }
}
