package org.inbasket.gateway.portal;

import java.util.Collection;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

/**
 * How the portal hands mail to James. The gateway implements it on James's {@code MailetContext} (or mail
 * queue); tests implement it with SMTP to GreenMail.
 *
 * <p>SECURITY: the three kinds differ in where they enter the pipeline. Patient messages must go through the
 * whole pipeline (urgent detection, pool routing, coverage, encryption). Notices to the patient carry no health
 * information and must not be caught by the pickup mailet again (loop).</p>
 */
public interface MailSubmitter {

    /**
     * A message written by a patient whose address the portal verified: enters the full pipeline (James's
     * {@code root} processor), with the envelope sender {@code patient}. The message carries
     * {@code X-Inbasket-Portal-Verified: <patient>}.
     */
    void submitPatientMessage(MailAddress patient, Collection<MailAddress> recipients, MimeMessage message)
        throws MessagingException;

    /**
     * A notice without health information to a patient's own mailbox (one-time code, unread reminder): must
     * be delivered as is, skipping the pickup mailet (for example James's {@code relay} processor).
     */
    void sendToPatient(MailAddress sender, MailAddress patient, MimeMessage message) throws MessagingException;

    /** A notice to clinic staff (read receipt, unread notice): may go through the full pipeline. */
    void sendToStaff(MailAddress sender, MailAddress staff, MimeMessage message) throws MessagingException;
}
