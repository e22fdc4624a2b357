package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
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
 * The README's backup and restore procedure on the real gateway: mail encrypted at rest with flags, a user, a
 * pool, certificates and audit entries; the gateway stopped; {@code backup}; the data directory (and on
 * PostgreSQL the database) wiped; {@code restore}; the gateway started again without {@code --demo}: the
 * message is there with its flags and opens with the clinician's exported key, the audit trail verifies and
 * holds the same entries, users, pools and certificates are back. The first gateway also runs with
 * {@code log.format=json}: every line of its log must be JSON.
 */
class BackupRestoreIT {
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

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
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.stopAll(gateway, database, shim, outside);
    }

    private static Set<JsonNode> auditEntries(AdminClient admin) throws Exception {
        Set<JsonNode> entries = new HashSet<>();
        JSON.readTree(admin.ok("GET", "/audit/export?format=json", null)).forEach(entries::add);
        return entries;
    }

    private static String get(AdminClient admin, String path) throws Exception {
        return new String(admin.ok("GET", path, null), StandardCharsets.UTF_8);
    }

    @Test
    void backupWipeRestoreShouldKeepMailFlagsKeysUsersPoolsAndTheAuditTrail() throws Exception {
        gateway = new GatewayProcess(data, database, shim.port()).withEnv("GATEWAY_LOG_FORMAT", "json")
            .withEnv("GATEWAY_LOG_LEVEL_SMTP", "DEBUG").start();
        AdminClient admin = gateway.adminClient();
        admin.ok("PUT", "/users/dr.backup@clinic.example", "{\"password\":\"backup-pass-1\"}");
        admin.ok("PUT", "/pools/backup-pool@clinic.example", null);
        admin.ok("PUT", "/pools/backup-pool@clinic.example/members/dr.backup@clinic.example", null);
        String certificateBefore = get(admin, "/smime/certificates/dr.backup@clinic.example");
        assertThat(certificateBefore).contains("\"serial\"");

        String marker = UUID.randomUUID().toString();
        MimeMessage m = MailClients.message("knee.patient@outside.example", "dr.grey@clinic.example", "my knee",
            "Is it fine to keep walking on it? " + marker);
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);
        await().atMost(DELIVERY).ignoreExceptionsInstanceOf(javax.mail.MessagingException.class)
            .until(() -> MailClients.countById(MailClients.inbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null), id) == 1);
        setFlags(gateway.imapPort, id);
        await().atMost(DELIVERY).until(() -> get(admin, "/audit?event=delivered&address=knee.patient@outside.example"),
            body -> body.contains(id));
        Set<JsonNode> auditBefore = auditEntries(admin);
        String tokenBefore = AdminClient.tokenOf(data);

        GatewayProcess.CliRun whileRunning = gateway.command("backup", "--out", work.resolve("refused.zip").toString());
        assertThat(whileRunning.exitCode()).as(whileRunning.output()).isEqualTo(1);
        assertThat(whileRunning.output()).contains("a gateway is running").contains("stop it first");
        assertThat(work.resolve("refused.zip")).doesNotExist();

        gateway.stop();
        List<String> logLines = Files.readAllLines(data.resolve("logs").resolve("gateway.log"));
        assertThat(logLines).isNotEmpty();
        for (String line : logLines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.has("@timestamp") && entry.has("level") && entry.has("message")).as(line).isTrue();
        }

        Path archive = work.resolve("gateway-backup.zip");
        GatewayProcess.CliRun backup = gateway.command("backup", "--out", archive.toString());
        assertThat(backup.exitCode()).as(backup.output()).isZero();
        assertThat(backup.output()).contains("backup: written to " + archive);
        assertThat(Files.getPosixFilePermissions(archive)).extracting(Enum::name)
            .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

        wipe(data);
        database.recreate();

        Path occupied = Files.createDirectories(work.resolve("occupied"));
        Files.writeString(occupied.resolve("something"), "x");
        GatewayProcess other = new GatewayProcess(occupied, database, shim.port());
        GatewayProcess.CliRun refused = other.command("restore", "--from", archive.toString());
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("is not empty").contains("--force");

        GatewayProcess.CliRun restore = gateway.command("restore", "--from", archive.toString());
        assertThat(restore.exitCode()).as(restore.output()).isZero();

        gateway = new GatewayProcess(data, database, shim.port()).start(List.of());
        AdminClient restored = gateway.adminClient();
        assertThat(AdminClient.tokenOf(data)).isEqualTo(tokenBefore);

        MailClients.Seen seen = MailClients.awaitInInbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null, id, DELIVERY);
        assertThat(seen.flags().contains(Flags.Flag.FLAGGED)).isTrue();
        assertThat(seen.flags().contains(Flags.Flag.SEEN)).isTrue();
        assertThat(seen.flags().contains("$Backup")).isTrue();
        assertThat(seen.contentType()).startsWith("application/pkcs7-mime");
        Openssl openssl = new Openssl(work.resolve("openssl"));
        Path[] grey = openssl.unpack("dr.grey", restored.pkcs12("dr.grey@clinic.example", "export-pass-1"), "export-pass-1");
        assertThat(openssl.decrypt(seen.raw(), grey[0], grey[1])).contains(marker);

        String verify = get(restored, "/audit/verify");
        assertThat(verify).contains("\"ok\":true").contains("\"firstBrokenSeq\":null");
        assertThat(auditEntries(restored)).containsAll(auditBefore);

        assertThat(get(restored, "/users")).contains("dr.backup@clinic.example").contains("nurse.joy@clinic.example");
        assertThat(get(restored, "/pools")).contains("backup-pool@clinic.example");
        assertThat(JSON.readTree(get(restored, "/smime/certificates/dr.backup@clinic.example")))
            .isEqualTo(JSON.readTree(certificateBefore));
        // The user's password survived: IMAP accepts it.
        MailClients.imap(gateway.imapPort, "dr.backup@clinic.example", "backup-pass-1").close();
    }

    private static void setFlags(int imapPort, String messageId) throws Exception {
        Store store = MailClients.imap(imapPort, "dr.grey@clinic.example", "demo");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (Message message : inbox.getMessages()) {
                String[] ids = message.getHeader("Message-ID");
                if (ids != null && messageId.equals(ids[0])) {
                    message.setFlags(new Flags(Flags.Flag.FLAGGED), true);
                    message.setFlags(new Flags(Flags.Flag.SEEN), true);
                    message.setFlags(new Flags("$Backup"), true);
                }
            }
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    /** Deletes everything in the data directory, as a lost disk would. */
    private static void wipe(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
