package org.inbasket.gateway.james;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.inbasket.mailets.delivery.RelayLedger;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;

/**
 * Makes relaying idempotent across crashes (ADR 0066). Decorates the {@code outgoing*} queues of a
 * {@link MailQueueFactory}: each copy dequeued for RemoteDelivery is claimed in a {@link RelayLedger} under its
 * key (James mail name and a hash of its Message-ID) and RemoteDelivery's retry count
 * ({@code delivery_retry_count}). A copy of a mail already sent, or older than the latest retry RemoteDelivery
 * requeued, is acknowledged and dropped; a copy whose twin is being sent by this process right now is put back
 * with a delay; any other copy is sent. When the copy is done, the ledger learns whether it was sent (or bounced
 * for good) or will be retried. Other queues pass through unchanged.
 *
 * <p>Failure: if the ledger cannot be read or written, the copy is sent anyway (WARN log): a possible duplicate,
 * never a loss.</p>
 *
 * <p>BUGS: a crash between the outside server's 250 and the ledger's "sent" sends the mail again (SMTP has no
 * end-to-end acknowledgement); a claim of a killed process is taken over after the restart, so a crash during
 * the SMTP transaction can also repeat the mail. One gateway process per database is assumed: a claim held by
 * another process id is treated as abandoned.</p>
 *
 * <p>SECURITY: the ledger holds the mail name and a SHA-256 prefix of the Message-ID, no address or content.</p>
 */
public final class RelayOnceMailQueueFactory implements MailQueueFactory<MailQueue> {
    /** How long a claim of this very process protects a copy being sent (a stuck SMTP session ends sooner). */
    public static final Duration LEASE = Duration.ofMinutes(30);
    static final Duration BUSY_DELAY = Duration.ofSeconds(30);
    static final AttributeName RETRY_COUNT = AttributeName.of("delivery_retry_count");
    private static final Logger LOGGER = LoggerFactory.getLogger(RelayOnceMailQueueFactory.class);
    private static final Duration KEEP = Duration.ofDays(14);
    private static final long PURGE_EVERY = 5_000;

    private final MailQueueFactory<? extends MailQueue> delegate;
    private final RelayLedger ledger;
    private final String owner = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();

    public RelayOnceMailQueueFactory(MailQueueFactory<? extends MailQueue> delegate, RelayLedger ledger) {
        this.delegate = delegate;
        this.ledger = ledger;
    }

    static boolean isRelayQueue(MailQueueName name) {
        return name.asString().startsWith("outgoing");
    }

    @Override
    public Optional<MailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return delegate.getQueue(name, count).map(this::decorate);
    }

    @Override
    public MailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return decorate(delegate.createQueue(name, count));
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return delegate.listCreatedMailQueues();
    }

    private MailQueue decorate(MailQueue queue) {
        return isRelayQueue(queue.getName()) ? new RelayOnceQueue(queue) : queue;
    }

    static String key(Mail mail) {
        String messageId = "";
        try {
            String[] ids = mail.getMessage() == null ? null : mail.getMessage().getHeader("Message-ID");
            messageId = ids == null || ids.length == 0 ? "" : ids[0].trim();
        } catch (MessagingException e) {
            LOGGER.debug("mail {} has no readable Message-ID", mail.getName());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return mail.getName() + "|" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    static int retries(Mail mail) {
        return mail.getAttribute(RETRY_COUNT)
            .flatMap(attribute -> attribute.getValue().valueAs(Integer.class))
            .orElse(0);
    }

    private final class RelayOnceQueue implements MailQueue {
        private final MailQueue queue;

        RelayOnceQueue(MailQueue queue) {
            this.queue = queue;
        }

        @Override
        public MailQueueName getName() {
            return queue.getName();
        }

        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            queue.enQueue(mail, delay);
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            queue.enQueue(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return queue.enqueueReactive(mail);
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return Flux.from(queue.deQueue()).handle((item, sink) -> {
                MailQueueItem admitted = admit(item);
                if (admitted != null) {
                    sink.next(admitted);
                }
            });
        }

        private MailQueueItem admit(MailQueueItem item) {
            Mail mail = item.getMail();
            String key = key(mail);
            int attempt = retries(mail);
            RelayLedger.Decision decision;
            try {
                decision = ledger.claim(key, attempt, owner);
                if (claims.incrementAndGet() % PURGE_EVERY == 0) {
                    ledger.purgeUpdatedBefore(Instant.now().minus(KEEP));
                }
            } catch (RuntimeException e) {
                LOGGER.warn("relay ledger unavailable; relaying mail {} without the duplicate check: {}",
                    mail.getName(), e.getMessage());
                return item;
            }
            try {
                switch (decision) {
                    case SEND:
                        return new ClaimedItem(item, key, attempt);
                    case BUSY:
                        LOGGER.info("mail {} is being relayed by another copy; looking at this copy again in {}",
                            mail.getName(), BUSY_DELAY);
                        queue.enQueue(mail, BUSY_DELAY);
                        item.done(MailQueueItem.CompletionStatus.SUCCESS);
                        break;
                    default:
                        LOGGER.info("mail {} was already relayed ({}); dropping a second copy", mail.getName(), decision);
                        item.done(MailQueueItem.CompletionStatus.SUCCESS);
                        break;
                }
            } catch (MailQueueException e) {
                LOGGER.error("cannot settle a second copy of mail {}; the queue will hand it out again", mail.getName(), e);
                try {
                    item.done(MailQueueItem.CompletionStatus.RETRY);
                } catch (MailQueueException again) {
                    LOGGER.error("cannot hand back mail {}", mail.getName(), again);
                }
            }
            LifecycleUtil.dispose(mail);
            return null;
        }

        @Override
        public void close() throws java.io.IOException {
            queue.close();
        }
    }

    /** A claimed copy: tells the ledger how it ended, then the queue. */
    private final class ClaimedItem implements MailQueue.MailQueueItem {
        private final MailQueue.MailQueueItem item;
        private final String key;
        private final int attempt;

        ClaimedItem(MailQueue.MailQueueItem item, String key, int attempt) {
            this.item = item;
            this.key = key;
            this.attempt = attempt;
        }

        @Override
        public Mail getMail() {
            return item.getMail();
        }

        @Override
        public void done(CompletionStatus status) throws MailQueue.MailQueueException {
            try {
                int now = retries(item.getMail());
                if (status == CompletionStatus.SUCCESS && now <= attempt) {
                    ledger.sent(key, owner);
                } else {
                    ledger.retrying(key, owner, status == CompletionStatus.SUCCESS ? now : attempt);
                }
            } catch (RuntimeException e) {
                LOGGER.warn("relay ledger unavailable; mail {} may be relayed again after a crash: {}",
                    item.getMail().getName(), e.getMessage());
            }
            item.done(status);
        }
    }
}
