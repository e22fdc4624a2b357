package org.inbasket.mailets.pickup;

import java.util.Objects;
import java.util.Optional;

/**
 * A stored message with its bodies (attachments are fetched one by one).
 *
 * @param summary  the message's summary
 * @param textBody plain-text body, if any
 * @param htmlBody HTML body, if any (untrusted)
 */
public record PickupMessage(PickupSummary summary, Optional<String> textBody, Optional<String> htmlBody) {
    public PickupMessage {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(textBody, "textBody");
        Objects.requireNonNull(htmlBody, "htmlBody");
    }

    @Override
    public String toString() {
        return "PickupMessage[" + summary.messageId() + "]";
    }
}
