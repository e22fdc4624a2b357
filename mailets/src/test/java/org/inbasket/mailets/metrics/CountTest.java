package org.inbasket.mailets.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class CountTest {
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    private Count init(FakeMailetConfig.Builder config) throws MessagingException {
        Count count = new Count(metrics);
        count.init(config.mailetName("Count").mailetContext(FakeMailContext.defaultContext()).build());
        return count;
    }

    private static FakeMail mail() throws MessagingException {
        return FakeMail.builder().name("m1").sender("patient@example.org")
            .recipient(new MailAddress("dr.grey@clinic.example")).build();
    }

    @Test
    void serviceShouldIncrementTheNamedCounterOncePerMail() throws Exception {
        Count count = init(FakeMailetConfig.builder().setProperty("name", "urgent"));
        FakeMail mail = mail();

        count.service(mail);
        count.service(mail());

        assertThat(metrics.countFor("inbasket.mails.urgent")).isEqualTo(2);
        assertThat(metrics.countForPrefixName("inbasket.mails.")).containsOnlyKeys("inbasket.mails.urgent");
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.grey@clinic.example"));
        assertThat(mail.getState()).isNull();
    }

    @Test
    void serviceShouldKeepSeparateCountersForSeparateNames() throws Exception {
        Count received = init(FakeMailetConfig.builder().setProperty("name", "received"));
        Count relayed = init(FakeMailetConfig.builder().setProperty("name", "relayed"));

        received.service(mail());
        received.service(mail());
        relayed.service(mail());

        assertThat(metrics.countFor("inbasket.mails.received")).isEqualTo(2);
        assertThat(metrics.countFor("inbasket.mails.relayed")).isEqualTo(1);
    }

    @Test
    void initShouldRequireName() {
        assertThatThrownBy(() -> init(FakeMailetConfig.builder()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("name is required");
    }

    @Test
    void initShouldRejectNamesThatAreNotOneLowerCaseWord() {
        for (String bad : new String[] {"Urgent", "urgent count", "1st", "a.b", "x".repeat(41), "ur\"gent"}) {
            assertThatThrownBy(() -> init(FakeMailetConfig.builder().setProperty("name", bad)))
                .as(bad).isInstanceOf(MessagingException.class).hasMessageContaining("lower-case letters");
        }
    }

    @Test
    void initShouldRejectUnknownParameters() {
        assertThatThrownBy(() -> init(FakeMailetConfig.builder().setProperty("name", "urgent")
            .setProperty("metricName", "x")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("metricName");
    }
}
