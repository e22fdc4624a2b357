package org.inbasket.mailets.pickup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreForPickupTest {
    static final Path TEMPLATES = Path.of("../conf/portal");
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    static final String SECRET_SUBJECT = "Your HIV test result";
    static final String SECRET_BODY = "The biopsy shows a benign lesion.";
    static final String SECRET_FILE = "biopsy-report-smith.pdf";

    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    InMemoryPickupStore store = new InMemoryPickupStore(clock, Duration.ofDays(30));
    FakeMailContext context = FakeMailContext.builder().build();
    PickupNotifications notifications;
    MailAddress doctor;
    MailAddress patient;

    @BeforeEach
    void setUp() throws Exception {
        doctor = new MailAddress("doctor@localhost");
        patient = new MailAddress("pat@patientmail.example");
        notifications = new TemplatePickupNotifications("Riverside Clinic", "555-0100",
            URI.create("https://portal.riverside.example"), new MailAddress("noreply@localhost"), TEMPLATES,
            ZoneOffset.UTC);
    }

    StoreForPickup mailet(PickupStore pickupStore, PickupNotifications composer, String... params)
        throws MessagingException {
        StoreForPickup mailet = new StoreForPickup(pickupStore, composer);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("StoreForPickup")
            .mailetContext(context);
        for (int i = 0; i < params.length; i += 2) {
            config.setProperty(params[i], params[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    Mail mail(MailAddress... recipients) throws MessagingException {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder()
            .setSubject(SECRET_SUBJECT)
            .addFrom("doctor@localhost")
            .addToRecipient("pat@patientmail.example")
            .setMultipartWithBodyParts(
                MimeMessageBuilder.bodyPartBuilder().data(SECRET_BODY),
                MimeMessageBuilder.bodyPartBuilder().data("%PDF-1.4 report".getBytes(StandardCharsets.US_ASCII))
                    .type("application/pdf").filename(SECRET_FILE).disposition("attachment"))
            .build();
        message.setHeader("Message-ID", "<orig-1@localhost>");
        return FakeMail.builder().name("mail1").sender(doctor).recipients(recipients).mimeMessage(message).build();
    }

    static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An in-memory store that refuses deposits for one patient. */
    InMemoryPickupStore failingFor(MailAddress unlucky) {
        return new InMemoryPickupStore(clock, Duration.ofDays(30)) {
            @Override
            public synchronized PickupReceipt deposit(PickupDeposit deposit) {
                if (deposit.patient().equals(unlucky)) {
                    throw new IllegalStateException("constraint violation");
                }
                return super.deposit(deposit);
            }
        };
    }

    @Test
    void serviceShouldStoreMessageAndGhostMailWhenAllRecipientsAreExternal() throws Exception {
        Mail mail = mail(patient);

        mailet(store, notifications).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(mail.getRecipients()).isEmpty();
        List<PickupSummary> stored = store.listForPatient(patient, NOW);
        assertThat(stored).hasSize(1);
        PickupMessage message = store.read(stored.get(0).messageId(), patient, NOW).orElseThrow();
        assertThat(message.summary().subject()).isEqualTo(SECRET_SUBJECT);
        assertThat(message.textBody()).contains(SECRET_BODY);
        assertThat(message.summary().attachments()).extracting(AttachmentInfo::fileName).containsExactly(SECRET_FILE);
        assertThat(message.summary().counterpart()).isEqualTo(doctor);
    }

    @Test
    void serviceShouldSendNotificationWithoutHealthInformationWhenStored() throws Exception {
        mailet(store, notifications).service(mail(patient));

        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getRecipients()).containsExactly(patient);
        assertThat(sent.getState()).isEqualTo("relay");
        MimeMessage notification = sent.getMsg();
        assertThat(notification.getSubject()).isEqualTo("You have a new secure message from Riverside Clinic");
        // The link's random token could spell anything (even "HIV"): it is masked before the search.
        String text = raw(notification).replaceAll("/m/[A-Za-z0-9_-]{43}", "/m/TOKEN");
        assertThat(text).contains("/m/TOKEN");
        assertThat(text).doesNotContain(SECRET_SUBJECT).doesNotContain("biopsy").doesNotContain("HIV")
            .doesNotContain(SECRET_FILE).doesNotContain("doctor@");
        assertThat(notification.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    }

    @Test
    void serviceShouldPutAWorkingUnguessableLinkInTheNotification() throws Exception {
        mailet(store, notifications).service(mail(patient));

        String text = raw(context.getSentMails().get(0).getMsg());
        java.util.regex.Matcher link = java.util.regex.Pattern
            .compile("https://portal\\.riverside\\.example/m/([A-Za-z0-9_-]+)").matcher(text);
        assertThat(link.find()).isTrue();
        String token = link.group(1);
        assertThat(token.length() * 6).isGreaterThanOrEqualTo(128);
        assertThat(store.resolveToken(token, NOW)).get().extracting(PickupLink::patient).isEqualTo(patient);
    }

    @Test
    void serviceShouldKeepLocalRecipientsOnTheMailWhenSomeAreExternal() throws Exception {
        MailAddress colleague = new MailAddress("nurse@localhost");
        Mail mail = mail(patient, colleague);

        mailet(store, notifications).service(mail);

        assertThat(mail.getRecipients()).containsExactly(colleague);
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(store.listForPatient(patient, NOW)).hasSize(1);
        assertThat(store.listForPatient(colleague, NOW)).isEmpty();
    }

    @Test
    void serviceShouldSendNotificationToTheConfiguredProcessorWhenGiven() throws Exception {
        mailet(store, notifications, "notificationProcessor", "outbound-notice").service(mail(patient));

        assertThat(context.getSentMails().get(0).getState()).isEqualTo("outbound-notice");
    }

    @Test
    void serviceShouldSendMailToErrorProcessorWhenStoreFails() throws Exception {
        PickupStore broken = new InMemoryPickupStore(clock, Duration.ofDays(30)) {
            @Override
            public synchronized PickupReceipt deposit(PickupDeposit deposit) {
                throw new IllegalStateException("database down");
            }
        };
        Mail mail = mail(patient);

        mailet(broken, notifications, "errorProcessor", "pickup-error").service(mail);

        assertThat(mail.getState()).isEqualTo("pickup-error");
        assertThat(mail.getRecipients()).containsExactly(patient);
        assertThat(mail.getErrorMessage()).contains("could not be stored").doesNotContain(SECRET_SUBJECT);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldThrowOnATransientStoreFailureKeepingOnlyTheRecipientsNotYetStored() throws Exception {
        MailAddress second = new MailAddress("other@patientmail.example");
        PickupStore restarting = new InMemoryPickupStore(clock, Duration.ofDays(30)) {
            @Override
            public synchronized PickupReceipt deposit(PickupDeposit deposit) {
                if (deposit.patient().equals(second)) {
                    throw new IllegalStateException("store failed", new SQLException("connection refused", "08001"));
                }
                return super.deposit(deposit);
            }
        };
        Mail mail = mail(patient, second);

        assertThatThrownBy(() -> mailet(restarting, notifications).service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageNotContaining(SECRET_SUBJECT)
            .hasRootCauseInstanceOf(SQLException.class);

        assertThat(mail.getRecipients()).containsExactly(second);
        assertThat(mail.getState()).isNotEqualTo("error");
        assertThat(restarting.listForPatient(patient, NOW)).hasSize(1);
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void serviceShouldDeleteTheDepositWhenTheNotificationCannotBeComposed() throws Exception {
        PickupNotifications failing = new PickupNotifications() {
            @Override
            public MailAddress sender() {
                return notifications.sender();
            }

            @Override
            public MimeMessage compose(MailAddress to, PickupReceipt receipt) throws MessagingException {
                throw new MessagingException("template broken");
            }
        };
        Mail mail = mail(patient);

        mailet(store, failing).service(mail);

        assertThat(mail.getState()).isEqualTo("error");
        assertThat(store.listForPatient(patient, NOW)).isEmpty();
    }

    @Test
    void serviceShouldSendOnlyFailedRecipientsToErrorProcessorWhenOthersSucceed() throws Exception {
        MailAddress unlucky = new MailAddress("unlucky@patientmail.example");
        PickupStore picky = failingFor(unlucky);
        MailAddress colleague = new MailAddress("nurse@localhost");
        Mail mail = mail(patient, unlucky, colleague);

        mailet(picky, notifications).service(mail);

        assertThat(mail.getRecipients()).containsExactly(colleague);
        List<FakeMailContext.SentMail> toError = context.getSentMails().stream()
            .filter(sent -> "error".equals(sent.getState())).toList();
        assertThat(toError).hasSize(1);
        assertThat(toError.get(0).getRecipients()).containsExactly(unlucky);
        assertThat(picky.listForPatient(patient, NOW)).hasSize(1);
    }

    @Test
    void serviceShouldSendTheMailItselfToErrorProcessorWhenOnlyFailedRecipientsRemain() throws Exception {
        MailAddress unlucky = new MailAddress("unlucky@patientmail.example");
        PickupStore picky = failingFor(unlucky);
        Mail mail = mail(patient, unlucky);

        mailet(picky, notifications).service(mail);

        assertThat(mail.getState()).isEqualTo("error");
        assertThat(mail.getRecipients()).containsExactly(unlucky);
        assertThat(picky.listForPatient(patient, NOW)).hasSize(1);
    }

    @Test
    void serviceShouldRemoveThePatientCheckHeaderAndKeepItsValueWhenPresent() throws Exception {
        MailAddress colleague = new MailAddress("nurse@localhost");
        Mail mail = mail(patient, colleague);
        mail.getMessage().setHeader(StoreForPickup.PATIENT_CHECK_HEADER, "1980-02-27");
        mail.getMessage().saveChanges();

        mailet(store, notifications).service(mail);

        assertThat(mail.getMessage().getHeader(StoreForPickup.PATIENT_CHECK_HEADER)).isNull();
        assertThat(store.patientCheck(patient)).contains("19800227");
    }

    @Test
    void serviceShouldSendToErrorProcessorWhenPatientCheckIsRequiredAndMissing() throws Exception {
        Mail mail = mail(patient);

        mailet(store, notifications, "requirePatientCheck", "true").service(mail);

        assertThat(mail.getState()).isEqualTo("error");
        assertThat(mail.getErrorMessage()).contains(StoreForPickup.PATIENT_CHECK_HEADER);
        assertThat(store.listForPatient(patient, NOW)).isEmpty();
    }

    @Test
    void serviceShouldDoNothingWhenAllRecipientsAreLocal() throws Exception {
        MailAddress colleague = new MailAddress("nurse@localhost");
        Mail mail = mail(colleague);

        mailet(store, notifications).service(mail);

        assertThat(mail.getRecipients()).containsExactly(colleague);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldThreadAnAnswerIntoTheConversationOfTheMessageItAnswers() throws Exception {
        StoreForPickup mailet = mailet(store, notifications);
        mailet.service(mail(patient));
        Mail answer = mail(patient);
        answer.getMessage().setHeader("Message-ID", "<orig-2@localhost>");
        answer.getMessage().setHeader("In-Reply-To", "<orig-1@localhost>");

        mailet.service(answer);

        List<PickupSummary> stored = store.listForPatient(patient, NOW);
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).conversationId()).isEqualTo(stored.get(1).conversationId());
    }

    @Test
    void initShouldRejectAnUnknownParameter() {
        assertThatThrownBy(() -> mailet(store, notifications, "errorProcesor", "x"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("errorProcesor");
    }

    @Test
    void initShouldRejectABooleanThatIsNeitherTrueNorFalse() {
        assertThatThrownBy(() -> mailet(store, notifications, "requirePatientCheck", "ture"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("requirePatientCheck");
    }

    @Test
    void initShouldRejectAnEmptyErrorProcessor() {
        assertThatThrownBy(() -> mailet(store, notifications, "errorProcessor", " "))
            .isInstanceOf(MessagingException.class).hasMessageContaining("errorProcessor");
    }
}
