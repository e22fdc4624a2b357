package org.inbasket.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

class IsTransientFailureTest {
    private static IsTransientFailure matcher() throws MessagingException {
        IsTransientFailure matcher = new IsTransientFailure();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsTransientFailure")
            .mailetContext(FakeMailContext.defaultContext()).build());
        return matcher;
    }

    private static FakeMail mail(Throwable failure) throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m1").recipient(new MailAddress("dr.grey@clinic.example")).build();
        if (failure != null) {
            mail.setAttribute(new Attribute(Mail.MAILET_ERROR, AttributeValue.ofUnserializable(failure)));
        }
        return mail;
    }

    @Test
    void matchShouldMatchAllRecipientsOnADatabaseConnectionFailure() throws Exception {
        FakeMail mail = mail(new MessagingException("store", new SQLException("refused", "08001")));

        assertThat(matcher().match(mail)).containsExactly(new MailAddress("dr.grey@clinic.example"));
    }

    @Test
    void matchShouldNotMatchOtherFailuresOrMailWithoutFailure() throws Exception {
        assertThat(matcher().match(mail(new MessagingException("bad certificate")))).isEmpty();
        assertThat(matcher().match(mail(null))).isEmpty();
    }
}
