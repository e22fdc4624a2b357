package org.inbasket.gateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.mail.FetchProfile;
import javax.mail.Folder;
import javax.mail.FolderNotFoundException;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import com.sun.mail.imap.IMAPFolder;

/**
 * Polls each recipient's INBOX over IMAP (one connection per mailbox) until every message of the load is
 * visible, as a mail client would see it. Keeps the progress curve (time, messages visible) so slow-downs
 * as mailboxes grow show in the report.
 *
 * <p>Two modes. Counting (the default, issue 3): STATUS every 250 ms. Tracking ({@code trackMessageIds}, issue
 * 8's latency): the INBOX stays selected read-only, every 100 ms a NOOP brings its new EXISTS count and the
 * ENVELOPE of each new message is fetched; the Message-ID {@code <bench-INDEX@...>} gives the message's
 * index, and the poll's time is when it became visible (resolution: the poll interval plus one round trip).
 * Messages whose Message-ID is not the benchmark's are counted as visible but not timed.
 */
final class MailboxWatcher implements Runnable {
    private static final long COUNT_POLL_MILLIS = 250;
    private static final long TRACK_POLL_MILLIS = 100;

    /** One poll: nanoTime and the number of messages visible in all watched INBOXes. */
    record Point(long nanos, int visible) {
    }

    private final BenchTarget target;
    private final Map<String, Integer> expected = new LinkedHashMap<>();
    private final Map<String, Integer> baseline;
    private final long deadlineNanos;
    private final boolean trackMessageIds;
    private final long[] visibleAtNanos;
    private final List<Point> progress = new ArrayList<>();
    private volatile long allVisibleNanos;
    private volatile int untracked;
    private volatile int fetchErrors;
    private volatile String lastFetchError;
    private volatile String failure;

    /** {@code baseline}: messages each INBOX already held before the load (a prefill); they are not counted. */
    MailboxWatcher(BenchTarget target, LoadProfile profile, long timeoutMillis, boolean trackMessageIds,
                   Map<String, Integer> baseline) {
        this.target = target;
        this.baseline = Map.copyOf(baseline);
        for (String recipient : profile.recipients()) {
            expected.put(recipient, profile.expectedFor(recipient));
        }
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000;
        this.trackMessageIds = trackMessageIds;
        this.visibleAtNanos = new long[profile.messages()];
    }

    @Override
    public void run() {
        Map<String, Store> stores = new LinkedHashMap<>();
        Map<String, IMAPFolder> inboxes = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        try {
            for (String user : expected.keySet()) {
                stores.put(user, target.imap(user));
                seen.put(user, before(user));
            }
            int want = expected.values().stream().mapToInt(Integer::intValue).sum();
            while (System.nanoTime() < deadlineNanos) {
                int visible = 0;
                for (Map.Entry<String, Store> e : stores.entrySet()) {
                    visible += (trackMessageIds ? track(e.getKey(), e.getValue(), inboxes, seen) : inboxCount(e.getValue()))
                        - before(e.getKey());
                }
                long now = System.nanoTime();
                synchronized (progress) {
                    progress.add(new Point(now, visible));
                }
                if (visible >= want) {
                    allVisibleNanos = now;
                    return;
                }
                Thread.sleep(trackMessageIds ? TRACK_POLL_MILLIS : COUNT_POLL_MILLIS);
            }
            failure = "not all messages visible before the timeout";
        } catch (MessagingException e) {
            failure = "IMAP: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } finally {
            for (Store store : stores.values()) {
                try {
                    store.close();
                } catch (MessagingException ignored) {
                    // the run is over
                }
            }
        }
    }

    private int before(String user) {
        return baseline.getOrDefault(user, 0);
    }

    private static int inboxCount(Store store) throws MessagingException {
        try {
            return store.getFolder("INBOX").getMessageCount();
        } catch (FolderNotFoundException e) {
            return 0;
        }
    }

    /** Notes the time of every message new in the user's INBOX since the last poll; returns the INBOX count. */
    private int track(String user, Store store, Map<String, IMAPFolder> inboxes, Map<String, Integer> seen)
        throws MessagingException {
        IMAPFolder inbox = inboxes.get(user);
        if (inbox == null) {
            inbox = (IMAPFolder) store.getFolder("INBOX");
            if (!inbox.exists()) {
                return before(user);
            }
            inbox.open(Folder.READ_ONLY);
            inboxes.put(user, inbox);
        }
        inbox.doCommand(p -> {
            p.noop();
            return null;
        });
        int count = inbox.getMessageCount();
        int before = seen.get(user);
        if (count > before) {
            long now = System.nanoTime();
            Message[] fresh = inbox.getMessages(before + 1, count);
            FetchProfile envelope = new FetchProfile();
            envelope.add(FetchProfile.Item.ENVELOPE);
            try {
                inbox.fetch(fresh, envelope);
            } catch (MessagingException e) {
                // Seen on PostgreSQL under load: "BAD FETCH failed. Invalid messageset." right after an EXISTS.
                // Counted and reported; these messages are fetched again at the next poll.
                fetchErrors++;
                lastFetchError = e.getMessage();
                return before;
            }
            for (Message m : fresh) {
                int index = benchIndex(((MimeMessage) m).getMessageID());
                if (index >= 0 && index < visibleAtNanos.length && visibleAtNanos[index] == 0) {
                    visibleAtNanos[index] = now;
                } else {
                    untracked++;
                }
            }
            seen.put(user, count);
        }
        return count;
    }

    /** The index in {@code <bench-INDEX@bench.example>}, or -1. */
    static int benchIndex(String messageId) {
        if (messageId == null || !messageId.startsWith("<bench-") || !messageId.endsWith("@bench.example>")) {
            return -1;
        }
        try {
            return Integer.parseInt(messageId.substring("<bench-".length(), messageId.indexOf('@')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** nanoTime when the last message became visible; 0 if that never happened. */
    long allVisibleNanos() {
        return allVisibleNanos;
    }

    /** Per message index, the nanoTime of the poll that first saw it (0: not seen, or not tracking). */
    long[] visibleAtNanos() {
        return visibleAtNanos.clone();
    }

    /** FETCHes of new messages the server refused (retried at the next poll), and the last refusal. */
    String fetchErrors() {
        return fetchErrors == 0 ? null : fetchErrors + " FETCH of new messages refused and retried, last: " + lastFetchError;
    }

    /** Visible messages without a benchmark Message-ID (tracking mode). */
    int untracked() {
        return untracked;
    }

    String failure() {
        return failure;
    }

    List<Point> progress() {
        synchronized (progress) {
            return List.copyOf(progress);
        }
    }
}
