package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * What survives: users, mailboxes and flags across a clean restart; and mail accepted with 250 across a
 * {@code kill -9}, delivered after restart exactly once.
 */
class DurabilityIT {
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    @TempDir
    Path data;
    TestDatabase database;
    GreenMail outside;
    int outsidePort;
    final List<GatewayProcess> processes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        database = TestDatabase.create();
        outsidePort = GatewayProcess.freePort();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (GatewayProcess p : processes) {
            p.close();
        }
        if (outside != null) {
            outside.stop();
        }
        database.close();
    }

    private GatewayProcess gateway() {
        GatewayProcess p = new GatewayProcess(data, database, outsidePort);
        processes.add(p);
        return p;
    }

    private void startOutside() {
        outside = new GreenMail(new ServerSetup(outsidePort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
    }

    @Test
    void restartShouldKeepUsersMailboxesAndFlags() throws Exception {
        GatewayProcess first = gateway().start();
        MimeMessage m = MailClients.message("patient@outside.example", "dr.grey@clinic.example", "keep me", "body");
        String id = m.getMessageID();
        MailClients.sendToMx(first.smtpPort, m);
        // James 3.8.1 may refuse a FETCH of a message that arrives during the poll ("Invalid
        // messageset", docs/reliability.md): poll again.
        await().atMost(DELIVERY).ignoreExceptionsInstanceOf(javax.mail.MessagingException.class).until(() ->
            MailClients.countById(MailClients.inbox(first.imapPort, "dr.grey@clinic.example", "demo", null), id) == 1);

        Store store = MailClients.imap(first.imapPort, "dr.grey@clinic.example", "demo");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        for (Message msg : inbox.getMessages()) {
            msg.setFlag(Flags.Flag.FLAGGED, true);
            msg.setFlag(Flags.Flag.SEEN, true);
            msg.setFlags(new Flags("$Urgent"), true);
        }
        inbox.close(false);
        Folder archive = store.getFolder("Archive");
        archive.create(Folder.HOLDS_MESSAGES);
        store.close();

        Duration stopTime = first.stop();
        assertThat(stopTime).as("SIGTERM shutdown time").isLessThan(Duration.ofSeconds(10));
        assertThat(first.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(first.output()).contains("gateway: stopped");

        // Second start without --demo: nothing is re-seeded, everything comes from the database.
        GatewayProcess second = gateway().start(List.of());
        List<MailClients.Seen> seen = MailClients.inbox(second.imapPort, "dr.grey@clinic.example", "demo", null);
        MailClients.Seen kept = seen.stream().filter(s -> id.equals(s.messageId())).findFirst().orElseThrow();
        assertThat(kept.flags().contains(Flags.Flag.FLAGGED)).isTrue();
        assertThat(kept.flags().contains(Flags.Flag.SEEN)).isTrue();
        assertThat(kept.flags().contains("$Urgent")).isTrue();
        Store again = MailClients.imap(second.imapPort, "dr.grey@clinic.example", "demo");
        assertThat(again.getFolder("Archive").exists()).isTrue();
        again.close();
        assertThat(second.outputLines()).noneMatch(l -> l.startsWith("tls: no tls.keystore configured"));
    }

    @Test
    void mailAcceptedButNotYetRelayedShouldSurviveKillNineAndBeDeliveredOnce() throws Exception {
        // The relay host is down: the message is accepted (250) and waits in the persistent outgoing queue.
        GatewayProcess first = gateway().start();
        // The correspondent has a certificate, so the mail leaves signed and encrypted (with its Message-ID)
        // instead of being held for pickup.
        Path[] correspondent = new Openssl(data.resolve("openssl")).selfSigned("partner", "patient@outside.example");
        first.adminClient().ok("PUT", "/smime/certificates",
            "{\"pem\":\"" + Files.readString(correspondent[1]).replace("\n", "\\n") + "\"}");
        MimeMessage m = MailClients.message("dr.grey@clinic.example", "patient@outside.example", "queued", "body");
        String id = m.getMessageID();
        MailClients.submit(first.submissionPort, "dr.grey@clinic.example", "demo", m);
        first.kill9();

        startOutside();
        GatewayProcess second = gateway().start(List.of());
        await().atMost(DELIVERY).until(() -> countAtOutside(id) >= 1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> countAtOutside(id) == 1);
        MimeMessage relayed = Arrays.stream(outside.getReceivedMessages())
            .filter(r -> id.equals(MailFlowIT.messageId(r))).findFirst().orElseThrow();
        assertThat(relayed.getContentType()).startsWith("application/pkcs7-mime");
        assertThat(second.isAlive()).isTrue();
    }

    @Test
    void burstOfLocalMailShouldBeDeliveredExactlyOnceAcrossKillNine() throws Exception {
        GatewayProcess first = gateway().start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            MimeMessage m = MailClients.message("patient" + i + "@outside.example", "dr.house@clinic.example",
                "burst " + i, "message " + i + " " + UUID.randomUUID());
            ids.add(m.getMessageID());
            MailClients.sendToMx(first.smtpPort, m);
        }
        first.kill9();

        GatewayProcess second = gateway().start(List.of());
        // James 3.8.1 may refuse a FETCH of a message that arrives during the poll ("Invalid
        // messageset", docs/reliability.md): poll again.
        await().atMost(DELIVERY).ignoreExceptionsInstanceOf(javax.mail.MessagingException.class).until(() -> {
            List<MailClients.Seen> inbox = MailClients.inbox(second.imapPort, "dr.house@clinic.example", "demo", null);
            return ids.stream().allMatch(id -> MailClients.countById(inbox, id) >= 1);
        });
        List<MailClients.Seen> inbox = MailClients.inbox(second.imapPort, "dr.house@clinic.example", "demo", null);
        for (String id : ids) {
            assertThat(MailClients.countById(inbox, id)).as("copies of " + id).isEqualTo(1);
        }
    }

    private long countAtOutside(String messageId) {
        return Arrays.stream(outside.getReceivedMessages()).filter(r -> messageId.equals(MailFlowIT.messageId(r))).count();
    }
}
