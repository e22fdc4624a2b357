package org.inbasket.mailets.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.inbasket.mailets.triage.TriageAttributes;
import org.junit.jupiter.api.Test;

class AuditTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final InMemoryAuditTrail trail = new InMemoryAuditTrail();

    private Audit mailet(AuditTrail target, String event) throws MessagingException {
        Audit audit = new Audit(target, Clock.fixed(NOW, ZoneOffset.UTC));
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("Audit")
            .mailetContext(FakeMailContext.defaultContext());
        if (event != null) {
            config.setProperty("event", event);
        }
        audit.init(config.build());
        return audit;
    }

    private static FakeMail mail(Consumer<MimeMessage> headers) throws MessagingException {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder()
            .setSubject("Chest pain since this morning")
            .setText("I have crushing chest pain and take lisinopril.")
            .addHeader("Message-ID", "<abc.123@outside.example>")
            .build();
        headers.accept(message);
        message.saveChanges();
        message.setHeader("Message-ID", "<abc.123@outside.example>");
        return FakeMail.builder().name("Mail1700000000000-1")
            .sender("patient@outside.example")
            .recipients("dr.grey@clinic.example", "rn-pool@clinic.example")
            .remoteAddr("192.0.2.10")
            .mimeMessage(message)
            .build();
    }

    private static void set(MimeMessage m, String name, String value) {
        try {
            m.addHeader(name, value);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void serviceShouldAppendOneEntryWithEnvelopeAndReferences() throws Exception {
        FakeMail mail = mail(m -> { });
        mailet(trail, "received").service(mail);

        List<AuditEntry> entries = trail.find(AuditQuery.ALL, 10);
        assertThat(entries).hasSize(1);
        AuditRecord r = entries.get(0).record();
        assertThat(r.time()).isEqualTo(NOW);
        assertThat(r.event()).isEqualTo("received");
        assertThat(r.actor()).isEqualTo("patient@outside.example");
        assertThat(r.addresses()).containsExactly("dr.grey@clinic.example", "rn-pool@clinic.example");
        assertThat(r.clientIp()).isEqualTo("192.0.2.10");
        assertThat(r.reference()).isEqualTo("Mail1700000000000-1");
        assertThat(r.messageId()).isEqualTo("<abc.123@outside.example>");
        assertThat(r.detail()).isEqualTo("smime=none");
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void serviceShouldRecordResultTokensButNeverContentCategoriesOrReasons() throws Exception {
        FakeMail mail = mail(m -> {
            set(m, "X-Inbasket-Smime-Signature", "invalid; signer=\"x@outside.example\"; reason=\"the content was altered\"");
            set(m, "X-Inbasket-Smime-Encryption", "decrypted; alg=aes-256-cbc");
            set(m, "X-Inbasket-Route", "dr.grey@clinic.example -> rn-pool@clinic.example; category=prescription-refill; by=keyword");
            set(m, "X-Inbasket-Route", "dr.house@clinic.example kept; reason=clinical; category=clinical-question");
            set(m, "X-Inbasket-Coverage", "dr.house@clinic.example -> dr.grey@clinic.example -> nurse.joy@clinic.example; window=vacation; until=2026-03-02T00:00:00Z");
            set(m, "X-Inbasket-Urgent", "cardiac, mental-health");
            set(m, "X-Inbasket-Autoreply", "coverage:vacation");
        });
        mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("dr.grey@clinic.example")));
        TriageAttributes.setUrgentCategories(mail, List.of("cardiac", "mental-health"));
        mailet(trail, "routed").service(mail);

        String detail = trail.find(AuditQuery.ALL, 1).get(0).record().detail();
        assertThat(detail).isEqualTo("auth=dr.grey@clinic.example; smime=none; encryption=decrypted; signature=invalid; "
            + "urgent=yes; route=dr.grey@clinic.example>rn-pool@clinic.example,dr.house@clinic.example>kept; "
            + "coverage=dr.house@clinic.example>nurse.joy@clinic.example; autoreply=coverage");
        String everything = trail.find(AuditQuery.ALL, 1).get(0).toString();
        for (String secret : List.of("Chest", "chest", "lisinopril", "cardiac", "mental", "refill", "clinical",
            "altered", "vacation", "aes")) {
            assertThat(everything).as(secret).doesNotContain(secret);
        }
    }

    @Test
    void urgentShouldBeNoWhenScannedAndNotUrgent() throws Exception {
        FakeMail mail = mail(m -> { });
        TriageAttributes.setUrgentCategories(mail, List.of());
        mailet(trail, "delivered").service(mail);
        assertThat(trail.find(AuditQuery.ALL, 1).get(0).record().detail()).contains("urgent=no");
    }

    @Test
    void smimeKindShouldComeFromTheContentType() throws Exception {
        FakeMail mail = mail(m -> set(m, "X-Dummy", "1"));
        mail.getMessage().setHeader("Content-Type", "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m");
        mailet(trail, "encrypted").service(mail);
        assertThat(trail.find(AuditQuery.ALL, 1).get(0).record().detail()).isEqualTo("smime=enveloped");
    }

    @Test
    void nullSenderAndGatewayMailShouldBeMarked() throws Exception {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder().setText("x").build();
        FakeMail mail = FakeMail.builder().name("m2").recipient(new MailAddress("patient@outside.example"))
            .mimeMessage(message).attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build();
        mailet(trail, "relayed").service(mail);
        AuditRecord r = trail.find(AuditQuery.ALL, 1).get(0).record();
        assertThat(r.actor()).isEqualTo("<>");
        assertThat(r.detail()).startsWith("origin=gateway");
    }

    @Test
    void serviceShouldFailOpenAndRecordTheGapLater() throws Exception {
        FlakyTrail flaky = new FlakyTrail();
        Audit audit = mailet(flaky, "received");
        flaky.failing = true;
        FakeMail first = mail(m -> { });
        audit.service(first);
        audit.service(mail(m -> { }));
        assertThat(first.getState()).isNotEqualTo(Mail.ERROR);
        assertThat(flaky.delegate.find(AuditQuery.ALL, 10)).isEmpty();

        flaky.failing = false;
        audit.service(mail(m -> { }));
        List<AuditEntry> entries = flaky.delegate.find(AuditQuery.ALL, 10);
        assertThat(entries).extracting(e -> e.record().event()).containsExactly("received", "audit-gap");
        assertThat(entries.get(1).record().detail()).isEqualTo("lost=2; event=received");
    }

    @Test
    void initShouldRejectAMissingUnknownOrMisspeltEvent() {
        assertThatThrownBy(() -> mailet(trail, null)).isInstanceOf(MessagingException.class)
            .hasMessageContaining("event is required");
        assertThatThrownBy(() -> mailet(trail, "recieved")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("must be one of");
        assertThatThrownBy(() -> {
            Audit audit = new Audit(trail, Clock.systemUTC());
            audit.init(FakeMailetConfig.builder().mailetName("Audit").setProperty("event", "received")
                .setProperty("evnet", "x").build());
        }).isInstanceOf(MessagingException.class);
    }

    /** A trail that can be made to fail, as a database outage would. */
    private static final class FlakyTrail implements AuditTrail {
        final InMemoryAuditTrail delegate = new InMemoryAuditTrail();
        volatile boolean failing;

        @Override
        public AuditEntry append(AuditRecord record) {
            if (failing) {
                throw new IllegalStateException("audit trail unavailable");
            }
            return delegate.append(record);
        }

        @Override
        public List<AuditEntry> find(AuditQuery query, int limit) {
            return delegate.find(query, limit);
        }

        @Override
        public void forEach(AuditQuery query, Consumer<AuditEntry> consumer) {
            delegate.forEach(query, consumer);
        }

        @Override
        public AuditVerification verify() {
            return delegate.verify();
        }

        @Override
        public int purgeBefore(Instant cutoff) {
            return delegate.purgeBefore(cutoff);
        }
    }
}
