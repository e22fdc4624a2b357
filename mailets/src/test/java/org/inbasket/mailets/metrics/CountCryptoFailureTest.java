package org.inbasket.mailets.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.smime.SmimeMailAttributes;
import org.junit.jupiter.api.Test;

class CountCryptoFailureTest {
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    private CountCryptoFailure init(FakeMailetConfig.Builder config) throws MessagingException {
        CountCryptoFailure count = new CountCryptoFailure(metrics);
        count.init(config.mailetName("CountCryptoFailure").mailetContext(FakeMailContext.defaultContext()).build());
        return count;
    }

    private static FakeMail failed(String operation) throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m1").sender("dr.grey@clinic.example")
            .recipient(new MailAddress("patient@example.org")).build();
        if (operation != null) {
            mail.setAttribute(new Attribute(SmimeMailAttributes.FAILED_OPERATION, AttributeValue.of(operation)));
        }
        return mail;
    }

    @Test
    void serviceShouldCountEachFailedOperationSeparately() throws Exception {
        CountCryptoFailure count = init(FakeMailetConfig.builder());

        count.service(failed("encrypt"));
        count.service(failed("encrypt"));
        count.service(failed("decrypt"));

        assertThat(metrics.countFor(CountCryptoFailure.PREFIX + "encrypt")).isEqualTo(2);
        assertThat(metrics.countFor(CountCryptoFailure.PREFIX + "decrypt")).isEqualTo(1);
    }

    @Test
    void serviceShouldNotCountFailuresThatWereNotSmimeOrCarryAnUnknownOperation() throws Exception {
        CountCryptoFailure count = init(FakeMailetConfig.builder());

        count.service(failed(null));
        count.service(failed("launch-missiles"));

        assertThat(metrics.countForPrefixName(CountCryptoFailure.PREFIX)).isEmpty();
    }

    @Test
    void initShouldRejectParameters() {
        assertThatThrownBy(() -> init(FakeMailetConfig.builder().setProperty("name", "x")))
            .isInstanceOf(MessagingException.class);
    }
}
