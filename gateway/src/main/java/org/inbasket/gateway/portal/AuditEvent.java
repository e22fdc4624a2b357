package org.inbasket.gateway.portal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audit record: who did what, when, from where. Never content.
 *
 * @param time      when
 * @param action    what
 * @param address   the patient address concerned, or the admin actor for revocations ("-" when unknown)
 * @param clientIp  the client's IP address ("-" for actions without a client, such as reminders)
 * @param messageId the store's message id, when one is concerned
 */
public record AuditEvent(Instant time, AuditAction action, String address, String clientIp,
                         Optional<String> messageId) {
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(messageId, "messageId");
    }
}
