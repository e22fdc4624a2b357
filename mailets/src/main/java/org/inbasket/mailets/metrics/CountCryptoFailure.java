package org.inbasket.mailets.metrics;

import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.smime.SmimeMailAttributes;

/**
 * Counts S/MIME failures by step, in James's {@link MetricFactory} under {@value #PREFIX}{@code <operation>}; the
 * admin API's {@code GET /metrics} shows them as {@code inbasket_crypto_failures_total{operation="..."}}. The
 * operation ({@code decrypt}, {@code sign} or {@code encrypt}) is the one {@code SmimeDecrypt}, {@code SmimeSign}
 * or {@code SmimeEncrypt} recorded when it sent the mail to its error processor; a mail without it (a failure
 * that was not S/MIME) is not counted. The mail is not changed. Place it in the {@code error} processor.
 *
 * <p>Parameters: none; any parameter fails the start.</p>
 *
 * <p>SECURITY: counts only; the label is one of three fixed words.</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.inbasket.mailets.metrics.CountCryptoFailure"/>
 * }</pre>
 */
public class CountCryptoFailure extends GenericMailet {
    /** Prefix of the counters in James's metric registry. */
    public static final String PREFIX = "inbasket.crypto.failures.";
    static final Set<String> OPERATIONS = Set.of("decrypt", "sign", "encrypt");

    private final MetricFactory metrics;

    @Inject
    public CountCryptoFailure(MetricFactory metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) {
        mail.getAttribute(SmimeMailAttributes.FAILED_OPERATION).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(String.class::isInstance).map(String.class::cast).filter(OPERATIONS::contains)
            .ifPresent(operation -> metrics.generate(PREFIX + operation).increment());
    }

    @Override
    public String getMailetInfo() {
        return "CountCryptoFailure";
    }
}
