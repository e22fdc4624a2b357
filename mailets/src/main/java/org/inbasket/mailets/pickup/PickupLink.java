package org.inbasket.mailets.pickup;

import java.util.Objects;

import org.apache.james.core.MailAddress;

/**
 * What a valid pickup token points at.
 *
 * @param messageId      the message
 * @param conversationId its conversation
 * @param patient        the patient the link was sent to
 */
public record PickupLink(String messageId, String conversationId, MailAddress patient) {
    public PickupLink {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(patient, "patient");
    }
}
