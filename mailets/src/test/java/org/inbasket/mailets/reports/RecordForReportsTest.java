package org.inbasket.mailets.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.MutableClock;
import org.inbasket.mailets.reports.ReportFacts.Handling;
import org.inbasket.mailets.triage.RouteToPool;
import org.inbasket.mailets.triage.TestMails;
import org.inbasket.mailets.triage.TriageAttributes;
import org.junit.jupiter.api.Test;

/** FakeMailContext treats only "localhost" as local, so the clinic here is "localhost". */
class RecordForReportsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryReportFacts facts = new InMemoryReportFacts();

    private RecordForReports mailet(String fact) throws MessagingException {
        RecordForReports mailet = new RecordForReports(facts, clock);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordForReports")
            .mailetContext(FakeMailContext.defaultContext()).setProperty("fact", fact).build());
        return mailet;
    }

    private static FakeMail mail(String sender, String recipient, MimeMessage message) throws MessagingException {
        return FakeMail.builder().name("m-" + System.nanoTime()).sender(sender).recipient(new MailAddress(recipient))
            .mimeMessage(message).build();
    }

    private static MimeMessage message(String messageId, String inReplyTo, String references) throws MessagingException {
        MimeMessage m = TestMails.text("Hello", "Body");
        m.setHeader("Message-ID", messageId);
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
        }
        if (references != null) {
            m.setHeader("References", references);
        }
        return m;
    }

    @Test
    void serviceShouldPairAClinicianReplyWithThePatientMessageItAnswers() throws Exception {
        mailet("patient-message").service(mail("pat@outside.example", "dr.grey@localhost",
            message("<q1@outside.example>", null, null)));
        clock.advance(Duration.ofHours(26));

        mailet("reply").service(mail("dr.grey@localhost", "pat@outside.example",
            message("<r1@localhost>", "<q1@outside.example>", "<q0@outside.example> <q1@outside.example>")));

        assertThat(facts.patientMessages(T0, T0.plusSeconds(1))).singleElement().satisfies(m -> {
            assertThat(m.handling()).isEqualTo(Handling.CLINICIAN);
            assertThat(m.channel()).isEqualTo(ReportFacts.Channel.MAIL);
            assertThat(m.responseTime()).contains(Duration.ofHours(26));
        });
    }

    @Test
    void serviceShouldPairThroughReferencesWhenInReplyToIsMissingAndIgnoreAPatientsOwnFollowUp() throws Exception {
        mailet("patient-message").service(mail("pat@outside.example", "dr.grey@localhost",
            message("<q1@outside.example>", null, null)));
        clock.advance(Duration.ofHours(1));
        // The patient writes again in the same thread: not an answer.
        mailet("reply").service(mail("pat@outside.example", "dr.grey@localhost",
            message("<q2@outside.example>", "<q1@outside.example>", null)));
        assertThat(facts.patientMessages(T0, T0.plusSeconds(1)).get(0).answeredAt()).isEmpty();

        clock.advance(Duration.ofHours(1));
        mailet("reply").service(mail("dr.grey@localhost", "pat@outside.example",
            message("<r1@localhost>", null, "<q1@outside.example>")));
        assertThat(facts.patientMessages(T0, T0.plusSeconds(1)).get(0).responseTime()).contains(Duration.ofHours(2));
    }

    @Test
    void serviceShouldRecordHandlingPoolUrgentAndPortalChannel() throws Exception {
        MimeMessage pooled = message("<p@o>", null, null);
        pooled.addHeader(RouteToPool.HEADER, "dr.grey@localhost -> rn-pool@localhost; category=billing; by=keyword");
        MimeMessage kept = message("<k@o>", null, null);
        kept.addHeader(RouteToPool.HEADER, "dr.grey@localhost kept; reason=clinical; category=clinical-question");
        kept.addHeader(RecordForReports.PORTAL_HEADER, "pat@outside.example");
        FakeMail urgent = mail("pat@outside.example", "dr.grey@localhost", message("<u@o>", null, null));
        TriageAttributes.setUrgentCategories(urgent, List.of("cardiac"));

        RecordForReports mailet = mailet("patient-message");
        mailet.service(mail("pat@outside.example", "dr.grey@localhost", pooled));
        mailet.service(mail("pat@outside.example", "dr.grey@localhost", kept));
        mailet.service(urgent);

        assertThat(facts.patientMessages(T0, T0.plusSeconds(1)))
            .extracting(ReportFacts.PatientMessage::handling, ReportFacts.PatientMessage::channel)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Handling.POOL, ReportFacts.Channel.MAIL),
                org.assertj.core.groups.Tuple.tuple(Handling.CLINICIAN, ReportFacts.Channel.PORTAL),
                org.assertj.core.groups.Tuple.tuple(Handling.URGENT, ReportFacts.Channel.MAIL));
    }

    @Test
    void serviceShouldSkipLocalSendersNullSendersAndMailWithoutMessageId() throws Exception {
        RecordForReports mailet = mailet("patient-message");
        mailet.service(mail("dr.house@localhost", "dr.grey@localhost", message("<c@localhost>", null, null)));
        mailet.service(FakeMail.builder().name("bounce").recipient(new MailAddress("dr.grey@localhost"))
            .mimeMessage(message("<b@o>", null, null)).build());
        MimeMessage noId = TestMails.text("Hello", "Body");
        noId.removeHeader("Message-ID");
        mailet.service(mail("pat@outside.example", "dr.grey@localhost", noId));

        assertThat(facts.patientMessages(Instant.EPOCH, T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void encryptedShouldRecordOneSecureMessagePerRecipientOfALocalSender() throws Exception {
        FakeMail out = FakeMail.builder().name("m1").sender("dr.grey@localhost")
            .recipients(new MailAddress("a@outside.example"), new MailAddress("b@outside.example"))
            .mimeMessage(message("<r@localhost>", null, null)).build();
        RecordForReports mailet = mailet("encrypted");
        mailet.service(out);
        mailet.service(out);
        mailet.service(mail("pat@outside.example", "c@outside.example", message("<x@o>", null, null)));

        assertThat(facts.secureMessages(T0, T0.plusSeconds(1)))
            .extracting(m -> m.patient().asString(), ReportFacts.SecureMessage::delivery)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("a@outside.example", ReportFacts.Delivery.ENCRYPTED),
                org.assertj.core.groups.Tuple.tuple("b@outside.example", ReportFacts.Delivery.ENCRYPTED));
    }

    @Test
    void serviceShouldFailOpenWhenTheStoreFails() throws Exception {
        javax.sql.DataSource down = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                throw new java.sql.SQLException("database down", "08001");
            });
        RecordForReports mailet = new RecordForReports(new JdbcReportFacts(down), clock);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordForReports")
            .mailetContext(FakeMailContext.defaultContext()).setProperty("fact", "patient-message").build());
        FakeMail mail = mail("pat@outside.example", "dr.grey@localhost", message("<q@o>", null, null));

        mailet.service(mail);

        assertThat(mail.getState()).isNull();
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.grey@localhost"));
    }

    @Test
    void initShouldRejectAnUnknownFactAndUnknownParameters() {
        assertThatThrownBy(() -> mailet("replied")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("fact must be one of");
        assertThatThrownBy(() -> new RecordForReports(facts, clock).init(FakeMailetConfig.builder()
            .mailetName("RecordForReports").setProperty("fact", "reply").setProperty("facts", "x").build()))
            .isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> new RecordForReports(facts, clock).init(FakeMailetConfig.builder()
            .mailetName("RecordForReports").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("fact is required");
    }
}
