package org.inbasket.mailets.pickup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.delivery.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a message in the pickup store for every external recipient, sends each one a notification without
 * health information, and takes those recipients off the mail so nothing goes out in clear.
 *
 * <p>Every recipient outside the server's local domains is handled; local recipients stay on the mail and go
 * on through the pipeline. A mail left without recipients is ghosted. Place it where outbound mail to patients
 * without a usable certificate arrives (after S/MIME encryption has taken the recipients it can serve).</p>
 *
 * <p>The store ({@link PickupStore}) and the notification composer ({@link PickupNotifications}) are injected by
 * the gateway (Guice). The notification is sent to {@code notificationProcessor}, so it skips this mailet.</p>
 *
 * <p>If the message carries the header {@value #PATIENT_CHECK_HEADER} (for example a date of birth set by the
 * clinic's system), its value becomes the patient's extra check on first pickup; the header is removed from
 * the mail in every case.</p>
 *
 * <h2>Parameters</h2>
 * <ul>
 *   <li>{@code errorProcessor} (default {@code error}): where recipients go whose message could not be stored
 *       or notified; the mail's error message says why, without content.</li>
 *   <li>{@code notificationProcessor} (default {@code relay}): the processor that delivers notifications to
 *       the outside world. It must not route them back through this mailet.</li>
 *   <li>{@code requirePatientCheck} (default {@code false}; {@code true} or {@code false} only): when true, a
 *       mail without {@value #PATIENT_CHECK_HEADER} goes to {@code errorProcessor}.</li>
 * </ul>
 *
 * <h2>Failure</h2>
 * <p>Fail closed: when extraction, storage or the notification fails for a recipient, that recipient goes to
 * {@code errorProcessor} (a duplicate carrying only the failed recipients) and a deposit already made for it
 * is deleted, so a retry from the error repository does not leave two copies. The recipient never receives
 * the original. A transient failure (the database connection, {@link TransientFailures}) is thrown instead, with
 * the recipients already stored taken off the mail, so that James's error handling gives the rest to
 * {@code RetryLater} (ADR 0067).</p>
 *
 * <p>SECURITY: the trust boundary is the notification: it is built by {@link PickupNotifications} from the
 * clinic's template and the link only. Logs name the mail and the failure class, never subject or content.</p>
 */
public class StoreForPickup extends GenericMailet {
    /** Header carrying the clinic's extra check value for the patient (removed before anything else). */
    public static final String PATIENT_CHECK_HEADER = "X-Inbasket-Patient-Check";
    private static final Logger LOGGER = LoggerFactory.getLogger(StoreForPickup.class);
    private static final Set<String> PARAMETERS = Set.of("errorProcessor", "notificationProcessor",
        "requirePatientCheck");

    private final PickupStore store;
    private final PickupNotifications notifications;
    private String errorProcessor;
    private String notificationProcessor;
    private boolean requirePatientCheck;

    @Inject
    public StoreForPickup(PickupStore store, PickupNotifications notifications) {
        this.store = Objects.requireNonNull(store, "store");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(PARAMETERS);
        errorProcessor = nonBlank("errorProcessor", "error");
        notificationProcessor = nonBlank("notificationProcessor", "relay");
        String check = getInitParameter("requirePatientCheck", "false").strip();
        if (!check.equals("true") && !check.equals("false")) {
            throw new MessagingException(getMailetName() + ": parameter requirePatientCheck must be true or false, was '"
                + check + "'");
        }
        requirePatientCheck = Boolean.parseBoolean(check);
    }

    private String nonBlank(String name, String defaultValue) throws MessagingException {
        String value = getInitParameter(name, defaultValue);
        if (value == null || value.isBlank()) {
            throw new MessagingException(getMailetName() + ": parameter " + name + " must not be empty");
        }
        return value.strip();
    }

    @Override
    public String getMailetInfo() {
        return "StoreForPickup: keeps mail to external recipients in the pickup store and notifies them";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Optional<String> patientCheck = takePatientCheck(message);
        List<MailAddress> external = mail.getRecipients().stream()
            .filter(recipient -> !getMailetContext().isLocalServer(recipient.getDomain()))
            .toList();
        if (external.isEmpty()) {
            return;
        }
        if (requirePatientCheck && patientCheck.isEmpty()) {
            fail(mail, external, "StoreForPickup: missing " + PATIENT_CHECK_HEADER + " header");
            return;
        }
        PickupContent content;
        String rfcMessageId;
        List<String> references;
        MailAddress sender;
        try {
            content = MimeContentExtractor.extract(message);
            rfcMessageId = Optional.ofNullable(message.getMessageID()).orElseGet(() -> "<" + mail.getName() + ">");
            references = references(message);
            sender = mail.getMaybeSender().asOptional()
                .orElseThrow(() -> new MessagingException("mail has a null sender"));
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Mail {}: cannot read it for pickup ({})", mail.getName(), e.getClass().getSimpleName());
            fail(mail, external, "StoreForPickup: message could not be read for pickup ("
                + e.getClass().getSimpleName() + ")");
            return;
        }
        boolean receipt = message.getHeader("Disposition-Notification-To") != null;

        List<MailAddress> failed = new ArrayList<>();
        List<MailAddress> done = new ArrayList<>();
        for (MailAddress recipient : external) {
            PickupDeposit deposit = new PickupDeposit(Direction.TO_PATIENT, recipient, sender, rfcMessageId,
                references, receipt, patientCheck, content);
            boolean stored;
            try {
                stored = storeAndNotify(mail, recipient, deposit);
            } catch (MessagingException transientFailure) {
                // The database is restarting: the recipients already stored are done, the others go back to the
                // spool through James's error handling and RetryLater (ADR 0067).
                settle(mail, done, failed);
                throw transientFailure;
            }
            if (stored) {
                done.add(recipient);
            } else {
                failed.add(recipient);
            }
        }
        settle(mail, done, failed);
        if (mail.getRecipients().isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    private void settle(Mail mail, List<MailAddress> done, List<MailAddress> failed) throws MessagingException {
        List<MailAddress> remaining = new ArrayList<>(mail.getRecipients());
        remaining.removeAll(done);
        mail.setRecipients(remaining);
        if (!failed.isEmpty()) {
            fail(mail, failed, "StoreForPickup: " + failed.size()
                + " recipient(s) could not be stored for pickup or notified");
        }
    }

    /**
     * Stores and notifies one recipient. Returns false on a failure that is the mail's or the store's own;
     * throws when the failure is transient (a database connection), so that the mail is retried later.
     */
    private boolean storeAndNotify(Mail mail, MailAddress recipient, PickupDeposit deposit) throws MessagingException {
        PickupReceipt receipt = null;
        try {
            receipt = store.deposit(deposit);
            MimeMessage notification = notifications.compose(recipient, receipt);
            getMailetContext().sendMail(notifications.sender(), List.of(recipient), notification,
                notificationProcessor);
            LOGGER.info("Mail {}: stored for pickup as {}", mail.getName(), receipt.messageId());
            return true;
        } catch (PickupStoreException | MessagingException | RuntimeException e) {
            LOGGER.warn("Mail {}: pickup failed for one recipient ({}: {})", mail.getName(),
                e.getClass().getSimpleName(), e instanceof PickupStoreException ? e.getMessage() : "");
            if (receipt != null) {
                undo(receipt);
            }
            if (TransientFailures.isTransient(e)) {
                throw new MessagingException("the pickup store is unavailable for now", e);
            }
            return false;
        }
    }

    private void undo(PickupReceipt receipt) {
        try {
            store.delete(receipt.messageId());
        } catch (PickupStoreException | RuntimeException e) {
            LOGGER.error("Stored message {} could not be deleted after a failed notification; revoke it",
                receipt.messageId(), e);
        }
    }

    /**
     * Sends the given recipients to the error processor: the whole mail when they are all its recipients,
     * otherwise a duplicate carrying just them.
     */
    private void fail(Mail mail, Collection<MailAddress> recipients, String reason) throws MessagingException {
        if (new LinkedHashSet<>(recipients).containsAll(mail.getRecipients())) {
            mail.setRecipients(List.copyOf(recipients));
            mail.setErrorMessage(reason);
            mail.setState(errorProcessor);
            return;
        }
        Mail copy = mail.duplicate();
        copy.setRecipients(List.copyOf(recipients));
        copy.setErrorMessage(reason);
        getMailetContext().sendMail(copy, errorProcessor);
        List<MailAddress> remaining = new ArrayList<>(mail.getRecipients());
        remaining.removeAll(recipients);
        mail.setRecipients(remaining);
    }

    private static Optional<String> takePatientCheck(MimeMessage message) throws MessagingException {
        String[] values = message.getHeader(PATIENT_CHECK_HEADER);
        if (values == null) {
            return Optional.empty();
        }
        message.removeHeader(PATIENT_CHECK_HEADER);
        message.saveChanges();
        return Arrays.stream(values)
            .map(PickupDeposit::normaliseCheck)
            .filter(value -> !value.isEmpty())
            .findFirst();
    }

    private static List<String> references(MimeMessage message) throws MessagingException {
        List<String> ids = new ArrayList<>();
        for (String header : List.of("In-Reply-To", "References")) {
            String value = message.getHeader(header, " ");
            if (value != null) {
                for (String token : value.trim().split("\\s+")) {
                    if (token.startsWith("<") && token.endsWith(">")) {
                        ids.add(token);
                    }
                }
            }
        }
        return ids;
    }
}
