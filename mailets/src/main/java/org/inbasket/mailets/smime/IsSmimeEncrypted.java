package org.inbasket.mailets.smime;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches (all recipients of) a mail whose top level is S/MIME encrypted: EnvelopedData or
 * AuthEnvelopedData, recognised by {@code smime-type} or, when that is missing, by the CMS content.
 *
 * <p>No condition. Never fails: an unreadable message does not match.</p>
 */
public class IsSmimeEncrypted extends GenericMatcher {
    @Override
    public void init() throws MessagingException {
        MailetParameters.requireNoCondition(getMatcherConfig());
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return SmimeMessages.kindOf(mail.getMessage()).isEncrypted() ? mail.getRecipients() : List.of();
    }
}
