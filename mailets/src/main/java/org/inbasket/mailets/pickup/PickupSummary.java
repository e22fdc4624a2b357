package org.inbasket.mailets.pickup;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * A stored message without its bodies and attachment bytes.
 *
 * @param messageId            store identifier
 * @param conversationId       conversation identifier
 * @param direction            who wrote it
 * @param patient              the patient
 * @param counterpart          the clinic-side address
 * @param rfcMessageId         the RFC 5322 Message-ID
 * @param createdAt            when it was stored
 * @param expiresAt            when it expires
 * @param firstOpenedAt        when the patient first opened it, if ever
 * @param readReceiptRequested whether the sender asked for a read receipt
 * @param subject              the subject (health information)
 * @param attachments          attachment descriptions
 */
public record PickupSummary(String messageId, String conversationId, Direction direction, MailAddress patient,
                            MailAddress counterpart, String rfcMessageId, Instant createdAt, Instant expiresAt,
                            Optional<Instant> firstOpenedAt, boolean readReceiptRequested, String subject,
                            List<AttachmentInfo> attachments) {
    public PickupSummary {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(counterpart, "counterpart");
        Objects.requireNonNull(rfcMessageId, "rfcMessageId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(firstOpenedAt, "firstOpenedAt");
        Objects.requireNonNull(subject, "subject");
        attachments = List.copyOf(attachments);
    }

    @Override
    public String toString() {
        return "PickupSummary[" + messageId + ", " + direction + "]";
    }
}
