package org.inbasket.mailets.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.triage.TriageParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a mail whose processing failed on a transient infrastructure failure (matched by
 * {@link IsTransientFailure}) back in the spool after a delay, to resume at the processor recorded by
 * {@link MarkResumePoint} (else at {@code processor}), instead of holding it in the error repository or bouncing
 * it. Each retry waits the next of {@code delays}; after the last one, the mail is not requeued: its error
 * message becomes "transient failure persisted after N retries: ..." and it continues in the processor, so the
 * ordinary error handling that follows holds it with that reason.
 *
 * <p>It uses the spool queue itself, not {@code MailetContext#sendMail}, which would mark the mail as sent by a
 * mailet and so allowed to relay. The mail keeps its James name, so {@code DeliverOnce} still recognises it.</p>
 *
 * <p>Parameters: {@code delays} (default {@code 10s,30s,1m,2m,5m,10m}): comma-separated durations, one per retry;
 * {@code processor} (default {@code root}): where a mail without a recorded resume point starts again. Unknown
 * parameters and malformed durations fail the start. Failure: if the spool refuses the mail, the exception
 * propagates and James's spooler retries the whole mail (nothing is lost).</p>
 *
 * <p>The attempts are counted in the mail attribute {@value #ATTEMPTS} and, for copies that lose their attributes
 * (James's {@code RecipientRewriteTable} sends a new mail with only name, sender, recipients and message to its
 * error processor), in memory by mail name.</p>
 *
 * <p>BUGS: the in-memory count starts again after a restart, so such a copy can be retried the full number of
 * times once per restart.</p>
 *
 * <p>SECURITY: logs the mail name, the attempt and the failure's first line, never the content.</p>
 *
 * <pre>{@code
 * <mailet match="org.inbasket.mailets.delivery.IsTransientFailure" class="org.inbasket.mailets.delivery.RetryLater">
 *     <delays>10s,30s,1m,2m,5m,10m</delays>
 * </mailet>
 * }</pre>
 */
public class RetryLater extends GenericMailet {
    public static final String ATTEMPTS = "org.inbasket.retry.attempts";
    static final AttributeName ATTEMPTS_NAME = AttributeName.of(ATTEMPTS);
    private static final Logger LOGGER = LoggerFactory.getLogger(RetryLater.class);

    private static final int RECENT_LIMIT = 10_000;

    private final MailQueueFactory<?> queues;
    /** Attempts by mail name, for copies that lose the attribute (James's RecipientRewriteTable error copies). */
    private final Map<String, Integer> recentAttempts = new ConcurrentHashMap<>();
    private MailQueue spool;
    private List<Duration> delays;
    private String processor;

    @Inject
    public RetryLater(MailQueueFactory<?> queues) {
        this.queues = queues;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("delays", "processor"));
        String value = getInitParameter("delays", "10s,30s,1m,2m,5m,10m");
        delays = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (part.isBlank()) {
                throw new MessagingException(getMailetName() + ": parameter 'delays' has an empty entry: '" + value + "'");
            }
            delays.add(TriageParameters.duration(getMailetName(), "delays", part, null));
        }
        processor = getInitParameter("processor", Mail.DEFAULT).trim();
        if (processor.isEmpty()) {
            throw new MessagingException(getMailetName() + ": parameter 'processor' must not be empty");
        }
        spool = queues.createQueue(MailQueueFactory.SPOOL);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        int done = Math.max(mail.getAttribute(ATTEMPTS_NAME)
            .flatMap(attribute -> attribute.getValue().valueAs(Integer.class))
            .orElse(0), recentAttempts.getOrDefault(mail.getName(), 0));
        String reason = TransientFailures.firstLine(mail.getErrorMessage());
        if (done >= delays.size()) {
            LOGGER.error("mail {}: transient failure persisted after {} retries; handing it to the error handling",
                mail.getName(), done);
            mail.setErrorMessage("transient failure persisted after " + done + " retries: " + reason);
            recentAttempts.remove(mail.getName());
            return;
        }
        String resume = mail.getAttribute(MarkResumePoint.NAME)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class))
            .orElse(processor);
        Duration delay = delays.get(done);
        mail.setAttribute(new Attribute(ATTEMPTS_NAME, AttributeValue.of(done + 1)));
        if (recentAttempts.size() >= RECENT_LIMIT) {
            recentAttempts.clear();
        }
        recentAttempts.put(mail.getName(), done + 1);
        mail.removeAttribute(Mail.MAILET_ERROR);
        mail.setErrorMessage(null);
        mail.setState(resume);
        spool.enQueue(mail, delay);
        mail.setState(Mail.GHOST);
        LOGGER.warn("mail {}: transient failure ({}); retry {} of {} at processor {} in {}", mail.getName(), reason,
            done + 1, delays.size(), resume, delay);
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return List.of(new ProcessingState(processor));
    }

    @Override
    public String getMailetInfo() {
        return "Puts mail that failed on a transient infrastructure failure back in the spool after a delay";
    }
}
