package org.inbasket.gateway.portal.web;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.inbasket.gateway.portal.AuditAction;
import org.inbasket.gateway.portal.AuditEvent;
import org.inbasket.gateway.portal.PortalConfiguration;
import org.inbasket.mailets.pickup.AttachmentInfo;
import org.inbasket.mailets.pickup.Direction;
import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupContent;
import org.inbasket.mailets.pickup.PickupDeposit;
import org.inbasket.mailets.pickup.PickupMessage;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.inbasket.mailets.pickup.PickupStoreException;
import org.inbasket.mailets.pickup.PickupSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logged-in pages: conversations, a conversation with its messages, attachment download, reply, and a new
 * message to the care team.
 *
 * <p>SECURITY: every page checks the session's verified address and asks the store only for that address's
 * messages. HTML bodies go through {@link HtmlSanitizer}; plain text is escaped by the template. Downloads are
 * always attachments with a sandboxing CSP and {@code nosniff}. Patient messages enter James through
 * {@link org.inbasket.gateway.portal.MailSubmitter#submitPatientMessage} from the verified address.</p>
 */
final class MessagePages {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessagePages.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm", Locale.ENGLISH);
    /** Categories of new messages: header value and the label shown. */
    static final Map<String, String> CATEGORIES = categories();

    private final PortalContext context;
    private final PortalHandler handler;

    MessagePages(PortalContext context, PortalHandler handler) {
        this.context = context;
        this.handler = handler;
    }

    private static Map<String, String> categories() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("prescription-refill", "Prescription refill");
        map.put("appointment", "Appointment");
        map.put("billing", "Billing");
        map.put("medical-question", "Medical question");
        return map;
    }

    private Instant now() {
        return context.clock().instant();
    }

    private String when(Instant instant) {
        return DATE.format(instant.atZone(context.config().timeZone()));
    }

    private void audit(AuditAction action, String address, Http http, Optional<String> messageId) {
        context.audit().record(new AuditEvent(now(), action, address, http.clientIp(), messageId));
    }

    /** The logged-in session, or a redirect to the login page (remembering where the patient was going). */
    private Optional<Session> loggedIn(Http http) throws IOException {
        Optional<Session> session = handler.session(http, false).filter(s -> s.address().isPresent());
        if (session.isEmpty()) {
            http.redirect("/login");
        }
        return session;
    }

    private static MailAddress address(Session session) throws IOException {
        try {
            return new MailAddress(session.address().orElseThrow());
        } catch (AddressException e) {
            throw new IOException("invalid session address", e);
        }
    }

    private List<PickupSummary> all(MailAddress patient) throws IOException {
        try {
            return context.pickupStore().listForPatient(patient, now());
        } catch (PickupStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    void list(Http http) throws IOException {
        Optional<Session> session = loggedIn(http);
        if (session.isEmpty()) {
            return;
        }
        MailAddress patient = address(session.get());
        Map<String, List<PickupSummary>> byConversation = new LinkedHashMap<>();
        for (PickupSummary summary : all(patient)) {
            byConversation.computeIfAbsent(summary.conversationId(), k -> new ArrayList<>()).add(summary);
        }
        List<Map<String, Object>> conversations = new ArrayList<>();
        byConversation.values().stream()
            .sorted(Comparator.comparing((List<PickupSummary> l) -> l.get(l.size() - 1).createdAt()).reversed())
            .forEach(thread -> {
                PickupSummary first = thread.get(0);
                PickupSummary last = thread.get(thread.size() - 1);
                Map<String, Object> row = new HashMap<>();
                row.put("id", first.conversationId());
                row.put("subject", subjectOf(thread.stream().filter(s -> s.direction() == Direction.TO_PATIENT)
                    .findFirst().orElse(first)));
                row.put("with", thread.stream().filter(s -> s.direction() == Direction.TO_PATIENT).findFirst()
                    .orElse(first).counterpart().asString());
                row.put("count", thread.size());
                row.put("latest", when(last.createdAt()));
                row.put("unread", thread.stream().anyMatch(s -> s.direction() == Direction.TO_PATIENT
                    && s.firstOpenedAt().isEmpty()));
                conversations.add(row);
            });
        Map<String, Object> model = handler.model(session.get(), "Your secure messages");
        model.put("conversations", conversations);
        model.put("notice", http.query("sent").isPresent() ? "Your message was sent to your care team." : "");
        handler.page(http, 200, "messages", model);
    }

    private static String subjectOf(PickupSummary summary) {
        return summary.subject().isBlank() ? "(no subject)" : summary.subject();
    }

    void conversation(Http http, String conversationId) throws IOException {
        Optional<Session> session = loggedIn(http);
        if (session.isEmpty()) {
            return;
        }
        renderConversation(http, session.get(), conversationId, 200, List.of(), "", "");
    }

    private void renderConversation(Http http, Session session, String conversationId, int status,
                                    List<String> errors, String draft, String notice) throws IOException {
        MailAddress patient = address(session);
        List<PickupSummary> thread = all(patient).stream()
            .filter(s -> s.conversationId().equals(conversationId)).toList();
        if (thread.isEmpty()) {
            handler.error(http, 404, "Message not found", "This message is not available. It may have expired or "
                + "been withdrawn by the clinic.");
            return;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (PickupSummary summary : thread) {
            Optional<PickupMessage> message;
            try {
                message = context.pickupStore().read(summary.messageId(), patient, now());
            } catch (PickupStoreException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (message.isEmpty()) {
                continue;
            }
            audit(AuditAction.VIEW, patient.asString(), http, Optional.of(summary.messageId()));
            if (summary.direction() == Direction.TO_PATIENT) {
                firstOpen(http, message.get());
            }
            items.add(item(message.get()));
        }
        if (notice.isEmpty() && http.query("sent").isPresent()) {
            notice = "Your message was sent to your care team.";
        }
        Map<String, Object> model = handler.model(session, subjectOf(thread.stream()
            .filter(s -> s.direction() == Direction.TO_PATIENT).findFirst().orElse(thread.get(0))));
        model.put("conversationId", conversationId);
        model.put("messages", items);
        model.put("notice", notice);
        putWritingForm(model, errors, draft);
        handler.page(http, status, "conversation", model);
    }

    /** What the reply and new-message forms share: errors, the kept text, and the upload limits. */
    private void putWritingForm(Map<String, Object> model, List<String> errors, String draft) {
        model.put("errors", errors);
        model.put("draft", draft);
        model.put("uploadHint", uploadHint());
        model.put("maxChars", context.config().messageMaxChars());
        model.put("canUpload", context.config().uploadMaxFiles() > 0);
    }

    private String uploadHint() {
        PortalConfiguration config = context.config();
        return "You can add up to " + config.uploadMaxFiles() + " files: " + UploadForm.describe(config.uploadTypes())
            + ", up to " + UploadForm.megabytes(config.uploadMaxFileSize()) + " each.";
    }

    private Map<String, Object> item(PickupMessage message) {
        PickupSummary summary = message.summary();
        Map<String, Object> item = new HashMap<>();
        item.put("id", summary.messageId());
        item.put("fromPatient", summary.direction() == Direction.FROM_PATIENT);
        item.put("from", summary.direction() == Direction.FROM_PATIENT ? "You" : summary.counterpart().asString());
        item.put("to", summary.direction() == Direction.FROM_PATIENT ? summary.counterpart().asString() : "You");
        item.put("date", when(summary.createdAt()));
        item.put("subject", subjectOf(summary));
        if (message.htmlBody().isPresent()) {
            item.put("html", HtmlSanitizer.sanitize(message.htmlBody().get()));
            item.put("text", "");
        } else {
            item.put("html", "");
            item.put("text", message.textBody().orElse(""));
        }
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (AttachmentInfo info : summary.attachments()) {
            Map<String, Object> a = new HashMap<>();
            a.put("url", "/attachments/" + summary.messageId() + "/" + info.index());
            a.put("name", SafeNames.fileName(info.fileName()));
            a.put("size", UploadForm.megabytes(info.size()));
            attachments.add(a);
        }
        item.put("attachments", attachments);
        return item;
    }

    /** Records the first opening and sends the read receipt if asked; a failed receipt only logs. */
    private void firstOpen(Http http, PickupMessage message) throws IOException {
        PickupSummary summary = message.summary();
        if (summary.firstOpenedAt().isPresent()) {
            return;
        }
        Instant now = now();
        boolean first;
        try {
            first = context.pickupStore().markOpened(summary.messageId(), now);
        } catch (PickupStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        PortalConfiguration.ReadReceipts policy = context.config().readReceipts();
        boolean wanted = policy == PortalConfiguration.ReadReceipts.ALWAYS
            || (policy == PortalConfiguration.ReadReceipts.REQUESTED && summary.readReceiptRequested());
        if (!first || !wanted) {
            return;
        }
        try {
            context.submitter().sendToStaff(context.mail().from(), summary.counterpart(), context.mail().readReceipt(
                summary.counterpart(), summary.patient(), summary.rfcMessageId(), summary.createdAt(), now));
            audit(AuditAction.READ_RECEIPT_SENT, summary.patient().asString(), http,
                Optional.of(summary.messageId()));
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Read receipt for message {} could not be sent: {}", summary.messageId(),
                e.getClass().getSimpleName());
        }
    }

    void download(Http http, String messageId, int index) throws IOException {
        Optional<Session> session = loggedIn(http);
        if (session.isEmpty()) {
            return;
        }
        MailAddress patient = address(session.get());
        Optional<PickupAttachment> attachment;
        try {
            attachment = context.pickupStore().attachment(messageId, index, patient, now());
        } catch (PickupStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (attachment.isEmpty()) {
            handler.error(http, 404, "File not found", "This file is not available. It may have expired or been "
                + "withdrawn by the clinic.");
            return;
        }
        audit(AuditAction.DOWNLOAD, patient.asString(), http, Optional.of(messageId));
        PickupAttachment file = attachment.get();
        http.download(SafeNames.contentType(file.contentType()), SafeNames.attachmentDisposition(file.fileName()),
            file.data());
    }

    private UploadForm.Limits limits() {
        PortalConfiguration config = context.config();
        return new UploadForm.Limits(config.uploadMaxFiles(), config.uploadMaxFileSize(), config.uploadTypes(),
            config.messageMaxChars() * 4 + 1024);
    }

    private Optional<UploadForm> uploadForm(Http http) throws IOException {
        String type = http.header("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            handler.csrfRefused(http);
            return Optional.empty();
        }
        UploadForm form = UploadForm.parse(type, http.contentLength(), http.body(), limits());
        if (form.tooLarge()) {
            handler.error(http, 413, "Your message is too large", "Together, the files you attached are larger than "
                + "we can accept. " + uploadHint() + " Please go back and remove a file or send smaller photos.");
            return Optional.empty();
        }
        return Optional.of(form);
    }

    private record Posted(UploadForm form, Session session) {
    }

    /** A multipart POST from a logged-in session with a matching CSRF token; otherwise answered, empty. */
    private Optional<Posted> loggedInUpload(Http http) throws IOException {
        Optional<UploadForm> parsed = uploadForm(http);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Optional<Session> checked = handler.postSession(http, parsed.get().field("csrf"));
        if (checked.isEmpty()) {
            return Optional.empty();
        }
        if (checked.get().address().isEmpty()) {
            http.redirect("/login");
            return Optional.empty();
        }
        return Optional.of(new Posted(parsed.get(), checked.get()));
    }

    void reply(Http http, String conversationId) throws IOException {
        Optional<Posted> posted = loggedInUpload(http);
        if (posted.isEmpty()) {
            return;
        }
        UploadForm form = posted.get().form();
        Optional<Session> checked = Optional.of(posted.get().session());
        MailAddress patient = address(checked.get());
        List<PickupSummary> thread = all(patient).stream()
            .filter(s -> s.conversationId().equals(conversationId)).toList();
        Optional<PickupSummary> answered = thread.stream().filter(s -> s.direction() == Direction.TO_PATIENT)
            .reduce((a, b) -> b).or(() -> thread.stream().reduce((a, b) -> b));
        if (answered.isEmpty()) {
            handler.error(http, 404, "Message not found", "This conversation is not available any more.");
            return;
        }
        String text = form.field("message").orElse("").strip();
        List<String> errors = validate(form, text);
        if (!errors.isEmpty()) {
            renderConversation(http, checked.get(), conversationId, 400, errors, text, "");
            return;
        }
        PickupSummary original = answered.get();
        String subject = original.subject().regionMatches(true, 0, "Re:", 0, 3) ? original.subject()
            : "Re: " + original.subject();
        deliver(http, patient, original.counterpart(), subject, text, form, Optional.of(original.rfcMessageId()),
            Optional.empty(), AuditAction.REPLY);
        http.redirect("/conversations/" + conversationId + "?sent=1");
    }

    private List<String> validate(UploadForm form, String text) {
        List<String> errors = new ArrayList<>(form.problems());
        if (text.isEmpty()) {
            errors.add("Please write your message.");
        } else if (text.codePointCount(0, text.length()) > context.config().messageMaxChars()) {
            errors.add("Your message is too long: please keep it under " + context.config().messageMaxChars()
                + " characters.");
        }
        return errors;
    }

    /** Stores the patient's copy, then hands the message to James; undoes the copy if James refuses it. */
    private PickupReceipt deliver(Http http, MailAddress patient, MailAddress to, String subject, String text,
                                  UploadForm form, Optional<String> inReplyTo, Optional<String> category,
                                  AuditAction action) throws IOException {
        try {
            PortalMail.Composed composed = context.mail().patientMessage(patient, to, subject, text, form.files(),
                inReplyTo, category, now());
            List<PickupAttachment> attachments = form.files().stream()
                .map(f -> new PickupAttachment(f.fileName(), f.contentType(), f.data())).toList();
            PickupReceipt receipt = context.pickupStore().deposit(new PickupDeposit(Direction.FROM_PATIENT, patient,
                to, composed.messageId(), inReplyTo.map(List::of).orElse(List.of()), false, Optional.empty(),
                new PickupContent(subject, Optional.of(text), Optional.empty(), attachments)));
            try {
                context.submitter().submitPatientMessage(patient, List.of(to), composed.message());
            } catch (MessagingException | RuntimeException e) {
                context.pickupStore().delete(receipt.messageId());
                throw new IOException("submission failed: " + e.getClass().getSimpleName(), e);
            }
            audit(action, patient.asString(), http, Optional.of(receipt.messageId()));
            return receipt;
        } catch (MessagingException | PickupStoreException e) {
            throw new IOException(e.getClass().getSimpleName(), e);
        }
    }

    void composePage(Http http) throws IOException {
        Optional<Session> session = loggedIn(http);
        if (session.isEmpty()) {
            return;
        }
        renderCompose(http, session.get(), 200, List.of(), "", "", "");
    }

    private void renderCompose(Http http, Session session, int status, List<String> errors, String category,
                               String subject, String draft) throws IOException {
        Map<String, Object> model = handler.model(session, "Write to your care team");
        List<Map<String, Object>> options = new ArrayList<>();
        CATEGORIES.forEach((code, label) -> options.add(Map.of("code", code, "label", label,
            "checked", code.equals(category))));
        model.put("categories", options);
        model.put("subject", subject);
        putWritingForm(model, errors, draft);
        handler.page(http, status, "compose", model);
    }

    void send(Http http) throws IOException {
        Optional<Posted> posted = loggedInUpload(http);
        if (posted.isEmpty()) {
            return;
        }
        UploadForm form = posted.get().form();
        Optional<Session> checked = Optional.of(posted.get().session());
        MailAddress patient = address(checked.get());
        String category = form.field("category").orElse("");
        String subjectField = form.field("subject").orElse("").strip().replaceAll("[\\r\\n\\t]+", " ");
        String text = form.field("message").orElse("").strip();
        List<String> errors = new ArrayList<>();
        if (!CATEGORIES.containsKey(category)) {
            errors.add("Please choose what your message is about.");
        }
        if (subjectField.length() > 200) {
            errors.add("Please keep the subject under 200 characters.");
        }
        errors.addAll(validate(form, text));
        if (!errors.isEmpty()) {
            renderCompose(http, checked.get(), 400, errors, category, subjectField.length() > 200 ? "" : subjectField,
                text);
            return;
        }
        String label = CATEGORIES.get(category);
        String subject = subjectField.isEmpty() ? label : label + ": " + subjectField;
        PickupReceipt receipt = deliver(http, patient, context.config().careTeam(), subject, text, form,
            Optional.empty(), Optional.of(category), AuditAction.NEW_MESSAGE);
        http.redirect("/conversations/" + receipt.conversationId() + "?sent=1");
    }
}
