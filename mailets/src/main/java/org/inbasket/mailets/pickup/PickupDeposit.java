package org.inbasket.mailets.pickup;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * A message to put in the pickup store.
 *
 * @param direction            who wrote it
 * @param patient              the patient's address (the mailbox that picks up, or the verified author)
 * @param counterpart          the clinic-side address (the sender of a message to the patient, or the
 *                             recipient of the patient's message)
 * @param rfcMessageId         the RFC 5322 Message-ID of the message, used to thread conversations
 * @param references           Message-IDs this message answers (In-Reply-To and References)
 * @param readReceiptRequested whether the sender asked to be told when the patient first opens it
 * @param patientCheck         the clinic's extra check value for this patient (such as a date of birth),
 *                             already normalised by {@link #normaliseCheck(String)}
 * @param content              the content
 */
public record PickupDeposit(Direction direction, MailAddress patient, MailAddress counterpart, String rfcMessageId,
                            List<String> references, boolean readReceiptRequested, Optional<String> patientCheck,
                            PickupContent content) {
    public PickupDeposit {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(counterpart, "counterpart");
        Objects.requireNonNull(rfcMessageId, "rfcMessageId");
        references = List.copyOf(references);
        Objects.requireNonNull(patientCheck, "patientCheck");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Normalises an extra check value so that "1980-02-27", " 1980 02 27" and "19800227" compare equal:
     * keeps letters and digits only, lower-cased.
     */
    public static String normaliseCheck(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints()
            .filter(Character::isLetterOrDigit)
            .map(Character::toLowerCase)
            .forEach(out::appendCodePoint);
        return out.toString();
    }

    @Override
    public String toString() {
        return "PickupDeposit[" + direction + ", " + content + "]";
    }
}
