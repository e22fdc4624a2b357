package org.inbasket.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class ShortenErrorMessageTest {
    private static ShortenErrorMessage init(String length) throws MessagingException {
        ShortenErrorMessage mailet = new ShortenErrorMessage();
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ShortenErrorMessage")
            .mailetContext(FakeMailContext.defaultContext());
        if (length != null) {
            config.setProperty("length", length);
        }
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void serviceShouldKeepOnlyTheFirstLineOfAStackTrace() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").build();
        mail.setErrorMessage("Exception calling LocalDelivery: connection refused\n"
            + "javax.mail.MessagingException: connection refused\n\tat org.example.Foo.bar(Foo.java:1)\n");

        init(null).service(mail);

        assertThat(mail.getErrorMessage()).isEqualTo("Exception calling LocalDelivery: connection refused");
    }

    @Test
    void serviceShouldCutALongFirstLineToTheLength() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").build();
        mail.setErrorMessage("x".repeat(5000));

        init(null).service(mail);
        assertThat(mail.getErrorMessage()).hasSize(200).endsWith("...");

        init("40").service(mail);
        assertThat(mail.getErrorMessage()).hasSize(40);
    }

    @Test
    void serviceShouldLeaveAMailWithoutErrorMessageAlone() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").build();

        init(null).service(mail);

        assertThat(mail.getErrorMessage()).isNull();
    }

    @Test
    void serviceShouldGiveTheConfiguredReasonToAMailWithoutErrorMessageOnly() throws Exception {
        ShortenErrorMessage mailet = new ShortenErrorMessage();
        mailet.init(FakeMailetConfig.builder().mailetName("ShortenErrorMessage")
            .mailetContext(FakeMailContext.defaultContext())
            .setProperty("reasonIfNone", "mailbox store failed").build());
        FakeMail withoutReason = FakeMail.builder().name("error-m1").build();
        FakeMail withReason = FakeMail.builder().name("m2").build();
        withReason.setErrorMessage("relay denied");

        mailet.service(withoutReason);
        mailet.service(withReason);

        assertThat(withoutReason.getErrorMessage()).isEqualTo("mailbox store failed");
        assertThat(withReason.getErrorMessage()).isEqualTo("relay denied");
    }

    @Test
    void initShouldRejectLengthsOutsideTheColumnOrNotNumbers() {
        assertThatThrownBy(() -> init("201")).isInstanceOf(MessagingException.class).hasMessageContaining("from 20 to 200");
        assertThatThrownBy(() -> init("ten")).isInstanceOf(MessagingException.class).hasMessageContaining("must be a number");
    }
}
