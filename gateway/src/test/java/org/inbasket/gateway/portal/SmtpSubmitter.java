package org.inbasket.gateway.portal;

import java.util.Collection;
import java.util.List;
import java.util.Properties;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

/** A {@link MailSubmitter} that delivers straight over SMTP (to GreenMail, standing in for the outside world). */
public final class SmtpSubmitter implements MailSubmitter {
    private final String host;
    private final int port;

    public SmtpSubmitter(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public void send(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message)
        throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.from", sender.asString());
        Session session = Session.getInstance(properties);
        Address[] to = recipients.stream().map(r -> {
            try {
                return new InternetAddress(r.asString());
            } catch (javax.mail.internet.AddressException e) {
                throw new IllegalArgumentException(e);
            }
        }).toArray(Address[]::new);
        MimeMessage copy = new MimeMessage(session, toStream(message));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(copy, to);
        }
    }

    private static java.io.InputStream toStream(MimeMessage message) throws MessagingException {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            message.writeTo(out);
            return new java.io.ByteArrayInputStream(out.toByteArray());
        } catch (java.io.IOException e) {
            throw new MessagingException("cannot copy message", e);
        }
    }

    @Override
    public void submitPatientMessage(MailAddress patient, Collection<MailAddress> recipients, MimeMessage message)
        throws MessagingException {
        send(patient, recipients, message);
    }

    @Override
    public void sendToPatient(MailAddress sender, MailAddress patient, MimeMessage message) throws MessagingException {
        send(sender, List.of(patient), message);
    }

    @Override
    public void sendToStaff(MailAddress sender, MailAddress staff, MimeMessage message) throws MessagingException {
        send(sender, List.of(staff), message);
    }
}
