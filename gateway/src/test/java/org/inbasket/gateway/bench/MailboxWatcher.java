package org.inbasket.gateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.mail.FolderNotFoundException;
import javax.mail.MessagingException;
import javax.mail.Store;

/**
 * Polls the INBOX message count of each recipient over IMAP (STATUS, one connection per mailbox) until
 * every message of the load is visible, as a mail client would see it. Keeps the progress curve
 * (time, messages visible) so slow-downs as mailboxes grow show in the report.
 */
final class MailboxWatcher implements Runnable {
    private static final long POLL_MILLIS = 250;

    /** One poll: nanoTime and the number of messages visible in all watched INBOXes. */
    record Point(long nanos, int visible) {
    }

    private final BenchTarget target;
    private final Map<String, Integer> expected = new LinkedHashMap<>();
    private final long deadlineNanos;
    private final List<Point> progress = new ArrayList<>();
    private volatile long allVisibleNanos;
    private volatile String failure;

    MailboxWatcher(BenchTarget target, LoadProfile profile, long timeoutMillis) {
        this.target = target;
        for (String recipient : profile.recipients()) {
            expected.put(recipient, profile.expectedFor(recipient));
        }
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000;
    }

    @Override
    public void run() {
        Map<String, Store> stores = new LinkedHashMap<>();
        try {
            for (String user : expected.keySet()) {
                stores.put(user, target.imap(user));
            }
            int want = expected.values().stream().mapToInt(Integer::intValue).sum();
            while (System.nanoTime() < deadlineNanos) {
                int visible = 0;
                for (Store store : stores.values()) {
                    visible += inboxCount(store);
                }
                long now = System.nanoTime();
                synchronized (progress) {
                    progress.add(new Point(now, visible));
                }
                if (visible >= want) {
                    allVisibleNanos = now;
                    return;
                }
                Thread.sleep(POLL_MILLIS);
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

    private static int inboxCount(Store store) throws MessagingException {
        try {
            return store.getFolder("INBOX").getMessageCount();
        } catch (FolderNotFoundException e) {
            return 0;
        }
    }

    /** nanoTime when the last message became visible; 0 if that never happened. */
    long allVisibleNanos() {
        return allVisibleNanos;
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
