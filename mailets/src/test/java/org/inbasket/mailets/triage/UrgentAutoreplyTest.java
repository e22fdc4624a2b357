package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.MutableClock;
import org.inbasket.mailets.triage.autoreply.MemoryReplyLedger;
import org.inbasket.mailets.triage.autoreply.ReplyLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrgentAutoreplyTest {
    @TempDir
    Path root;
    private TestFileSystem fileSystem;
    private MutableClock clock;
    private FakeMailContext context;
    private UrgentAutoreply mailet;

    @BeforeEach
    void setUp() throws Exception {
        fileSystem = TriageTestFiles.installShippedConf(root);
        clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
        context = FakeMailContext.builder().build();
        mailet = create(new MemoryReplyLedger());
    }

    private UrgentAutoreply create(ReplyLedger ledger) throws MessagingException {
        UrgentAutoreply m = new UrgentAutoreply(ledger, fileSystem, clock);
        m.init(config().build());
        return m;
    }

    private FakeMailetConfig.Builder config() {
        return FakeMailetConfig.builder().mailetName("UrgentAutoreply").mailetContext(context)
            .setProperty("from", "care-team@clinic.example")
            .setProperty("clinicName", "Springfield Clinic")
            .setProperty("clinicPhone", "555-0100");
    }

    private static FakeMail mailFrom(String sender, String headers) throws MessagingException {
        MimeMessage message = TestMails.parse("From: " + sender + "\nTo: dr.house@clinic.example\n"
            + "Subject: chest pain since this morning\nMessage-ID: <p1@patients.example>\n" + headers
            + "\nI have chest pain\n");
        return FakeMail.builder().name("m1").sender(sender).recipient("dr.house@clinic.example")
            .mimeMessage(message).build();
    }

    @Test
    void serviceShouldReplyToThePatientWithANullReturnPathAndAutoSubmitted() throws Exception {
        mailet.service(mailFrom("pat@patients.example", ""));

        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail reply = context.getSentMails().get(0);
        assertThat(reply.getSender()).isEqualTo(MailAddress.nullSender());
        assertThat(reply.getRecipients()).containsExactly(new MailAddress("pat@patients.example"));
        assertThat(reply.getState()).isEqualTo("root");
        MimeMessage msg = reply.getMsg();
        assertThat(msg.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(msg.getHeader("In-Reply-To", null)).isEqualTo("<p1@patients.example>");
        assertThat(msg.getSubject()).contains("911").contains("Springfield Clinic");
        assertThat((String) msg.getContent()).contains("988").contains("555-0100");
    }

    @Test
    void serviceShouldNotCopyAnythingOfThePatientMessageIntoTheReply() throws Exception {
        mailet.service(mailFrom("pat@patients.example", ""));
        MimeMessage msg = context.getSentMails().get(0).getMsg();
        assertThat(msg.getSubject()).doesNotContainIgnoringCase("since this morning");
        assertThat((String) msg.getContent()).doesNotContain("I have chest pain");
    }

    @Test
    void serviceShouldReplyOncePerSenderPerWindow() throws Exception {
        mailet.service(mailFrom("pat@patients.example", ""));
        clock.advance(Duration.ofHours(2));
        mailet.service(mailFrom("pat@patients.example", ""));
        assertThat(context.getSentMails()).hasSize(1);

        clock.advance(Duration.ofHours(23));
        mailet.service(mailFrom("pat@patients.example", ""));
        assertThat(context.getSentMails()).hasSize(2);
    }

    @Test
    void serviceShouldNotReplyToANullSender() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender(MailAddress.nullSender()).recipient("dr.house@clinic.example")
            .mimeMessage(TestMails.text("x", "chest pain")).build();
        mailet.service(mail);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldNotReplyToAutomaticMail() throws Exception {
        mailet.service(mailFrom("pat@patients.example", "Auto-Submitted: auto-generated\n"));
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldReplyWhenAutoSubmittedIsNo() throws Exception {
        mailet.service(mailFrom("pat@patients.example", "Auto-Submitted: no\n"));
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void serviceShouldNotReplyToListMail() throws Exception {
        mailet.service(mailFrom("pat@patients.example", "List-Id: <health.lists.example>\n"));
        mailet.service(mailFrom("kim@patients.example", "Precedence: bulk\n"));
        mailet.service(mailFrom("lee@patients.example", "Precedence: junk\n"));
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldNotReplyToReports() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("pat@patients.example").recipient("dr.house@clinic.example")
            .mimeMessage(TestMails.parse("From: pat@patients.example\nSubject: x\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
                + "Content-Type: text/plain\n\nchest pain\n--b--\n"))
            .build();
        mailet.service(mail);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldNotReplyToMachineAddresses() throws Exception {
        mailet.service(mailFrom("noreply@patients.example", ""));
        mailet.service(mailFrom("no-reply@shop.example", ""));
        mailet.service(mailFrom("MAILER-DAEMON@patients.example", ""));
        mailet.service(mailFrom("list-bounces@patients.example", ""));
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldNotReplyToLocalSendersByDefault() throws Exception {
        FakeMailContext local = FakeMailContext.builder().build();
        assertThat(local.isLocalServer(Domain.of("localhost"))).isTrue();
        UrgentAutoreply m = new UrgentAutoreply(new MemoryReplyLedger(), fileSystem, clock);
        m.init(FakeMailetConfig.builder().mailetName("UrgentAutoreply").mailetContext(local)
            .setProperty("from", "care-team@clinic.example").build());
        m.service(mailFrom("nurse@localhost", ""));
        assertThat(local.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldFailOpenWhenTheLedgerFails() throws Exception {
        ReplyLedger broken = new ReplyLedger() {
            @Override
            public boolean tryAcquire(String kind, MailAddress address, Instant now, Duration window) {
                throw new TriageStoreException("down");
            }

            @Override
            public int purgeBefore(Instant cutoff) {
                throw new TriageStoreException("down");
            }
        };
        UrgentAutoreply m = create(broken);
        FakeMail mail = mailFrom("pat@patients.example", "");
        assertThatCode(() -> m.service(mail)).doesNotThrowAnyException();
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(mail.getState()).isNotEqualTo("error");
    }

    @Test
    void serviceShouldSendToTheConfiguredProcessor() throws Exception {
        UrgentAutoreply m = new UrgentAutoreply(new MemoryReplyLedger(), fileSystem, clock);
        m.init(config().setProperty("processor", "autoreply-out").build());
        m.service(mailFrom("pat@patients.example", ""));
        assertThat(context.getSentMails().get(0).getState()).isEqualTo("autoreply-out");
    }

    @Test
    void initShouldRequireFrom() {
        UrgentAutoreply m = new UrgentAutoreply(new MemoryReplyLedger(), fileSystem, clock);
        assertThatThrownBy(() -> m.init(FakeMailetConfig.builder().mailetName("UrgentAutoreply").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("'from' is required");
    }

    @Test
    void initShouldRejectABadWindow() {
        UrgentAutoreply m = new UrgentAutoreply(new MemoryReplyLedger(), fileSystem, clock);
        assertThatThrownBy(() -> m.init(config().setProperty("window", "a day").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("window");
    }

    @Test
    void initShouldRejectAStrictBooleanTypo() {
        UrgentAutoreply m = new UrgentAutoreply(new MemoryReplyLedger(), fileSystem, clock);
        assertThatThrownBy(() -> m.init(config().setProperty("replyToLocalSenders", "yes").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("replyToLocalSenders");
    }

    @Test
    void initShouldRejectATemplateWithoutSubject() throws Exception {
        java.nio.file.Files.writeString(root.resolve("conf/triage/urgent-autoreply.txt"), "Hello\n\nbody\n");
        UrgentAutoreply m = new UrgentAutoreply(new MemoryReplyLedger(), fileSystem, clock);
        assertThatThrownBy(() -> m.init(config().build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("urgent-autoreply.txt:1");
    }
}
