package org.inbasket.mailets.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.smime.SmimeHeaders;
import org.inbasket.mailets.triage.ForwardForCoverage;
import org.inbasket.mailets.triage.RouteToPool;
import org.inbasket.mailets.triage.TriageAttributes;
import org.inbasket.mailets.triage.autoreply.Autoresponder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one entry per mail to the {@link AuditTrail}: the event named by the {@code event} parameter, the
 * envelope sender and recipients, the client IP, James's mail name and the Message-ID, and the results the
 * gateway's other mailets left on the mail, as tokens: {@code auth} (the SMTP AUTH user), {@code origin=gateway}
 * (mail the gateway made), {@code smime} (enveloped, signed, compressed or none, from the Content-Type),
 * {@code encryption} and {@code signature} (the status token of {@code X-Inbasket-Smime-Encryption} and
 * {@code -Signature}), {@code urgent} (yes or no, when the message was scanned), {@code route}
 * (recipient&gt;pool or recipient&gt;kept), {@code coverage} (absent&gt;coverer), {@code autoreply} (the kind).
 * The mail itself is not changed.
 *
 * <p>Parameters: {@code event} (required), one of {@value #EVENT_LIST}.</p>
 *
 * <p>Failure: fails open (ADR 0040). If the entry cannot be written, an ERROR naming the mail and event is
 * logged and the mail goes on unchanged; the number of lost entries is appended as an {@code audit-gap}
 * entry as soon as the trail accepts entries again, so the gap is visible in the trail itself.</p>
 *
 * <p>SECURITY: never content. No Subject, body, attachment name, urgent category (a category such as
 * "cardiac" is health information) or routing reason is read into the entry; header values are reduced to
 * their leading status token and addresses, with any other character dropped. Headers are trusted because
 * the root processor removes every sender-written {@code X-Inbasket-*} header.</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.inbasket.mailets.audit.Audit">
 *     <event>received</event>
 * </mailet>
 * }</pre>
 */
public class Audit extends GenericMailet {
    static final String EVENT_LIST = "received, decrypted, signature, routed, coverage, urgent-autoreply, "
        + "encrypted, delivered, notified, relayed, error";
    static final Set<String> EVENTS = Set.of(EVENT_LIST.split(", "));
    static final String GAP_EVENT = "audit-gap";
    private static final Logger LOGGER = LoggerFactory.getLogger(Audit.class);
    private static final int TOKEN_MAX = 100;
    /** RFC 5322 msg-id: atext, dots, angle brackets and the brackets of a domain literal. */
    private static final String MESSAGE_ID_CHARACTERS = "<>!#%&'*/?^`{|}~[]";

    private final AuditTrail trail;
    private final Clock clock;
    private final AtomicLong lost = new AtomicLong();
    private String event;

