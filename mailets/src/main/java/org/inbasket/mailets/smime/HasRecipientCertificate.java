package org.inbasket.mailets.smime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.DirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the recipients that have a current certificate fit for encryption in the
 * {@link CertificateDirectory}. James splits the mail: matched recipients go to the mailet (typically
 * {@link SmimeEncrypt}), the others continue down the processor (to the pickup store or a quarantine).
 *
 * <p>No condition. Failure: when the directory fails, no recipient matches and a WARN is logged, so the
 * mail takes the path for recipients without certificate, which must itself be safe (never clear text).</p>
 */
public class HasRecipientCertificate extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(HasRecipientCertificate.class);

    private final CertificateDirectory directory;
    private final Clock clock;

    @Inject
    public HasRecipientCertificate(CertificateDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters.requireNoCondition(getMatcherConfig());
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        List<MailAddress> matched = new ArrayList<>();
        try {
            for (MailAddress recipient : mail.getRecipients()) {
                if (!directory.findEncryptionCertificates(recipient.asString(), clock.instant()).isEmpty()) {
                    matched.add(recipient);
                }
            }
        } catch (DirectoryException e) {
            LOGGER.warn("Certificate directory failed for mail {}, no recipient matched: {}", mail.getName(), e.getMessage());
            return List.of();
        }
        return matched;
    }
}
