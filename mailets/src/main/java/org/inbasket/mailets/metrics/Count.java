package org.inbasket.mailets.metrics;

import java.util.Set;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Counts the mails that reach it, in James's {@link MetricFactory} under {@value #PREFIX}{@code <name>}; the
 * admin API's {@code GET /metrics} shows every such counter as {@code inbasket_mails_total{stage="<name>"}}.
 * The mail is not changed. Put it where a stage is reached: the start of {@code root} (received), after a
 * matcher (urgent), before the mailet that delivers, relays or holds the mail.
 *
 * <p>Parameters: {@code name} (required): a lower-case word, letters, digits and {@code _}, at most 40
 * characters, such as {@code received} or {@code urgent}. Unknown parameters fail the start.</p>
 *
 * <p>Failure: none expected; counting is in memory and restarts from zero with the gateway.</p>
 *
 * <p>SECURITY: counts only. Nothing of the mail (addresses, subject, urgent category) becomes a metric name or
 * label; the one label is the name the operator configured.</p>
 *
 * <pre>{@code
 * <mailet match="org.inbasket.mailets.triage.IsUrgent=file://conf/triage/urgent-lexicon.txt"
 *         class="org.inbasket.mailets.metrics.Count">
 *     <name>urgent</name>
 * </mailet>
 * }</pre>
 */
public class Count extends GenericMailet {
    /** Prefix of the counters in James's metric registry. */
    public static final String PREFIX = "inbasket.mails.";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final MetricFactory metrics;
    private Metric counter;

    @Inject
    public Count(MetricFactory metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("name"));
        String name = getInitParameter("name");
        if (name == null || name.isBlank()) {
            throw new MessagingException(getMailetName() + ": parameter name is required (such as received or urgent)");
        }
        if (!NAME.matcher(name.strip()).matches()) {
            throw new MessagingException(getMailetName() + ": parameter name must be lower-case letters, digits "
                + "and _ (at most 40), starting with a letter");
        }
        counter = metrics.generate(PREFIX + name.strip());
    }

    @Override
    public void service(Mail mail) {
        counter.increment();
    }

    @Override
    public String getMailetInfo() {
        return "Count";
    }
}