    @Inject
    public Audit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("event"));
        String value = getInitParameter("event");
        if (value == null || value.isBlank()) {
            throw new MessagingException(getMailetName() + ": parameter event is required (one of " + EVENT_LIST + ")");
        }
        event = value.strip();
        if (!EVENTS.contains(event)) {
            throw new MessagingException(getMailetName() + ": parameter event must be one of " + EVENT_LIST
                + ", was '" + AuditRecord.clean(event, 40) + "'");
        }
    }

    @Override
    public void service(Mail mail) {
        try {
            trail.append(record(mail));
        } catch (MessagingException | RuntimeException e) {
            long total = lost.incrementAndGet();
            LOGGER.error("Audit: entry lost for mail {} (event {}, {}); {} lost since the last gap entry",
                mail.getName(), event, rootCause(e), total);
            return;
        }
        long missed = lost.getAndSet(0);
        if (missed > 0) {
            try {
                trail.append(new AuditRecord(clock.instant(), GAP_EVENT, "-", List.of(), "-", "-", "-",
                    "lost=" + missed + "; event=" + event));
            } catch (RuntimeException e) {
                lost.addAndGet(missed);
            }
        }
    }

    AuditRecord record(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        String actor = mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("<>");
        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
        String messageId = message == null ? null : token(message.getMessageID(), AuditRecord.MESSAGE_ID_MAX, MESSAGE_ID_CHARACTERS);
        return new AuditRecord(clock.instant(), event, actor, recipients, mail.getRemoteAddr(), mail.getName(),
            messageId, detail(mail, message));
    }

    private static String detail(Mail mail, MimeMessage message) throws MessagingException {
        List<String> parts = new ArrayList<>();
        mail.getAttribute(Mail.SMTP_AUTH_USER).map(Attribute::getValue).map(AttributeValue::getValue)
            .map(Object::toString).map(user -> token(user, TOKEN_MAX, ""))
            .filter(user -> !user.isEmpty()).ifPresent(user -> parts.add("auth=" + user));
        if (mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent()) {
            parts.add("origin=gateway");
        }
        if (message != null) {
            parts.add("smime=" + smimeKind(message));
            status(message, SmimeHeaders.ENCRYPTION).ifPresent(s -> parts.add("encryption=" + s));
            status(message, SmimeHeaders.SIGNATURE).ifPresent(s -> parts.add("signature=" + s));
        }
        TriageAttributes.urgentCategories(mail)
            .ifPresent(categories -> parts.add("urgent=" + (categories.isEmpty() ? "no" : "yes")));
        if (message != null) {
            arrows(message, RouteToPool.HEADER, true).ifPresent(r -> parts.add("route=" + r));
            arrows(message, ForwardForCoverage.HEADER, false).ifPresent(c -> parts.add("coverage=" + c));
            String[] autoreply = message.getHeader(Autoresponder.KIND_HEADER);
            if (autoreply != null && autoreply.length > 0) {
                String kind = token(autoreply[0].split(":", 2)[0], 40, "");
                if (!kind.isEmpty()) {
                    parts.add("autoreply=" + kind);
                }
            }
        }
        return String.join("; ", parts);
    }

    /** enveloped, signed, compressed or none, from the Content-Type header only (the body is not read). */
    static String smimeKind(MimeMessage message) {
        try {
            String header = message.getContentType();
            if (header == null) {
                return "none";
            }
            ContentType type = new ContentType(header);
            if (type.match("multipart/signed")) {
                return "signed";
            }
            if (type.match("application/pkcs7-mime") || type.match("application/x-pkcs7-mime")) {
                String smimeType = Optional.ofNullable(type.getParameter("smime-type")).orElse("")
                    .toLowerCase(Locale.ROOT);
                return switch (smimeType) {
                    case "signed-data" -> "signed";
                    case "compressed-data" -> "compressed";
                    default -> "enveloped";
                };
            }
            return "none";
        } catch (MessagingException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The status token that starts the gateway's result header ({@code valid; signer=...} gives {@code valid}). */
    private static Optional<String> status(MimeMessage message, String header) throws MessagingException {
        String[] values = message.getHeader(header);
        if (values == null || values.length == 0) {
            return Optional.empty();
        }
        String status = token(values[0].split(";", 2)[0], 40, "");
        return status.isEmpty() ? Optional.empty() : Optional.of(status);
    }

    /**
     * From headers like {@code a@x -> pool@x; category=...; by=...} or {@code a@x kept; reason=...}: only
     * {@code a@x>pool@x} or {@code a@x>kept}. With {@code chain} false ({@code a -> b -> c; window=...}) the
     * first and last address: {@code a>c}. Whatever follows the first {@code ;} is never read.
     */
    private static Optional<String> arrows(MimeMessage message, String header, boolean chain) throws MessagingException {
        String[] values = message.getHeader(header);
        if (values == null) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        for (String value : values) {
            String head = value.split(";", 2)[0].strip();
            if (chain && head.endsWith(" kept")) {
                found.add(token(head.substring(0, head.length() - 5), TOKEN_MAX, "") + ">kept");
                continue;
            }
            String[] hops = head.split("\\s*->\\s*");
            if (hops.length >= 2) {
                found.add(token(hops[0], TOKEN_MAX, "") + ">" + token(hops[hops.length - 1], TOKEN_MAX, ""));
            }
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join(",", found));
    }

    /** Keeps only characters of addresses, Message-IDs and tokens; drops anything else. */
    static String token(String value, int max, String alsoAllowed) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : value.strip().toCharArray()) {
            if (sb.length() >= max) {
                break;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "@._+-=$_".indexOf(c) >= 0
                || alsoAllowed.indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    @Override
    public String getMailetInfo() {
        return "Audit: one hash-chained audit entry per mail, never content";
    }
}
