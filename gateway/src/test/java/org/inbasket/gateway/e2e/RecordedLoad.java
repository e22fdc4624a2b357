package org.inbasket.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.inbasket.gateway.bench.MixedMessages;
import org.inbasket.gateway.bench.SmtpSession;

/**
 * A load that records, per message (per Message-ID), what the sender was told: the crash and database-restart
 * suites compare that with what was delivered. Messages go out in index order over {@code sessions} worker
 * threads; each worker keeps one MX connection (no TLS, no AUTH, as another organisation's server) and, for
 * messages to outside recipients, one submission connection (STARTTLS, AUTH as the sending clinician).
 *
 * <p>Outcomes: {@link Outcome#ACCEPTED} (DATA answered 250: the gateway took responsibility),
 * {@link Outcome#REFUSED} (any other reply; the code is kept; the message is not sent again),
 * {@link Outcome#UNKNOWN} (the whole message and its final dot were written, then the connection died before a
 * reply: it may have been taken, at most once). A connection that dies earlier leaves the message
 * {@link Outcome#PENDING}: nothing of it can have been taken, so it is sent again when the gateway answers.
 */
public final class RecordedLoad {
    public enum Outcome { PENDING, ACCEPTED, REFUSED, UNKNOWN }

    /** One message: its Message-ID (with angle brackets), envelope, and whether it goes through submission. */
    public record Letter(String messageId, String from, String to, boolean submission) {
    }

    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);

    private final List<Letter> letters;
    private final AtomicReferenceArray<Outcome> outcomes;
    private final int[] replyCodes;
    private final ConcurrentLinkedQueue<Integer> work = new ConcurrentLinkedQueue<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile long deadlineNanos;

    public RecordedLoad(List<Letter> letters) {
        this.letters = List.copyOf(letters);
        this.outcomes = new AtomicReferenceArray<>(letters.size());
        this.replyCodes = new int[letters.size()];
        for (int i = 0; i < letters.size(); i++) {
            outcomes.set(i, Outcome.PENDING);
            work.add(i);
        }
    }

    /**
     * Message {@code i} of the suites' mix: every {@code externalEvery}-th (0: none) from {@code clinician}
     * through submission to {@code external}; the others from patient {@code i} to the clinicians in turn.
     * Texts are the benchmark's routine ones: not urgent, no pool keyword, so each stays in its clinician's INBOX.
     */
    public static List<Letter> mix(String tag, int messages, List<String> clinicians, int externalEvery,
                                   String clinician, String external) {
        List<Letter> letters = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String id = "<" + tag + "-" + i + "@load.example>";
            if (externalEvery > 0 && i % externalEvery == externalEvery - 1) {
                letters.add(new Letter(id, clinician, external, true));
            } else {
                letters.add(new Letter(id, "patient-" + i + "@patients.example", clinicians.get(i % clinicians.size()), false));
            }
        }
        return letters;
    }

    /** Starts {@code sessions} senders; they stop when every message has an outcome or at {@code timeout}. */
    public RecordedLoad start(int sessions, int mxPort, int submissionPort, String password, Duration timeout) {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        for (int s = 0; s < sessions; s++) {
            Thread t = new Thread(() -> send(mxPort, submissionPort, password), "recorded-load-" + s);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        return this;
    }

    private void send(int mxPort, int submissionPort, String password) {
        SmtpSession mx = null;
        SmtpSession submission = null;
        try {
            while (System.nanoTime() < deadlineNanos) {
                Integer i = work.poll();
                if (i == null) {
                    return;
                }
                Letter letter = letters.get(i);
                SmtpSession session = null;
                try {
                    if (letter.submission()) {
                        if (submission == null) {
                            submission = SmtpSession.submission("127.0.0.1", submissionPort, "clinic-laptop.example",
                                letter.from(), password);
                        }
                        session = submission;
                    } else {
                        if (mx == null) {
                            mx = new SmtpSession("127.0.0.1", mxPort, "outside.example");
                        }
                        session = mx;
                    }
                    int code = session.send(letter.from(), letter.to(), bytes(letter, i));
                    replyCodes[i] = code;
                    if (code == 250) {
                        finish(i, Outcome.ACCEPTED);
                    } else {
                        if (refusals.size() < 20) {
                            refusals.add(letter.messageId() + ": " + session.lastReply());
                        }
                        finish(i, Outcome.REFUSED);
                    }
                } catch (IOException e) {
                    if (session != null && session.dataSent()) {
                        finish(i, Outcome.UNKNOWN);
                    } else {
                        work.add(i);
                    }
                    if (session != null) {
                        session.close();
                    }
                    if (session == mx) {
                        mx = null;
                    }
                    if (session == submission) {
                        submission = null;
                    }
                    reconnects.incrementAndGet();
                    TimeUnit.MILLISECONDS.sleep(RECONNECT_PAUSE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (mx != null) {
                mx.close();
            }
            if (submission != null) {
                submission.close();
            }
        }
    }

    private void finish(int i, Outcome outcome) {
        outcomes.set(i, outcome);
        finished.incrementAndGet();
    }

    private static byte[] bytes(Letter letter, int i) {
        StringBuilder m = new StringBuilder(2300);
        m.append("From: <").append(letter.from()).append(">\r\n")
            .append("To: <").append(letter.to()).append(">\r\n")
            .append("Subject: ").append(letter.submission() ? "Hospital stay summary " : "Note from a patient ")
            .append(i).append("\r\n")
            .append("Message-ID: ").append(letter.messageId()).append("\r\n")
            .append("Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n")
            .append("MIME-Version: 1.0\r\n")
            .append("Content-Type: text/plain; charset=UTF-8\r\n\r\n");
        String line = letter.submission() ? MixedMessages.PARTNER_LINE : MixedMessages.PATIENT_LINE;
        while (m.length() < 2048) {
            m.append(line);
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Waits for the senders; true when every message has an outcome. */
    public boolean awaitFinished() throws InterruptedException {
        for (Thread t : workers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 5_000));
        }
        return finished.get() == letters.size();
    }

    /** Messages with an outcome so far (accepted, refused or unknown). */
    public int finished() {
        return finished.get();
    }

    public int size() {
        return letters.size();
    }

    public Letter letter(int i) {
        return letters.get(i);
    }

    public Outcome outcome(int i) {
        return outcomes.get(i);
    }

    /** The final reply code of message {@code i} (0 when none came). */
    public int replyCode(int i) {
        return replyCodes[i];
    }

    /** Connections that failed or died (each followed by a reconnect). */
    public int reconnects() {
        return reconnects.get();
    }

    /** The first refusals' Message-IDs and reply lines. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        for (int i = 0; i < letters.size(); i++) {
            counts.merge(outcomes.get(i), 1, Integer::sum);
        }
        return counts;
    }
}
