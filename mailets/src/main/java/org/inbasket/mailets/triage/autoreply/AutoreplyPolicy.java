package org.inbasket.mailets.triage.autoreply;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * When an automatic reply is allowed, after RFC 3834 section 2 and common practice. A reply is refused to:
 * a null or missing sender; mail with {@code Auto-Submitted} other than {@code no}; list or bulk mail
 * ({@code List-Id}, {@code List-Unsubscribe}, {@code List-Post}, {@code Precedence: bulk|list|junk});
 * delivery and read reports ({@code multipart/report}); senders that ask for none
 * ({@code X-Auto-Response-Suppress: All|AutoReply|OOF}); and machine addresses (noreply, no-reply,
 * do-not-reply, mailer-daemon, postmaster, bounce, list owners and request addresses).
 *
 * <p>SECURITY: the reason strings are fixed words, safe to log; they contain no address or content.</p>
 */
public final class AutoreplyPolicy {
    private static final Pattern MACHINE_LOCAL_PART = Pattern.compile(
        "(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|mailer[-_.]?daemon|postmaster|bounces?|"
            + "listserv|majordomo|notifications?|alerts?)(?:[-+_.].*)?|owner-.*|.*-(?:request|owner|bounces?)|"
            + ".*[-_.+]no[-_.]?reply",
        Pattern.CASE_INSENSITIVE);

    private AutoreplyPolicy() {
    }

    /** Empty when a reply is allowed; otherwise the reason it is not. */
    public static Optional<String> refusal(Mail mail) throws MessagingException {
        if (mail.getMaybeSender().isNullSender() || mail.getMaybeSender().asOptional().isEmpty()) {
            return Optional.of("null-sender");
        }
        MailAddress sender = mail.getMaybeSender().get();
        if (MACHINE_LOCAL_PART.matcher(sender.getLocalPart()).matches()) {
            return Optional.of("machine-address");
        }
        MimeMessage message = mail.getMessage();
        String autoSubmitted = message.getHeader("Auto-Submitted", ",");
        if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("auto-submitted");
        }
        if (message.getHeader("List-Id") != null || message.getHeader("List-Unsubscribe") != null
            || message.getHeader("List-Post") != null) {
            return Optional.of("list-mail");
        }
        String precedence = message.getHeader("Precedence", ",");
        if (precedence != null && precedence.trim().toLowerCase(Locale.ROOT).matches("(bulk|list|junk).*")) {
            return Optional.of("bulk-mail");
        }
        String suppress = message.getHeader("X-Auto-Response-Suppress", ",");
        if (suppress != null && suppress.toLowerCase(Locale.ROOT).matches(".*\\b(all|autoreply|oof)\\b.*")) {
            return Optional.of("suppressed");
        }
        if (isReport(message)) {
            return Optional.of("report");
        }
        return Optional.empty();
    }

    private static boolean isReport(MimeMessage message) throws MessagingException {
        String type = message.getContentType();
        if (type == null) {
            return false;
        }
        try {
            return new ContentType(type).match("multipart/report");
        } catch (javax.mail.internet.ParseException e) {
            return type.toLowerCase(Locale.ROOT).trim().startsWith("multipart/report");
        }
    }
}
