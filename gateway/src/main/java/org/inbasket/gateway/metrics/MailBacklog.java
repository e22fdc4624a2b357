package org.inbasket.gateway.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unread backlog of every local user's INBOX (pool accounts included): how many messages are unseen and
 * how old the oldest unseen one is (by its arrival time). Computed when asked, at most once per
 * {@link #CACHE} (a scrape every few seconds costs nothing), and within {@link #BUDGET}: users not reached
 * in time are left out of that snapshot, which then says it is incomplete.
 *
 * <p>SECURITY: reads mailbox counters and one arrival date per mailbox; never headers, subjects or bodies.</p>
 */
public final class MailBacklog {
    static final Duration CACHE = Duration.ofSeconds(15);
    static final Duration BUDGET = Duration.ofSeconds(5);
    private static final Logger LOGGER = LoggerFactory.getLogger(MailBacklog.class);

    /** One INBOX: its owner, unseen messages, and the age of the oldest unseen one (zero when none). */
    public record Entry(String mailbox, long unread, Duration oldestUnreadAge) {
    }

    /** The backlog at {@code takenAt}; {@code complete} is false when the time budget ran out. */
    public record Snapshot(Instant takenAt, List<Entry> entries, boolean complete) {
    }

    private final UsersRepository users;
    private final MailboxManager mailboxes;
    private final Clock clock;
    private Snapshot last;

    @Inject
    public MailBacklog(UsersRepository users, MailboxManager mailboxes, Clock clock) {
        this.users = users;
        this.mailboxes = mailboxes;
        this.clock = clock;
    }

    /** The cached snapshot when it is younger than {@link #CACHE}, a fresh one otherwise. */
    public synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.takenAt().plus(CACHE))) {
            last = compute(now);
        }
        return last;
    }

    private Snapshot compute(Instant now) {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        List<Entry> entries = new ArrayList<>();
        try {
            Iterator<Username> it = users.list();
            while (it.hasNext()) {
                if (System.nanoTime() > deadline) {
                    LOGGER.warn("Backlog metrics: time budget of {} s used up after {} mailboxes", BUDGET.toSeconds(),
                        entries.size());
                    return new Snapshot(now, List.copyOf(entries), false);
                }
                Username user = it.next();
                try {
                    inbox(user, now).ifPresent(entries::add);
                } catch (MailboxException | RuntimeException e) {
                    LOGGER.warn("Backlog metrics: cannot read the INBOX of {}: {}", user.asString(),
                        e.getClass().getSimpleName());
                }
            }
        } catch (UsersRepositoryException e) {
            LOGGER.warn("Backlog metrics: cannot list users: {}", e.getClass().getSimpleName());
            return new Snapshot(now, List.of(), false);
        }
        return new Snapshot(now, List.copyOf(entries), true);
    }

    private java.util.Optional<Entry> inbox(Username user, Instant now) throws MailboxException {
        MailboxSession session = mailboxes.createSystemSession(user);
        try {
            MessageManager inbox;
            try {
                inbox = mailboxes.getMailbox(MailboxPath.inbox(user), session);
            } catch (MailboxNotFoundException e) {
                return java.util.Optional.empty();
            }
            MessageManager.MailboxMetaData meta = inbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE,
                session, EnumSet.of(MessageManager.MailboxMetaData.Item.MailboxCounters,
                    MessageManager.MailboxMetaData.Item.FirstUnseen));
            long unread = meta.getUnseenCount();
            Duration age = Duration.ZERO;
            MessageUid first = meta.getFirstUnseen();
            if (unread > 0 && first != null) {
                MessageResultIterator results = inbox.getMessages(MessageRange.one(first), FetchGroup.MINIMAL, session);
                if (results.hasNext()) {
                    Instant arrived = results.next().getInternalDate().toInstant();
                    age = arrived.isBefore(now) ? Duration.between(arrived, now) : Duration.ZERO;
                }
            }
            return java.util.Optional.of(new Entry(user.asString(), unread, age));
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }
}
