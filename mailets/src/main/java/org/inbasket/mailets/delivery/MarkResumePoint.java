package org.inbasket.mailets.delivery;

import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Records the processor the mail is in ({@value #ATTRIBUTE}), so that {@link RetryLater} resumes a mail that
 * failed on a transient infrastructure failure there, instead of running the steps before it again (removing
 * the gateway's own headers in {@code root}, encrypting twice, sending coverage copies twice). James 3.8.1
 * forgets the processor when a mailet fails (the state becomes {@code error}). Put it first in each processor
 * that is a safe point to start again.
 *
 * <p>Parameters: none. Failure: none. SECURITY: the attribute holds a processor name only; it is set by the
 * gateway and travels with the mail inside the spool, never in the message.</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.inbasket.mailets.delivery.MarkResumePoint"/>
 * }</pre>
 */
public class MarkResumePoint extends GenericMailet {
    public static final String ATTRIBUTE = "org.inbasket.retry.resume";
    static final AttributeName NAME = AttributeName.of(ATTRIBUTE);

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) {
        mail.setAttribute(new Attribute(NAME, AttributeValue.of(mail.getState())));
    }

    @Override
    public String getMailetInfo() {
        return "Records the processor a transient failure resumes at";
    }
}
