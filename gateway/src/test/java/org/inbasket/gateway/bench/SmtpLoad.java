package org.inbasket.gateway.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Offers a {@link LoadProfile} to an SMTP port: {@code sessions} threads, each with one connection. At
 * saturation (no offered rate) session {@code s} sends messages {@code s, s + sessions, ...} back to back.
 * At a fixed offered rate R, message {@code i} is due at {@code i / R} seconds after the start and goes out on
 * the next free session (open loop: a server that falls behind makes messages late, which the report shows
 * as the achieved accept rate). Messages are built before the clock starts. Records when each message's DATA
 * got its 250 (accepted: the server took responsibility).
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
            messages[i] = profile.source().message(i, profile.source().sender(i), profile.recipientFor(i));
        }
        long[] acceptedAt = new long[messages.length];
        AtomicInteger rejected = new AtomicInteger();
        List<String> errors = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        long[] start = new long[1];
        for (int s = 0; s < profile.sessions(); s++) {
            int first = s;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                IntSupplier indexes = profile.ratePerSecond() > 0
                    ? () -> paced(next.getAndIncrement(), start[0], profile.ratePerSecond())
                    : new IntSupplier() {
                        private int i = first - profile.sessions();

                        @Override
                        public int getAsInt() {
                            i += profile.sessions();
                            return i;
                        }
                    };
                sendShare(profile, port, messages, indexes, acceptedAt, rejected, errors);
            }, "smtp-load-" + s);
            threads.add(t);
            t.start();
        }
        start[0] = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return new Outcome(start[0], acceptedAt, rejected.get(), List.copyOf(errors));
    }

    /** Waits until message {@code index} is due at {@code rate} per second after {@code startNanos}; returns it. */
    private static int paced(int index, long startNanos, double rate) {
        long due = startNanos + (long) (index * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Integer.MAX_VALUE;
            }
        }
        return index;
    }

    private static void sendShare(LoadProfile profile, int port, byte[][] messages, IntSupplier indexes,
                                  long[] acceptedAt, AtomicInteger rejected, List<String> errors) {
        SmtpSession session = null;
        for (int i = indexes.getAsInt(); i < messages.length; i = indexes.getAsInt()) {
            try {
                if (session == null) {
                    session = new SmtpSession("127.0.0.1", port, "load.outside.example");
                }
                int code = session.send(profile.source().sender(i), profile.recipientFor(i), messages[i]);
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
