package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Issue 8, bad input and log hygiene through the running gateway. The hostile corpus
 * ({@code mailets/src/test/resources/hostile-mime}) goes over SMTP from outside to a clinician and, over
 * submission, from a clinician to patients without a certificate. Each message must be refused at SMTP with a
 * clear reply, delivered (encrypted at rest), or held in the error repository with a reason, never lost; the
 * gateway stays up; nothing reaches the outside world in clear. Every message carries a unique marker in its
 * Subject and body; the last test sends ordinary clinical mail with the marker and then looks for it in the
 * gateway's logs, in everything that reached the outside, in every SMTP reply and in the audit export.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final Duration DELIVERY = Duration.ofSeconds(120);
    private static final Path CORPUS = Path.of(System.getProperty("gateway.it.corpus", "../mailets/src/test/resources/hostile-mime"));
    private static final String MARKER = "mk" + UUID.randomUUID().toString().replace("-", "");
    private static final String ERROR_REPOSITORY = "/mailRepositories/var%2Fmail%2Ferror%2F";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    static GreenMail outside;
    static NullSenderShim shim;
    static TestDatabase database;
    static GatewayProcess gateway;
    static AdminClient admin;
    static final List<String> smtpReplies = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        database = TestDatabase.create();
        shim = new NullSenderShim(outside.getSmtp().getPort());
        gateway = new GatewayProcess(data, database, shim.port()).start();
        admin = gateway.adminClient();
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.stopAll(gateway, database, shim, outside);
    }

    /** The corpus, by file name, with the marker and a Message-ID of its own in each message. */
    static Map<String, byte[]> corpus(String idPrefix) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(CORPUS)) {
            for (Path file : list.filter(p -> p.toString().endsWith(".eml")).toList()) {
                String name = file.getFileName().toString();
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                    .replace("@@MARKER@@", MARKER).replace("@@ID@@", idPrefix + "." + name.replace(".eml", ""));
                files.put(name, text.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(files).hasSizeGreaterThan(40);
        return files;
    }

    @Test
    @Order(1)
    void corpusFromOutsideShouldBeDeliveredEncryptedOrHeldWithAReason() throws Exception {
        Map<String, byte[]> corpus = corpus("in");
        Map<String, String> senders = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, byte[]> file : corpus.entrySet()) {
            String sender = "corpus-" + (i++) + "@outside.example";
            try (RawSmtp smtp = RawSmtp.open(gateway.smtpPort)) {
                smtp.command("EHLO outside.example", 250);
                RawSmtp.Reply reply = sendOrClosed(smtp, sender, "dr.grey@clinic.example", file.getValue());
                if (reply.code() == 250) {
                    senders.put(sender, file.getKey());
                } else {
                    refused.put(file.getKey(), reply.text().strip());
                }
            }
        }
        System.out.println("HostileInputIT inbound: " + senders.size() + " accepted, refused at SMTP: " + refused);
        assertRefusalsAreTheSmugglingDefenceOnly(refused);

        Map<String, String> outcome = await().atMost(DELIVERY).pollInterval(Duration.ofSeconds(2))
            .ignoreExceptionsInstanceOf(javax.mail.MessagingException.class)
            .until(() -> outcomes(senders.keySet(), "dr.grey@clinic.example"), found -> found.keySet().containsAll(senders.keySet()));
        System.out.println("HostileInputIT inbound outcomes: " + outcome);
        assertThat(outcome.values()).allSatisfy(result -> assertThat(result)
            .matches("(?i)delivered application/pkcs7-mime.*|held: .+"));
        assertThat(gateway.isAlive()).isTrue();
        // Each sender of a held message hears of it (NotifySenderOfFailure) in fixed words: nothing of the
        // original, neither the marker in its body nor the reason it was held.
        List<String> heldSenders = outcome.entrySet().stream().filter(e -> e.getValue().startsWith("held"))
            .map(Map.Entry::getKey).toList();
        assertThat(heldSenders).as("held messages in the corpus").isNotEmpty();
        try {
            await().atMost(DELIVERY).pollInterval(Duration.ofSeconds(1))
                .until(() -> heldSenders.stream().allMatch(sender -> !noticesAtOutsideFor(sender).isEmpty()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> missing = heldSenders.stream().filter(sender -> noticesAtOutsideFor(sender).isEmpty()).toList();
            String log = gateway.outputLines().stream().filter(l -> l.contains("notice") || l.contains("ERROR")
                || l.contains("WARN")).collect(java.util.stream.Collectors.joining("\n"));
            throw new AssertionError("no failure notice for held senders " + missing + "; gateway log:\n" + log, e);
        }
        for (String sender : heldSenders) {
            assertThat(noticesAtOutsideFor(sender)).as("failure notices for " + sender).isNotEmpty().allSatisfy(m -> {
                assertThat(new String(MailClients.raw(m), StandardCharsets.UTF_8)).doesNotContain(MARKER);
                assertThat((String) m.getContent()).doesNotContainIgnoringCase("malformed")
                    .doesNotContainIgnoringCase("CMS").doesNotContainIgnoringCase("boundary").contains("Reference: ");
            });
        }
        // The hostile S/MIME that could not be opened counts as failed decryption on the admin API's /metrics.
        String metrics = new String(admin.ok("GET", "/metrics", null), StandardCharsets.UTF_8);
        java.util.regex.Matcher decrypt = java.util.regex.Pattern
            .compile("(?m)^inbasket_crypto_failures_total\\{operation=\"decrypt\",?} ([0-9.]+)$").matcher(metrics);
        assertThat(decrypt.find()).as("a decrypt failure counter in /metrics").isTrue();
        assertThat(Double.parseDouble(decrypt.group(1))).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    void corpusFromAClinicianToPatientsShouldLeaveOnlyAsAPickupNotificationOrBeHeld() throws Exception {
        Map<String, byte[]> corpus = corpus("out");
        Map<String, String> patients = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, byte[]> file : corpus.entrySet()) {
            String patient = "patient-" + (i++) + "@outside.example";
            try (RawSmtp smtp = RawSmtp.open(gateway.submissionPort)) {
                smtp.command("EHLO client.example", 250);
                smtp.startTls("client.example");
                smtp.authPlain("dr.grey@clinic.example", "demo");
                RawSmtp.Reply reply = sendOrClosed(smtp, "dr.grey@clinic.example", patient, file.getValue());
                if (reply.code() == 250) {
                    patients.put(patient, file.getKey());
                } else {
                    refused.put(file.getKey(), reply.text().strip());
                }
            }
        }
        assertRefusalsAreTheSmugglingDefenceOnly(refused);

        Map<String, String> outcome = await().atMost(DELIVERY).pollInterval(Duration.ofSeconds(2))
            .until(() -> outboundOutcomes(patients.keySet()), found -> found.keySet().containsAll(patients.keySet()));
        System.out.println("HostileInputIT outbound outcomes: " + outcome);
        assertThat(outcome.values()).allSatisfy(result -> assertThat(result).matches("notified|held: .+"));
        for (MimeMessage received : outside.getReceivedMessages()) {
            String recipient = recipients(received);
            if (recipient.startsWith("patient-")) {
                assertThat(received.getContentType()).as(recipient).doesNotStartWith("application/pkcs7-mime");
                assertThat(new String(MailClients.raw(received), StandardCharsets.ISO_8859_1)).as(recipient)
                    .contains("/m/").doesNotContain(MARKER).doesNotContain("chest");
            }
        }
        assertThat(gateway.isAlive()).isTrue();
    }

    @Test
    @Order(3)
    void theMarkerShouldAppearInNoLogNotificationReplyOrAuditExport() throws Exception {
        // Ordinary clinical mail carrying the marker: urgent and routine from a patient, a clinician's reply to a
        // patient without a certificate (held for pickup: the patient gets a notification).
        String urgentId = sendToMx("urgent." + MARKER.substring(0, 6) + "@outside.example",
            "Chest pain " + MARKER, "Crushing chest pain since this morning, going down my left arm. " + MARKER);
        String routineId = sendToMx("routine." + MARKER.substring(0, 6) + "@outside.example",
            "Refill " + MARKER, "Please refill my lisinopril. " + MARKER);
        MimeMessage reply = MailClients.message("dr.grey@clinic.example", "pickup." + MARKER.substring(0, 6) + "@outside.example",
            "Your results " + MARKER, "Your potassium is fine. " + MARKER);
        MailClients.submit(gateway.submissionPort, "dr.grey@clinic.example", "demo", reply);

        await().atMost(DELIVERY).ignoreExceptionsInstanceOf(javax.mail.MessagingException.class).until(() -> {
            List<MailClients.Seen> inbox = MailClients.inbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null);
            return MailClients.countById(inbox, urgentId) == 1;
        });
        await().atMost(DELIVERY).until(() -> Arrays.stream(outside.getReceivedMessages())
            .anyMatch(m -> recipients(m).startsWith("pickup.") || recipients(m).startsWith("urgent.")));
        await().atMost(DELIVERY).until(() -> new String(admin.ok("GET", "/audit/export?format=json", null),
            StandardCharsets.UTF_8).contains(routineId));
        await().atMost(DELIVERY).until(() -> Arrays.stream(outside.getReceivedMessages())
            .anyMatch(m -> recipients(m).startsWith("pickup.")));

        List<String> leaks = new ArrayList<>();
        for (Path log : logFiles()) {
            if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(MARKER)) {
                leaks.add("log file " + data.relativize(log));
            }
        }
        if (gateway.output().contains(MARKER)) {
            leaks.add("the gateway's console output");
        }
        for (MimeMessage received : outside.getReceivedMessages()) {
            if (new String(MailClients.raw(received), StandardCharsets.ISO_8859_1).contains(MARKER)) {
                leaks.add("outside mail to " + recipients(received) + " (" + received.getContentType() + ")");
            }
        }
        smtpReplies.stream().filter(r -> r.contains(MARKER)).forEach(r -> leaks.add("SMTP reply " + r.strip()));
        for (String format : List.of("json", "csv")) {
            if (new String(admin.ok("GET", "/audit/export?format=" + format, null), StandardCharsets.UTF_8).contains(MARKER)) {
                leaks.add("audit export (" + format + ")");
            }
        }
        assertThat(logFiles()).as("the gateway writes a log").isNotEmpty();
        assertThat(leaks).as("places where the marker " + MARKER + " leaked").isEmpty();
    }

    /**
     * Sends one message; a connection the server closes before its reply arrives counts as refused. James closes
     * the session at a bare CR or LF in DATA (its SMTP smuggling defence, "500 5.0.0 line delimiter must be
     * CRLF"); the reply is often lost to the reset, since the client is still writing.
     */
    private static RawSmtp.Reply sendOrClosed(RawSmtp smtp, String from, String to, byte[] message) {
        try {
            return smtp.send(from, to, message);
        } catch (java.io.IOException e) {
            return new RawSmtp.Reply(-1, "connection closed by the server");
        } finally {
            smtpReplies.addAll(smtp.transcript());
        }
    }

    /** Every other corpus message gets an answer at SMTP, and only bare line ends are refused there. */
    private static void assertRefusalsAreTheSmugglingDefenceOnly(Map<String, String> refused) {
        assertThat(refused).containsOnlyKeys("bare-cr-and-lf.eml");
        assertThat(refused.get("bare-cr-and-lf.eml")).matches("connection closed by the server|500 5\\.0\\.0 line delimiter must be CRLF");
    }

    private static String sendToMx(String from, String subject, String body) throws Exception {
        MimeMessage m = MailClients.message(from, "dr.grey@clinic.example", subject, body);
        MailClients.sendToMx(gateway.smtpPort, m);
        return m.getMessageID();
    }

    /**
     * Every *.log file under the data directory (the gateway's logs, Derby's, ActiveMQ's). Files that vanish during
     * the walk (a queued mail's blob, an index segment) are skipped rather than failing it.
     */
    private static List<Path> logFiles() throws Exception {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(data, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && file.getFileName().toString().contains(".log")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    /** For each envelope sender: "delivered <content type>" (seen in the user's INBOX) or "held: <reason>". */
    private static Map<String, String> outcomes(java.util.Collection<String> senders, String user) throws Exception {
        Map<String, String> found = new TreeMap<>(held(senders, true));
        Store store = MailClients.imap(gateway.imapPort, user, "demo");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                String[] returnPath = message.getHeader("Return-Path");
                if (returnPath == null) {
                    continue;
                }
                for (String sender : senders) {
                    if (returnPath[0].contains("<" + sender + ">")) {
                        found.merge(sender, "delivered " + message.getContentType().replaceAll("\\s+", " "),
                            (a, b) -> a + " AND " + b);
                    }
                }
            }
            inbox.close(false);
        } finally {
            store.close();
        }
        return found;
    }

    /** For each patient: "notified" (a notification reached the outside) or "held: <reason>". */
    private static Map<String, String> outboundOutcomes(java.util.Collection<String> patients) throws Exception {
        Map<String, String> found = new TreeMap<>(held(patients, false));
        for (MimeMessage received : outside.getReceivedMessages()) {
            String recipient = recipients(received);
            if (patients.contains(recipient)) {
                found.merge(recipient, "notified", (a, b) -> a + " AND " + b);
            }
        }
        return found;
    }

    /** Mails in the error repository whose sender (or recipient) is one of the addresses, with the reason kept. */
    private static Map<String, String> held(java.util.Collection<String> addresses, boolean bySender) throws Exception {
        Map<String, String> held = new TreeMap<>();
        JsonNode keys = JSON.readTree(admin.ok("GET", ERROR_REPOSITORY + "/mails?limit=1000", null));
        for (JsonNode key : keys) {
            JsonNode mail = JSON.readTree(admin.ok("GET", ERROR_REPOSITORY + "/mails/"
                + java.net.URLEncoder.encode(key.asText(), StandardCharsets.UTF_8), null));
            List<String> candidates = new ArrayList<>();
            if (bySender) {
                candidates.add(mail.path("sender").asText());
            } else {
                mail.path("recipients").forEach(r -> candidates.add(r.asText()));
            }
            for (String address : candidates) {
                if (addresses.contains(address)) {
                    String reason = Optional.ofNullable(mail.get("error")).map(JsonNode::asText).orElse("");
                    held.put(address, "held: " + reason.lines().findFirst().orElse("").strip());
                }
            }
        }
        return held;
    }

    /** The failure notices (NotifySenderOfFailure's Subject) the outside server received for this address. */
    private static List<MimeMessage> noticesAtOutsideFor(String address) {
        return mailsAtOutsideFor(address).stream().filter(m -> {
            try {
                return "Your message was not delivered".equals(m.getSubject());
            } catch (javax.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** The messages the outside server received for this address. */
    private static List<MimeMessage> mailsAtOutsideFor(String address) {
        return Arrays.stream(outside.getReceivedMessages()).filter(m -> recipients(m).equals(address)).toList();
    }

    private static String recipients(MimeMessage message) {
        try {
            return message.getAllRecipients() == null ? "" : message.getAllRecipients()[0].toString();
        } catch (Exception e) {
            return "";
        }
    }
}
