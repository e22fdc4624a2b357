package org.inbasket.mailets.pickup;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store gives back for a deposit.
 *
 * @param messageId      the store's identifier of the message
 * @param conversationId the conversation it joined or started
 * @param token          the pickup link token (only for messages to the patient); only its hash is stored,
 *                       so this is the one chance to put it in a notification
 * @param expiresAt      when the link and the message expire
 */
public record PickupReceipt(String messageId, String conversationId, Optional<String> token, Instant expiresAt) {
    public PickupReceipt {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "PickupReceipt[" + messageId + "]"; // never the token
    }
}
