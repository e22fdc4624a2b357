package org.inbasket.gateway.portal.web;

import java.io.UnsupportedEncodingException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.pickup.MailTemplate;

/**
 * The mail the portal writes: system notices from the templates in {@code conf/portal/} ({@code code.txt},
 * {@code reminder.txt}, {@code read-receipt.txt}, {@code unread-notice.txt}) and the messages patients write.
 *
 * <p>SECURITY: notices to patients carry no health information (only the clinic, a code, dates and the portal
 * address). Patient messages carry {@value #VERIFIED_HEADER} with the verified address.</p>
 */
public final class PortalMail {
    /** Header naming the address the portal verified as the author. */
    public static final String VERIFIED_HEADER = "X-Inbasket-Portal-Verified";
    /** Header carrying the category of a new message. */
    public static final String CATEGORY_HEADER = "X-Inbasket-Category";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm",
        Locale.ENGLISH);

    private final String clinicName;
    private final String clinicPhone;
    private final String portalUrl;
    private final MailAddress from;
    private final ZoneId zone;
    private final MailTemplate code;
    private final MailTemplate reminder;
    private final MailTemplate readReceipt;
    private final MailTemplate unreadNotice;
    private final String messageIdDomain;

    /** A composed message and the Message-ID it will keep. */
    public record Composed(MimeMessage message, String messageId) {
    }

    public PortalMail(String clinicName, String clinicPhone, String portalUrl, MailAddress from, Path templates,
                      ZoneId zone) {
        this.clinicName = clinicName;
        this.clinicPhone = clinicPhone;
        this.portalUrl = portalUrl;
        this.from = from;
        this.zone = zone;
        this.code = MailTemplate.text(templates.resolve("code.txt"), Set.of("clinicName", "code", "minutes"));
        this.reminder = MailTemplate.text(templates.resolve("reminder.txt"),
            Set.of("clinicName", "clinicPhone", "portalUrl", "sentDate", "expiryDate"));
        this.readReceipt = MailTemplate.text(templates.resolve("read-receipt.txt"),
            Set.of("clinicName", "patient", "messageId", "sentDate", "openedDate"));
        this.unreadNotice = MailTemplate.text(templates.resolve("unread-notice.txt"),
            Set.of("clinicName", "patient", "messageId", "sentDate"));
        this.messageIdDomain = java.net.URI.create(portalUrl).getHost();
    }

    public MailAddress from() {
        return from;
    }

    public MimeMessage code(MailAddress patient, String value, long minutes) throws MessagingException {
        return notice(patient, code, Map.of("clinicName", clinicName, "code", value, "minutes",
            Long.toString(minutes)));
    }

    public MimeMessage reminder(MailAddress patient, Instant sent, Instant expires) throws MessagingException {
        return notice(patient, reminder, Map.of("clinicName", clinicName, "clinicPhone", clinicPhone,
            "portalUrl", portalUrl, "sentDate", DATE.format(sent.atZone(zone)),
            "expiryDate", DATE.format(expires.atZone(zone))));
    }

    public MimeMessage readReceipt(MailAddress staff, MailAddress patient, String rfcMessageId, Instant sent,
                                   Instant opened) throws MessagingException {
        return notice(staff, readReceipt, Map.of("clinicName", clinicName, "patient", patient.asString(),
            "messageId", rfcMessageId, "sentDate", DATE_TIME.format(sent.atZone(zone)),
            "openedDate", DATE_TIME.format(opened.atZone(zone))));
    }

    public MimeMessage unreadNotice(MailAddress staff, MailAddress patient, String rfcMessageId, Instant sent)
        throws MessagingException {
        return notice(staff, unreadNotice, Map.of("clinicName", clinicName, "patient", patient.asString(),
            "messageId", rfcMessageId, "sentDate", DATE_TIME.format(sent.atZone(zone))));
    }

    private MimeMessage notice(MailAddress to, MailTemplate template, Map<String, String> values)
        throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        try {
            message.setFrom(new InternetAddress(from.asString(), clinicName, "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 unsupported", e);
        }
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.asString()));
        message.setSubject(template.subject(values), "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setText(template.body(values), "UTF-8");
        message.saveChanges();
        return message;
    }

    /**
     * A message written by a verified patient.
     *
     * @param inReplyTo the Message-ID answered, for replies
     * @param category  the category code, for new messages
     */
    public Composed patientMessage(MailAddress patient, MailAddress to, String subject, String text,
                                   List<UploadForm.Upload> files, Optional<String> inReplyTo,
                                   Optional<String> category, Instant now) throws MessagingException {
        String messageId = "<" + UUID.randomUUID() + "@" + messageIdDomain + ">";
        MimeMessage message = new FixedIdMimeMessage(messageId);
        message.setFrom(new InternetAddress(patient.asString()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.asString()));
        message.setSubject(subject, "UTF-8");
        message.setSentDate(Date.from(now));
        message.setHeader(VERIFIED_HEADER, patient.asString());
        if (category.isPresent()) {
            message.setHeader(CATEGORY_HEADER, category.get());
        }
        if (inReplyTo.isPresent()) {
            message.setHeader("In-Reply-To", inReplyTo.get());
            message.setHeader("References", inReplyTo.get());
        }
        if (files.isEmpty()) {
            message.setText(text, "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, "UTF-8");
            mixed.addBodyPart(body);
            for (UploadForm.Upload file : files) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.data(), file.contentType())));
                try {
                    part.setFileName(MimeUtility.encodeText(file.fileName(), "UTF-8", null));
                } catch (UnsupportedEncodingException e) {
                    throw new MessagingException("UTF-8 unsupported", e);
                }
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return new Composed(message, messageId);
    }

    /** Keeps the Message-ID it was given through saveChanges(), so threading stays intact. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(String messageId) {
            super(Session.getInstance(new Properties()));
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
