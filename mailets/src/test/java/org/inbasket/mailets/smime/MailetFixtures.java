package org.inbasket.mailets.smime;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mailet;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;

/** James fakes set up the way the mailet container would. */
final class MailetFixtures {
    private MailetFixtures() {
    }

    static <T extends Mailet> T init(T mailet, String name, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(name);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    static <T extends Matcher> T init(T matcher, String name, String condition) throws MessagingException {
        FakeMatcherConfig.Builder config = FakeMatcherConfig.builder().matcherName(name);
        if (condition != null) {
            config.condition(condition);
        }
        matcher.init(config.build());
        return matcher;
    }

    static FakeMail mail(MimeMessage message, String sender, String... recipients) throws MessagingException {
        FakeMail.Builder builder = FakeMail.builder().name("mail-1").mimeMessage(message).recipients(recipients);
        if (sender != null) {
            builder.sender(sender);
        }
        return builder.build();
    }
}
