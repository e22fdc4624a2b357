package org.inbasket.mailets.pickup;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

/**
 * Composes the notification that tells a patient a secure message waits in the portal.
 *
 * <p>SECURITY: a notification carries no health information: no subject, body, attachment name or sender
 * name of the original; only the clinic's name, the link and its expiry.</p>
 */
public interface PickupNotifications {

    /** The envelope sender and From address of notifications. */
    MailAddress sender();

    /** The notification for one patient and one stored message (whose receipt carries the link token). */
    MimeMessage compose(MailAddress patient, PickupReceipt receipt) throws MessagingException;
}
