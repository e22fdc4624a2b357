package org.inbasket.mailets.smime;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches (all recipients of) a mail whose top level is S/MIME signed: {@code multipart/signed} with a
 * PKCS#7 signature, or opaque {@code signed-data}. It says nothing about validity; that is
 * {@link SmimeVerify}'s job.
 *
 * <p>No condition. Never fails: an unreadable message does not match.</p>
 */
public class IsSmimeSigned extends GenericMatcher {
    @Override
    public void init() throws MessagingException {
        MailetParameters.requireNoCondition(getMatcherConfig());
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return SmimeMessages.kindOf(mail.getMessage()).isSigned() ? mail.getRecipients() : List.of();
    }
}
