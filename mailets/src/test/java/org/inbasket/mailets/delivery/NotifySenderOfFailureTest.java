package org.inbasket.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class NotifySenderOfFailureTest {
    private static final String SECRET_SUBJECT = "my HIV test results";
    private static final String SECRET_BODY = "the biopsy came back";
    private static final String REASON = "SmimeDecrypt: no private key for dr.grey@clinic.example (certificate serial 42)";
    private static final String TEXT = "Your message could not be delivered and is held for the administrator.";

    private final FakeMailContext context = FakeMailContext.builder()
        .postmaster(new MailAddress("postmaster@clinic.example")).build();

    NotifySenderOfFailureTest() throws Exception {
    }

    private NotifySenderOfFailure mailet(Map<String, String> parameters) throws MessagingException {
        NotifySenderOfFailure mailet = new NotifySenderOfFailure(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("NotifySenderOfFailure").mailetContext(context);
        parameters.forEach(config::setProperty);
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail failed(MaybeSender sender, String messageId) throws Exception {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder()
            .setSubject(SECRET_SUBJECT).setText(SECRET_BODY)
            .addFrom("patient@outside.example").addToRecipient("dr.grey@clinic.example");
        if (messageId != null) {
            message.addHeader("Message-ID", messageId);
        }
        FakeMail mail = FakeMail.builder().name("mail-1234").sender(sender)
            .recipient("dr.grey@clinic.example").mimeMessage(message).build();
        mail.setErrorMessage(REASON);
        return mail;
    }

    private static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void serviceShouldSendTheConfiguredWordsAndTheReferenceOnlyToTheSender() throws Exception {
        FakeMail mail = failed(MaybeSender.of(new MailAddress("patient@outside.example")), "<abc.123@outside.example>");

        mailet(Map.of("message", TEXT)).service(mail);

        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getRecipients()).containsExactly(new MailAddress("patient@outside.example"));
        assertThat(sent.getSender().isNullSender()).as("null return path").isTrue();
        assertThat(sent.getState()).as("an outside sender's notice goes straight to relay").isEqualTo("relay");
        MimeMessage notice = sent.getMsg();
        assertThat(notice.getSubject()).isEqualTo(NotifySenderOfFailure.DEFAULT_SUBJECT);
        assertThat(notice.getFrom()[0].toString()).isEqualTo("postmaster@clinic.example");
        assertThat(notice.getHeader("Auto-Submitted")).containsExactly("auto-replied");
        assertThat(notice.getHeader("In-Reply-To")).containsExactly("<abc.123@outside.example>");
        assertThat(notice.getMessageID()).endsWith("@clinic.example>");
        assertThat(((String) notice.getContent()).strip()).isEqualTo(TEXT + "\n\nReference: mail-1234");
        String text = raw(notice);
        assertThat(text).doesNotContain(SECRET_SUBJECT).doesNotContain("HIV").doesNotContain("biopsy")
            .doesNotContain("SmimeDecrypt").doesNotContain("serial").doesNotContain("dr.grey");
    }

    @Test
    void serviceShouldLeaveTheMailAsItWas() throws Exception {
        FakeMail mail = failed(MaybeSender.of(new MailAddress("patient@outside.example")), null);

        mailet(Map.of("message", TEXT)).service(mail);

        assertThat(mail.getErrorMessage()).isEqualTo(REASON);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.grey@clinic.example"));
        assertThat(mail.getMessage().getSubject()).isEqualTo(SECRET_SUBJECT);
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void serviceShouldSendNothingForANullSender() throws Exception {
        mailet(Map.of("message", TEXT)).service(failed(MaybeSender.nullSender(), "<x@outside.example>"));

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendALocalSendersNoticeThroughRoot() throws Exception {
        mailet(Map.of("message", TEXT)).service(failed(MaybeSender.of(new MailAddress("dr.house@localhost")), null));

        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getRecipients()).containsExactly(new MailAddress("dr.house@localhost"));
        assertThat(sent.getState()).isEqualTo("root");
    }

    @Test
    void serviceShouldLeaveOutAMalformedMessageIdAndUseTheConfiguredSubjectAndProcessors() throws Exception {
        FakeMail mail = failed(MaybeSender.of(new MailAddress("patient@outside.example")), "<a> <b>\"HIV\"");

        mailet(Map.of("message", TEXT, "subject", "Not delivered", "remoteProcessor", "relay-notices",
            "localProcessor", "transport")).service(mail);

        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getState()).isEqualTo("relay-notices");
        assertThat(sent.getMsg().getSubject()).isEqualTo("Not delivered");
        assertThat(sent.getMsg().getHeader("In-Reply-To")).isNull();
        assertThat(raw(sent.getMsg())).doesNotContain("HIV");
    }

    @Test
    void initShouldRefuseAMissingMessageAnUnknownParameterAndEmptyValues() {
        assertThatThrownBy(() -> mailet(Map.of())).isInstanceOf(MessagingException.class).hasMessageContaining("'message'");
        assertThatThrownBy(() -> mailet(Map.of("message", "  "))).hasMessageContaining("'message'");
        assertThatThrownBy(() -> mailet(Map.of("message", TEXT, "attachment", "none"))).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> mailet(Map.of("message", TEXT, "subject", " "))).hasMessageContaining("'subject'");
        assertThatThrownBy(() -> mailet(Map.of("message", TEXT, "remoteProcessor", ""))).hasMessageContaining("'remoteProcessor'");
        assertThatThrownBy(() -> mailet(Map.of("message", TEXT, "processor", "relay"))).isInstanceOf(MessagingException.class);
    }
}
