package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CopyToOnCallTest {
    private FakeMailContext context;
    private CopyToOnCall mailet;

    @BeforeEach
    void setUp() throws Exception {
        context = FakeMailContext.builder().build();
        mailet = new CopyToOnCall();
        mailet.init(FakeMailetConfig.builder().mailetName("CopyToOnCall").mailetContext(context)
            .setProperty("to", "oncall@clinic.example, backup@clinic.example").build());
    }

    @Test
    void serviceShouldSendACopyToTheOnCallAddressesAndKeepTheOriginal() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("pat@patients.example").recipient("dr.house@clinic.example")
            .mimeMessage(TestMails.text("help", "chest pain")).build();
        TriageAttributes.setUrgentCategories(mail, List.of("cardiac"));

        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.house@clinic.example"));
        assertThat(mail.getMessage().getHeader(CopyToOnCall.HEADER)).isNull();
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail copy = context.getSentMails().get(0);
        assertThat(copy.getRecipients()).containsExactly(new MailAddress("oncall@clinic.example"),
            new MailAddress("backup@clinic.example"));
        assertThat(copy.getState()).isEqualTo("transport");
        assertThat(copy.getMsg().getHeader(CopyToOnCall.HEADER, null)).isEqualTo("yes");
        assertThat(copy.getAttributes()).containsKey(TriageAttributes.URGENT);
    }

    @Test
    void initShouldRequireTo() {
        CopyToOnCall m = new CopyToOnCall();
        assertThatThrownBy(() -> m.init(FakeMailetConfig.builder().mailetName("CopyToOnCall").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("'to' is required");
    }

    @Test
    void initShouldRejectAnInvalidAddress() {
        CopyToOnCall m = new CopyToOnCall();
        assertThatThrownBy(() -> m.init(FakeMailetConfig.builder().mailetName("CopyToOnCall")
            .setProperty("to", "not an address").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("not a valid address");
    }
}
