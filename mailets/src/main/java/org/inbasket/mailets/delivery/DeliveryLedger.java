package org.inbasket.mailets.delivery;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * Remembers which local deliveries were started, so a mail that James's spool hands out again after a
 * crash is not stored twice. A delivery is identified by the James mail name (stable across the persistent
 * queue) and the recipient.
 */
public interface DeliveryLedger {
    /**
     * Records that delivery of {@code mailName} to {@code recipient} starts now, when the recipient's INBOX
     * will give the next message the UID {@code uidFloor}.
     *
     * @return empty if this call recorded it (first attempt); otherwise the UID floor recorded by an earlier
     *     attempt, which may or may not have finished storing the message
     */
    OptionalLong claim(String mailName, String recipient, long uidFloor);

    /** Forgets deliveries started before {@code cutoff}; returns how many were forgotten. */
    int purgeStartedBefore(Instant cutoff);
}
