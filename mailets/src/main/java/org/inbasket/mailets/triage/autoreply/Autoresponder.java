package org.inbasket.mailets.triage.autoreply;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that sends automatic replies to patients (urgent notice, coverage notice), following RFC
 * 3834: {@link AutoreplyPolicy} decides whether a reply is allowed, the {@link ReplyLedger} allows one per
 * sender and kind per window, the reply goes to the envelope sender with a null return path,
 * {@code Auto-Submitted: auto-replied}, {@code In-Reply-To}/{@code References} for threading and
 * {@code X-Auto-Response-Suppress: All} so that other robots stay quiet.
 *
 * <p>Failure behaviour: fails open. A ledger failure logs a WARN and the reply is sent anyway (a duplicate
 * safety notice is better than none); a failure to build or send the reply logs a WARN. Nothing here ever
 * throws into the calling mailet, so the patient's message is always delivered.</p>
 *
 * <p>SECURITY: the reply is the template only; nothing of the patient's message is copied into it. Logs name
 * the mail and the outcome, never the address or content.</p>
 */
public final class Autoresponder {
    /** What happened to one reply request. */
    public enum Outcome { SENT, REFUSED, ALREADY_REPLIED, FAILED }

    /** Where replies come from and go, per mailet. */
    public record Settings(String kind, MailAddress from, Optional<String> fromName, Duration window,
                           String processor, boolean replyToLocalSenders) {
        public Settings {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(from);
            Objects.requireNonNull(fromName);
            Objects.requireNonNull(window);
            Objects.requireNonNull(processor);
        }
    }

    /** Header naming the kind of an automatic reply, for matchers further down the pipeline. */
    public static final String KIND_HEADER = "X-Inbasket-Autoreply";

    private static final Logger LOGGER = LoggerFactory.getLogger(Autoresponder.class);

    private final ReplyLedger ledger;
    private final Clock clock;

    public Autoresponder(ReplyLedger ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Replies to the sender of {@code original} if RFC 3834 and the ledger allow it. Never throws. */
    public Outcome reply(Mail original, MailetContext context, Settings settings, AutoreplyTemplate template,
                         Map<String, String> variables) {
        try {
            Optional<String> refusal = AutoreplyPolicy.refusal(original);
            if (refusal.isEmpty() && !settings.replyToLocalSenders()
                && context.isLocalServer(original.getMaybeSender().get().getDomain())) {
                refusal = Optional.of("local-sender");
            }
            if (refusal.isPresent()) {
                LOGGER.debug("No {} autoreply for mail {}: {}", settings.kind(), original.getName(), refusal.get());
                return Outcome.REFUSED;
            }
            MailAddress patient = original.getMaybeSender().get();
            if (!acquire(settings, patient, original)) {
                LOGGER.debug("No {} autoreply for mail {}: already replied in window", settings.kind(), original.getName());
                return Outcome.ALREADY_REPLIED;
            }
            MimeMessage reply = build(original, patient, settings, template, variables);
            context.sendMail(MailAddress.nullSender(), List.of(patient), reply, settings.processor());
            LOGGER.info("Sent {} autoreply for mail {}", settings.kind(), original.getName());
            return Outcome.SENT;
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            LOGGER.warn("Could not send {} autoreply for mail {}: {}; the message itself is delivered",
                settings.kind(), original.getName(), e.getClass().getSimpleName());
            return Outcome.FAILED;
        }
    }

    private boolean acquire(Settings settings, MailAddress patient, Mail original) {
        try {
            return ledger.tryAcquire(settings.kind(), patient, clock.instant(), settings.window());
        } catch (RuntimeException e) {
            LOGGER.warn("Reply ledger unavailable for mail {} ({}); replying anyway", original.getName(),
                e.getClass().getSimpleName());
            return true;
        }
    }

    private MimeMessage build(Mail original, MailAddress patient, Settings settings, AutoreplyTemplate template,
                              Map<String, String> variables) throws MessagingException, UnsupportedEncodingException {
        MimeMessage reply = new MimeMessage(Session.getInstance(new Properties()));
        InternetAddress from = settings.fromName().isPresent()
            ? new InternetAddress(settings.from().asString(), settings.fromName().get(), "UTF-8")
            : settings.from().toInternetAddress().orElseThrow();
        reply.setFrom(from);
        reply.setRecipient(javax.mail.Message.RecipientType.TO, patient.toInternetAddress().orElseThrow());
        reply.setSubject(template.subject(variables), "UTF-8");
        reply.setSentDate(Date.from(clock.instant()));
        reply.setText(template.render(variables), "UTF-8", "plain");
        reply.setHeader("Auto-Submitted", "auto-replied");
        reply.setHeader("X-Auto-Response-Suppress", "All");
        reply.setHeader(KIND_HEADER, settings.kind());
        String messageId = original.getMessage().getMessageID();
        if (messageId != null) {
            reply.setHeader("In-Reply-To", messageId);
            String references = original.getMessage().getHeader("References", " ");
            reply.setHeader("References", references == null ? messageId : references + " " + messageId);
        }
        reply.saveChanges();
        return reply;
    }
}
