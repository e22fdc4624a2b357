package org.inbasket.mailets.pickup;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;

/**
 * {@link PickupNotifications} from the branded templates {@code notification.txt} and {@code notification.html}
 * in a template directory (shipped as {@code conf/portal/}).
 *
 * <p>Placeholders: {@code clinicName}, {@code clinicPhone}, {@code link}, {@code portalUrl},
 * {@code expiryDate}. The message is {@code multipart/alternative} (text, then HTML), marked
 * {@code Auto-Submitted: auto-generated}.</p>
 *
 * <p>SECURITY: the link is {@code <portalUrl>/m/<token>}; the token is the only secret and appears nowhere
 * else. Nothing of the original message is used.</p>
 */
public class TemplatePickupNotifications implements PickupNotifications {
    /** Placeholders the notification templates may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("clinicName", "clinicPhone", "link", "portalUrl",
        "expiryDate");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private final String clinicName;
    private final String clinicPhone;
    private final URI portalUrl;
    private final MailAddress sender;
    private final ZoneId zone;
    private final MailTemplate text;
    private final MailTemplate html;

    /**
     * @param clinicName  shown in the subject and body
     * @param clinicPhone the clinic's phone number, for patients who cannot use the link ("" if none)
     * @param portalUrl   the portal's public base URL, such as {@code https://portal.clinic.example}
     * @param sender      the From and envelope sender address
     * @param templates   the directory holding {@code notification.txt} and {@code notification.html}
     * @param zone        time zone in which the expiry date is written
     * @throws IllegalArgumentException if a template is missing or uses an unknown placeholder
     */
    public TemplatePickupNotifications(String clinicName, String clinicPhone, URI portalUrl, MailAddress sender,
                                       Path templates, ZoneId zone) {
        this.clinicName = Objects.requireNonNull(clinicName, "clinicName");
        this.clinicPhone = Objects.requireNonNull(clinicPhone, "clinicPhone");
        this.portalUrl = Objects.requireNonNull(portalUrl, "portalUrl");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.text = MailTemplate.text(templates.resolve("notification.txt"), PLACEHOLDERS);
        this.html = MailTemplate.html(templates.resolve("notification.html"), PLACEHOLDERS);
    }

    @Override
    public MailAddress sender() {
        return sender;
    }

    /** The link for a token: {@code <portalUrl>/m/<token>}. */
    public static String link(URI portalUrl, String token) {
        String base = portalUrl.toString();
        return (base.endsWith("/") ? base : base + "/") + "m/" + token;
    }

    @Override
    public MimeMessage compose(MailAddress patient, PickupReceipt receipt) throws MessagingException {
        String token = receipt.token()
            .orElseThrow(() -> new MessagingException("Receipt without link token: nothing to notify"));
        Map<String, String> values = Map.of(
            "clinicName", clinicName,
            "clinicPhone", clinicPhone,
            "link", link(portalUrl, token),
            "portalUrl", portalUrl.toString(),
            "expiryDate", DATE.format(receipt.expiresAt().atZone(zone)));

        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
        try {
            message.setFrom(new InternetAddress(sender.asString(), clinicName, "UTF-8"));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 unsupported", e);
        }
        message.setRecipient(javax.mail.Message.RecipientType.TO, patient.toInternetAddress().orElseThrow(
            () -> new MessagingException("Patient address cannot be written as an Internet address")));
        message.setSubject(text.subject(values), "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text.body(values), "UTF-8");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html.body(values), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }
}
