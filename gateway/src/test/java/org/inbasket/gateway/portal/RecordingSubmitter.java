package org.inbasket.gateway.portal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

/** Keeps what the portal submits, by kind. */
public final class RecordingSubmitter implements MailSubmitter {
    public enum Kind { PATIENT_MESSAGE, TO_PATIENT, TO_STAFF }

    public record Sent(Kind kind, MailAddress sender, List<MailAddress> recipients, MimeMessage message) {
    }

    public final List<Sent> sent = new CopyOnWriteArrayList<>();
    public volatile boolean failPatientMessages;

    @Override
    public void submitPatientMessage(MailAddress patient, Collection<MailAddress> recipients, MimeMessage message)
        throws javax.mail.MessagingException {
        if (failPatientMessages) {
            throw new javax.mail.MessagingException("queue unavailable");
        }
        sent.add(new Sent(Kind.PATIENT_MESSAGE, patient, List.copyOf(recipients), message));
    }

    @Override
    public void sendToPatient(MailAddress sender, MailAddress patient, MimeMessage message) {
        sent.add(new Sent(Kind.TO_PATIENT, sender, List.of(patient), message));
    }

    @Override
    public void sendToStaff(MailAddress sender, MailAddress staff, MimeMessage message) {
        sent.add(new Sent(Kind.TO_STAFF, sender, List.of(staff), message));
    }

    public List<Sent> of(Kind kind) {
        return sent.stream().filter(s -> s.kind() == kind).toList();
    }
}
