package org.inbasket.gateway.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Offers a {@link LoadProfile} to an SMTP port: {@code sessions} threads, each with one connection,
 * session {@code s} sending messages {@code s, s + sessions, ...} back to back. Messages are built before
 * the clock starts. Records when each message's DATA got its 250 (accepted: the server took responsibility).
 */
final class SmtpLoad {
    private SmtpLoad() {
    }

    /** The outcome of one load: nanoTime of the first send, and per message the nanoTime of its 250 (0: not accepted). */
    record Outcome(long startNanos, long[] acceptedAtNanos, int rejected, List<String> errors) {
        int accepted() {
            int n = 0;
            for (long t : acceptedAtNanos) {
                if (t != 0) {
                    n++;
                }
            }
            return n;
        }

        long lastAcceptNanos() {
            long last = startNanos;
            for (long t : acceptedAtNanos) {
                last = Math.max(last, t);
            }
            return last;
        }
    }

    static Outcome run(LoadProfile profile, int port) throws InterruptedException {
        byte[][] messages = new byte[profile.messages()][];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = profile.source().message(i, LoadProfile.SENDER, profile.recipientFor(i));
        }
        long[] acceptedAt = new long[messages.length];
        AtomicInteger rejected = new AtomicInteger();
        List<String> errors = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < profile.sessions(); s++) {
            int first = s;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sendShare(profile, port, messages, first, acceptedAt, rejected, errors);
            }, "smtp-load-" + s);
            threads.add(t);
            t.start();
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return new Outcome(start, acceptedAt, rejected.get(), List.copyOf(errors));
    }

    private static void sendShare(LoadProfile profile, int port, byte[][] messages, int first, long[] acceptedAt,
                                  AtomicInteger rejected, List<String> errors) {
        SmtpSession session = null;
        for (int i = first; i < messages.length; i += profile.sessions()) {
            try {
                if (session == null) {
                    session = new SmtpSession("127.0.0.1", port, "load.outside.example");
                }
                int code = session.send(LoadProfile.SENDER, profile.recipientFor(i), messages[i]);
                if (code == 250) {
                    acceptedAt[i] = System.nanoTime();
                } else {
                    rejected.incrementAndGet();
                    note(errors, "message " + i + ": " + session.lastReply());
                }
            } catch (IOException e) {
                rejected.incrementAndGet();
                note(errors, "message " + i + ": " + e.getMessage());
                if (session != null) {
                    session.close();
                    session = null;
                }
            }
        }
        if (session != null) {
            session.close();
        }
    }

    private static void note(List<String> errors, String error) {
        if (errors.size() < 20) {
            errors.add(error);
        }
    }
}
