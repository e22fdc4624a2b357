package org.inbasket.gateway.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.mail.FetchProfile;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;

/**
 * Where every copy of every message is: each Message-ID with one location per copy, {@code user/folder} for
 * every folder of the given users read over IMAP (encrypted at rest, a message keeps its Message-ID outside the
 * envelope), {@code sink} for each copy GreenMail received. Then {@link #violations} compares that with what a
 * {@link RecordedLoad}'s sender was told.
 */
public final class DeliveryCensus {
    public static final String SINK = "sink";

    private final Map<String, List<String>> copies = new HashMap<>();
    private final Map<String, List<Instant>> sinkArrivals = new HashMap<>();

    private DeliveryCensus() {
    }

    /**
     * Reads every folder of {@code users} (password {@code password}) and the sink. A FETCH the server refuses
     * throws: callers poll again (James 3.8.1 can refuse a FETCH of a message appended during the command).
     */
    public static DeliveryCensus take(int imapPort, List<String> users, String password, GreenMail sink)
        throws MessagingException {
        DeliveryCensus census = new DeliveryCensus();
        for (String user : users) {
            Store store = MailClients.imap(imapPort, user, password);
            try {
                for (Folder folder : store.getDefaultFolder().list("*")) {
                    if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
                        continue;
                    }
                    folder.open(Folder.READ_ONLY);
                    try {
                        Message[] messages = folder.getMessages();
                        FetchProfile profile = new FetchProfile();
                        profile.add("Message-ID");
                        folder.fetch(messages, profile);
                        for (Message m : messages) {
                            String[] ids = m.getHeader("Message-ID");
                            census.add(ids == null ? "(none)" : ids[0], user + "/" + folder.getFullName());
                        }
                    } finally {
                        folder.close(false);
                    }
                }
            } finally {
                store.close();
            }
        }
        if (sink != null) {
            for (StoredMessage stored : sink.getManagers().getImapHostManager().getAllMessages()) {
                MimeMessage m = stored.getMimeMessage();
                census.add(m.getMessageID(), SINK);
                census.sinkArrivals.computeIfAbsent(m.getMessageID(), k -> new ArrayList<>())
                    .add(stored.getReceivedDate().toInstant());
            }
        }
        return census;
    }

    private void add(String messageId, String location) {
        copies.computeIfAbsent(messageId, k -> new ArrayList<>()).add(location);
    }

    /** Every location of a copy of {@code messageId} (empty: not delivered). */
    public List<String> copiesOf(String messageId) {
        return copies.getOrDefault(messageId, List.of());
    }

    /** Whether every message the gateway accepted has arrived somewhere. */
    public boolean allAcceptedArrived(RecordedLoad load) {
        for (int i = 0; i < load.size(); i++) {
            if (load.outcome(i) == RecordedLoad.Outcome.ACCEPTED && copiesOf(load.letter(i).messageId()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** How many of the load's accepted messages have arrived. */
    public int acceptedArrived(RecordedLoad load) {
        int n = 0;
        for (int i = 0; i < load.size(); i++) {
            if (load.outcome(i) == RecordedLoad.Outcome.ACCEPTED && !copiesOf(load.letter(i).messageId()).isEmpty()) {
                n++;
            }
        }
        return n;
    }

    /**
     * What contradicts the sender's record: an accepted message not exactly once at its place (the recipient's
     * mailbox, or the sink for mail to outside), a refused one delivered, an unknown one delivered twice, one never
     * sent; and any other Message-ID anywhere with more than one copy. No crash excuses anything.
     */
    public List<String> violations(RecordedLoad load) {
        return violations(load, List.of(), Duration.ZERO, new ArrayList<>());
    }

    /**
     * {@link #violations(RecordedLoad)} for a run with {@code kill -9}s at {@code kills}, with the one duplicate
     * no SMTP client can rule out (ADR 0066): a relayed message whose first copy reached the sink at most
     * {@code window} before a kill (the outside server had said 250, the gateway was killed before it recorded
     * that) and whose second copy arrived after that kill. Each such message is added to {@code excused}; a
     * relayed duplicate with its first copy anywhere else in time, a third copy, or a local duplicate is a
     * violation.
     */
    public List<String> violations(RecordedLoad load, List<Instant> kills, Duration window, List<String> excused) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < load.size(); i++) {
            RecordedLoad.Letter letter = load.letter(i);
            List<String> where = copiesOf(letter.messageId());
            String place = letter.submission() ? SINK : letter.to() + "/";
            switch (load.outcome(i)) {
                case ACCEPTED -> {
                    if (letter.submission() && where.equals(List.of(SINK, SINK))
                        && relayRacedAKill(letter.messageId(), kills, window)) {
                        Instant first = sinkArrivals.get(letter.messageId()).stream().sorted().findFirst().orElseThrow();
                        long before = kills.stream().filter(kill -> !kill.isBefore(first))
                            .mapToLong(kill -> Duration.between(first, kill).toMillis()).min().orElseThrow();
                        excused.add(letter.messageId() + " at the sink twice: the first copy arrived " + first + ", "
                            + before + " ms before a kill");
                    } else if (where.size() != 1 || !where.get(0).startsWith(place)) {
                        problems.add(letter.messageId() + " got 250 but is at " + where + " (expected once at " + place + ")");
                    }
                }
                case REFUSED -> {
                    if (!where.isEmpty()) {
                        problems.add(letter.messageId() + " got " + load.replyCode(i) + " but is at " + where);
                    }
                }
                case UNKNOWN -> {
                    if (where.size() > 1) {
                        problems.add(letter.messageId() + " (no reply) is at " + where);
                    }
                }
                case PENDING -> problems.add(letter.messageId() + " was never sent: the load ran out of time");
            }
        }
        copies.forEach((id, where) -> {
            if (where.size() > 1 && !id.endsWith("@load.example>")) {
                problems.add(id + " (not the load's) is at " + where);
            }
        });
        return problems;
    }

    private boolean relayRacedAKill(String messageId, List<Instant> kills, Duration window) {
        List<Instant> arrivals = sinkArrivals.getOrDefault(messageId, List.of()).stream().sorted().toList();
        if (arrivals.size() != 2) {
            return false;
        }
        Instant first = arrivals.get(0);
        Instant second = arrivals.get(1);
        return kills.stream().anyMatch(kill -> !kill.isBefore(first) && !kill.isAfter(first.plus(window))
            && second.isAfter(kill));
    }
}
