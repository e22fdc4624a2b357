package org.inbasket.mailets.pickup;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The readable content of a stored message: health information, kept encrypted at rest.
 *
 * @param subject     the original subject ("" when absent)
 * @param textBody    the plain-text body, if any
 * @param htmlBody    the HTML body, if any (untrusted: the portal sanitises it before display)
 * @param attachments the attachments in order
 */
public record PickupContent(String subject, Optional<String> textBody, Optional<String> htmlBody,
                            List<PickupAttachment> attachments) {
    public PickupContent {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(textBody, "textBody");
        Objects.requireNonNull(htmlBody, "htmlBody");
        attachments = List.copyOf(attachments);
    }

    /** Descriptions of the attachments, without their bytes. */
    public List<AttachmentInfo> attachmentInfos() {
        return java.util.stream.IntStream.range(0, attachments.size())
            .mapToObj(i -> attachments.get(i).info(i))
            .toList();
    }

    @Override
    public String toString() {
        return "PickupContent[" + attachments.size() + " attachments]";
    }
}
