package org.inbasket.mailets.delivery;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches a mail that reached the error processor because of a transient infrastructure failure (see
 * {@link TransientFailures}: the database restarting, its connection pool exhausted), found in the exception
 * James keeps in the {@code Mail.MAILET_ERROR} attribute while the mail is in memory. Use it first in the
 * {@code error} processor, with {@link RetryLater}.
 *
 * <p>Condition: none. Failure: none; a mail without the attribute (or with another failure) does not match.</p>
 *
 * <p>SECURITY: reads only the exception's types and SQLStates, never the mail.</p>
 *
 * <pre>{@code
 * <mailet match="org.inbasket.mailets.delivery.IsTransientFailure" class="org.inbasket.mailets.delivery.RetryLater"/>
 * }</pre>
 */
public class IsTransientFailure extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean transientFailure = mail.getAttribute(Mail.MAILET_ERROR)
            .map(attribute -> attribute.getValue().value())
            .filter(Throwable.class::isInstance)
            .map(Throwable.class::cast)
            .map(TransientFailures::isTransient)
            .orElse(false);
        return transientFailure ? mail.getRecipients() : List.of();
    }

    @Override
    public String getMatcherInfo() {
        return "Matches mail whose processing failed on a transient infrastructure failure";
    }
}
