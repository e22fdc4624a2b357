package org.inbasket.mailets.delivery;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the sender of a mail that was held or refused, in fixed words: the configured {@code message} and the
 * mail's reference (its name, which the administrator finds in the mail repository), nothing else. James's own
 * {@code Bounce} writes the error message, the Subject and every address of the original into the notice; a
 * crypto failure's reason and a patient's Subject have no place in a mail the gateway writes.
 *
 * <p>The notice goes to the envelope sender with a null return path (it cannot bounce back), {@code
 * Auto-Submitted: auto-replied} and {@code In-Reply-To} the original's Message-ID. A sender in a local domain gets
 * it through {@code localProcessor} (default {@code root}: stored like any local mail, encrypted at rest); an
 * outside sender through {@code remoteProcessor} (default {@code relay}), like the urgent autoreply: it holds no
 * health information, and the pickup store cannot take a mail with a null sender. Nothing is sent for a mail
 * with a null sender (a notice, a bounce, an autoreply). The mail itself is not changed.
 *
 * <p>Parameters: {@code message} (required): the notice's text; {@code subject} (default {@value
 * #DEFAULT_SUBJECT}); {@code localProcessor} (default {@code root}); {@code remoteProcessor} (default {@code
 * relay}). Unknown parameters fail the start. Failure: fails open; a notice that cannot be sent is logged (WARN,
 * mail name and exception class) and the mail goes on.</p>
 *
 * <p>SECURITY: the notice holds only configured text, the mail's name and its Message-ID; no content, Subject,
 * recipient or error reason of the original, so it may leave in clear.</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.inbasket.mailets.delivery.NotifySenderOfFailure">
 *     <message>Your message could not be delivered and is held for the administrator.</message>
 * </mailet>
 * }</pre>
 */
public class NotifySenderOfFailure extends GenericMailet {
    static final String DEFAULT_SUBJECT = "Your message was not delivered";
    private static final Logger LOGGER = LoggerFactory.getLogger(NotifySenderOfFailure.class);

    private final Clock clock;
    private String message;
    private String subject;
    private String localProcessor;
    private String remoteProcessor;

    public NotifySenderOfFailure() {
        this(Clock.systemUTC());
    }

    NotifySenderOfFailure(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("message", "subject", "localProcessor", "remoteProcessor"));
        message = required("message");
        subject = optional("subject", DEFAULT_SUBJECT);
        localProcessor = optional("localProcessor", "root");
        remoteProcessor = optional("remoteProcessor", "relay");
    }

    private String optional(String name, String defaultValue) throws MessagingException {
        String value = getInitParameter(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.isBlank()) {
            throw new MessagingException(getMailetName() + ": parameter '" + name + "' must not be empty");
        }
        return value.strip();
    }

    private String required(String name) throws MessagingException {
        String value = getInitParameter(name);
        if (value == null || value.isBlank()) {
            throw new MessagingException(getMailetName() + ": parameter '" + name + "' is required");
        }
        return value.strip();
    }

    @Override
    public void service(Mail mail) {
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty() || mail.getMaybeSender().isNullSender()) {
            LOGGER.debug("No failure notice for mail {}: null sender", mail.getName());
            return;
        }
        try {
            MimeMessage notice = notice(mail, sender.get());
            String processor = getMailetContext().isLocalServer(sender.get().getDomain()) ? localProcessor : remoteProcessor;
            getMailetContext().sendMail(MailAddress.nullSender(), List.of(sender.get()), notice, processor);
            LOGGER.info("Sent a failure notice for mail {}", mail.getName());
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Could not send the failure notice for mail {}: {}", mail.getName(), e.getClass().getSimpleName());
        }
    }

    private MimeMessage notice(Mail mail, MailAddress sender) throws MessagingException {
        MailAddress postmaster = getMailetContext().getPostmaster();
        Properties properties = new Properties();
        // The notice's Message-ID names the gateway's domain, not the JVM's host name.
        properties.setProperty("mail.host", postmaster.getDomain().asString());
        MimeMessage notice = new MimeMessage(Session.getInstance(properties));
        notice.setFrom(postmaster.toInternetAddress().orElseThrow());
        notice.setRecipient(Message.RecipientType.TO, sender.toInternetAddress().orElseThrow());
        notice.setSubject(subject, "UTF-8");
        notice.setSentDate(Date.from(clock.instant()));
        notice.setText(message + "\n\nReference: " + mail.getName() + "\n", "UTF-8", "plain");
        notice.setHeader("Auto-Submitted", "auto-replied");
        notice.setHeader("X-Auto-Response-Suppress", "All");
        Optional<String> inReplyTo = originalMessageId(mail);
        if (inReplyTo.isPresent()) {
            notice.setHeader("In-Reply-To", inReplyTo.get());
            notice.setHeader("References", inReplyTo.get());
        }
        notice.saveChanges();
        return notice;
    }

    /** The original's Message-ID when it is one well-formed {@code <id>}; nothing from a broken header. */
    private static Optional<String> originalMessageId(Mail mail) {
        try {
            String id = mail.getMessage().getMessageID();
            if (id != null && id.strip().matches("<[^<>\\s\"]{1,250}>")) {
                return Optional.of(id.strip());
            }
        } catch (MessagingException | RuntimeException e) {
            // A message that cannot be read has no usable Message-ID; the notice goes without one.
        }
        return Optional.empty();
    }

    @Override
    public String getMailetInfo() {
        return "Tells the sender, in fixed words, that the mail was not delivered";
    }
}
