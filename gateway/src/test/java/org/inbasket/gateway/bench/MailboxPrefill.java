package org.inbasket.gateway.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

/**
 * Fills a user's INBOX with {@code count} messages of 2 KB over IMAP APPEND before a load, as a mailbox that has
 * been in use for months would be (issue 8: how delivery grows with the stored mailbox size). APPEND goes straight
 * to the mailbox store, not through the SMTP spool and the mailet pipeline, so it is many times faster than
 * sending the same number of messages; the messages are stored as they are (not encrypted at rest), which gives
 * the same number of rows, index entries and UIDs as delivered mail. Message-IDs are {@code <prefill-N@...>}, so
 * the latency tracking does not count them.
 */
final class MailboxPrefill {
    private static final int CONNECTIONS = 16;
    private static final int BATCH = 100;

    private MailboxPrefill() {
    }

    /** Appends {@code count} messages to {@code user}'s INBOX over {@value #CONNECTIONS} connections. */
    static void fill(BenchTarget target, String user, int count) throws Exception {
        if (count == 0) {
            return;
        }
        long start = System.nanoTime();
        FixedSizeMessages source = new FixedSizeMessages(2048);
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int part = c;
                parts.add(pool.submit(() -> {
                    appendPart(target, user, count, part, source);
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                try {
                    part.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("prefill of " + user + " failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("   prefilled %s's INBOX with %d messages in %.0f s (%.0f APPENDs/s)%n", user, count, seconds,
            count / seconds);
    }

    private static void appendPart(BenchTarget target, String user, int count, int part, FixedSizeMessages source)
        throws MessagingException {
        Session session = Session.getInstance(new java.util.Properties());
        Store store = target.imap(user);
        try {
            Folder inbox = store.getFolder("INBOX");
            List<Message> batch = new ArrayList<>(BATCH);
            for (int i = part; i < count; i += CONNECTIONS) {
                String text = new String(source.message(i, LoadProfile.SENDER, user), StandardCharsets.US_ASCII)
                    .replace("Message-ID: <bench-", "Message-ID: <prefill-");
                batch.add(new MimeMessage(session, new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))));
                if (batch.size() == BATCH) {
                    inbox.appendMessages(batch.toArray(Message[]::new));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                inbox.appendMessages(batch.toArray(Message[]::new));
            }
        } finally {
            store.close();
        }
    }

    /** How many messages the user's INBOX holds now. */
    static int count(BenchTarget target, String user) throws MessagingException {
        Store store = target.imap(user);
        try {
            Folder inbox = store.getFolder("INBOX");
            return inbox.exists() ? inbox.getMessageCount() : 0;
        } finally {
            store.close();
        }
    }
}
