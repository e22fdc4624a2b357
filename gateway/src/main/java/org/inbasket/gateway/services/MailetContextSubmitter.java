package org.inbasket.gateway.services;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.inbasket.gateway.portal.MailSubmitter;

/**
 * The portal's way into James. Patient replies and new messages enter {@value #PORTAL_IN}, which runs the
 * whole inbound pipeline except the removal of {@code X-Inbasket-*} headers that guards mail received over
 * SMTP: only these submissions may carry {@code X-Inbasket-Portal-Verified} and the category header. Codes and
 * reminders to the patient go straight to {@value #RELAY} so they never reach the pickup store (they carry no
 * health information); notices to staff enter {@code root} like any mail.
 */
final class MailetContextSubmitter implements MailSubmitter {
    static final String PORTAL_IN = "portal-in";
    static final String RELAY = "relay";
    static final String ROOT = "root";

    private final MailetContext context;

    MailetContextSubmitter(MailetContext context) {
        this.context = context;
    }

    @Override
    public void submitPatientMessage(MailAddress patient, Collection<MailAddress> recipients, MimeMessage message)
        throws MessagingException {
        context.sendMail(patient, List.copyOf(recipients), message, PORTAL_IN);
    }

    @Override
    public void sendToPatient(MailAddress sender, MailAddress patient, MimeMessage message) throws MessagingException {
        context.sendMail(sender, List.of(patient), message, RELAY);
    }

    @Override
    public void sendToStaff(MailAddress sender, MailAddress staff, MimeMessage message) throws MessagingException {
        context.sendMail(sender, List.of(staff), message, ROOT);
    }
}
