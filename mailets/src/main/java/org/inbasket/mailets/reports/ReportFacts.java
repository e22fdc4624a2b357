package org.inbasket.mailets.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * The content-free facts the reports and the response-time metrics need: patient messages (when, from whom, by
 * which channel, whether a pool or a clinician got them, and when a clinician first answered), and secure
 * messages sent to patients (encrypted, or held for portal pickup, and when the patient first opened them).
 *
 * <p>Implementations: {@link InMemoryReportFacts} and {@link JdbcReportFacts}, which pass one contract test.
 * Recording is idempotent: a mail processed again after a crash keeps its first facts.</p>
 *
 * <p>SECURITY: addresses, times and digests of Message-IDs only; never subjects, bodies or urgent categories
 * (the handling {@code urgent} says that the gateway's scan matched, not what).</p>
 */
public interface ReportFacts {

    /** A fixed word stored for an enum constant: its name in lower case. */
    interface Token {
        String name();

        default String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static <E extends Enum<E>> E parse(Class<E> type, String token) {
            return Enum.valueOf(type, token.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Who handled a patient message first: a pool, an individual clinician, or (urgent) the clinician at once. */
    enum Handling implements Token {
        POOL, CLINICIAN, URGENT;

        public static Handling of(String token) {
            return Token.parse(Handling.class, token);
        }
    }

    /** How a patient message arrived. */
    enum Channel implements Token {
        MAIL, PORTAL;

        public static Channel of(String token) {
            return Token.parse(Channel.class, token);
        }
    }

    /** How a secure message reached a patient. */
    enum Delivery implements Token {
        ENCRYPTED, PICKUP;

        public static Delivery of(String token) {
            return Token.parse(Delivery.class, token);
        }
    }

    /**
     * A message from a patient.
     *
     * @param messageKey {@link MessageIds#key} of its Message-ID
     * @param answeredAt when the first clinician reply referencing it left the gateway, if one did
     */
    record PatientMessage(String messageKey, MailAddress patient, Instant receivedAt, Channel channel,
                          Handling handling, Optional<Instant> answeredAt) {
        public Optional<Duration> responseTime() {
            return answeredAt.map(a -> Duration.between(receivedAt, a));
        }
    }

    /**
     * A secure message to a patient.
     *
     * @param reference a digest naming the copy (the pickup message id, or mail name and recipient), unique
     * @param openedAt  for pickup: when the patient first opened it on the portal
     */
    record SecureMessage(String reference, MailAddress patient, Instant sentAt, Delivery delivery,
                         Optional<Instant> openedAt) {
        public Optional<Duration> pickupDelay() {
            return openedAt.map(o -> Duration.between(sentAt, o));
        }
    }

    /** A patient message answered by a reply: the message and how long the answer took. */
    record Answer(Handling handling, Duration responseTime) {
    }

    /** Records a patient message; false when its key was recorded before (then nothing changes). */
    boolean recordPatientMessage(PatientMessage message);

    /**
     * A clinician's message that references {@code messageKeys} (In-Reply-To and References) left at {@code at}:
     * every referenced patient message received before {@code at} and not yet answered is now answered.
     *
     * @return the patient messages this call answered (empty when none, or all were answered before)
     */
    List<Answer> recordReply(Collection<String> messageKeys, Instant at);

    /** Records a secure message to a patient; false when its reference was recorded before. */
    boolean recordSecureMessage(SecureMessage message);

    /**
     * The patient first opened the pickup message {@code reference} at {@code at}.
     *
     * @return the delay from sending to opening, when this call recorded the first opening of a known message
     */
    Optional<Duration> recordOpened(String reference, Instant at);

    /** Patient messages received in {@code [from, to)}, oldest first. */
    List<PatientMessage> patientMessages(Instant from, Instant to);

    /** Secure messages sent in {@code [from, to)}, oldest first. */
    List<SecureMessage> secureMessages(Instant from, Instant to);

    /** Deletes facts older than {@code cutoff}; returns how many. */
    int purgeBefore(Instant cutoff);
}
