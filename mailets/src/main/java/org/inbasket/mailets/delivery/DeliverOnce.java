package org.inbasket.mailets.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.mailet.StorageDirective;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the following {@code LocalDelivery} exactly-once across crashes.
 *
 * <p>James's spool is at-least-once: if the gateway dies after a message is stored in a mailbox but before
 * the queue learns it, the mail is processed again after restart. Put this mailet directly before
 * {@code LocalDelivery}, with the same matcher. For each recipient it claims the delivery in a
 * {@link DeliveryLedger} (keyed by the James mail name and recipient, with the INBOX's next UID), and stamps
 * the message with {@code X-Inbasket-Delivery-Id: <mail name>}. When a claim already exists (the mail is
 * being processed again), the recipient's messages from that UID on are checked for the stamp: if the
 * message is there, the recipient is removed, so it is not stored twice; if not, it is delivered.</p>
 *
 * <p>Parameters: none. Failure: if the ledger or mailbox cannot be read, the exception propagates and
 * the mail goes to the processor's error handling (nothing is dropped). Ledger entries older than 14 days
 * are purged from time to time.</p>
 *
 * <p>SECURITY: the stamp carries only James's internal random mail name. It is set, never trusted from the
 * sender: a stamp already present on incoming mail is overwritten.</p>
 *
 * <pre>{@code
 * <mailet match="RecipientIsLocal" class="org.inbasket.mailets.delivery.DeliverOnce"/>
 * <mailet match="RecipientIsLocal" class="LocalDelivery"/>
 * }</pre>
 */
public class DeliverOnce extends GenericMailet {
    public static final String HEADER = "X-Inbasket-Delivery-Id";
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliverOnce.class);
    private static final Duration KEEP = Duration.ofDays(14);
    private static final long PURGE_EVERY = 5_000;

    private final MailboxManager mailboxManager;
    private final DeliveryLedger ledger;
    private final AtomicLong claims = new AtomicLong();

    @Inject
    public DeliverOnce(MailboxManager mailboxManager, DeliveryLedger ledger) {
        this.mailboxManager = mailboxManager;
        this.ledger = ledger;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String deliveryId = mail.getName();
        List<MailAddress> deliver = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (alreadyStored(mail, deliveryId, recipient)) {
                LOGGER.info("mail {} was already stored for {} before a restart; not storing it again",
                    deliveryId, recipient.asString());
            } else {
                deliver.add(recipient);
            }
        }
        mail.getMessage().setHeader(HEADER, deliveryId);
        mail.getMessage().saveChanges();
        mail.setRecipients(deliver);
        if (deliver.isEmpty()) {
            mail.setState(Mail.GHOST);
        }
        if (claims.incrementAndGet() % PURGE_EVERY == 0) {
            int purged = ledger.purgeStartedBefore(Instant.now().minus(KEEP));
            LOGGER.debug("purged {} delivery ledger entries", purged);
        }
    }

    private boolean alreadyStored(Mail mail, String deliveryId, MailAddress recipient) throws MessagingException {
        Username user = Username.of(recipient.asString());
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            MailboxPath inbox = targetMailbox(mail, user, session);
            OptionalLong earlier = ledger.claim(deliveryId, recipient.asString(), nextUid(inbox, session));
            return earlier.isPresent() && stampFoundFrom(inbox, earlier.getAsLong(), deliveryId, session);
        } catch (MailboxException e) {
            throw new MessagingException("cannot check the mailbox of a local recipient", e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /**
     * Where LocalDelivery will store this recipient's copy: the folder of a storage directive (Sieve
     * {@code fileinto}, pool folders), named as James's MailboxAppender does, else the INBOX.
     */
    private static MailboxPath targetMailbox(Mail mail, Username user, MailboxSession session) {
        return StorageDirective.fromMail(user, mail).getTargetFolder()
            .map(folder -> folder.replace('/', session.getPathDelimiter()))
            .map(folder -> folder.startsWith(String.valueOf(session.getPathDelimiter())) ? folder.substring(1) : folder)
            .filter(folder -> !folder.isEmpty() && !folder.equalsIgnoreCase("INBOX"))
            .map(folder -> MailboxPath.forUser(user, folder))
            .orElse(MailboxPath.inbox(user));
    }

    private long nextUid(MailboxPath inbox, MailboxSession session) throws MailboxException {
        try {
            return mailboxManager.getMailbox(inbox, session)
                .getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
                    MessageManager.MailboxMetaData.FetchGroup.NO_COUNT)
                .getUidNext().asLong();
        } catch (MailboxNotFoundException e) {
            return 1;
        }
    }

    private boolean stampFoundFrom(MailboxPath inbox, long uidFloor, String deliveryId, MailboxSession session)
        throws MailboxException {
        MessageManager mailbox;
        try {
            mailbox = mailboxManager.getMailbox(inbox, session);
        } catch (MailboxNotFoundException e) {
            return false;
        }
        MessageResultIterator messages = mailbox.getMessages(
            MessageRange.from(org.apache.james.mailbox.MessageUid.of(uidFloor)), FetchGroup.HEADERS, session);
        while (messages.hasNext()) {
            MessageResult message = messages.next();
            Iterator<Header> headers = message.getHeaders().headers();
            while (headers.hasNext()) {
                Header h = headers.next();
                if (HEADER.equalsIgnoreCase(h.getName()) && deliveryId.equals(h.getValue().trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String getMailetInfo() {
        return "Exactly-once guard for local delivery";
    }
}
