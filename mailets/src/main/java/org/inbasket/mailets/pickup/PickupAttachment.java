package org.inbasket.mailets.pickup;

import java.util.Objects;

/**
 * One attachment of a stored message, with its bytes.
 *
 * @param fileName    the name given by the sender (untrusted: the portal makes it safe before use)
 * @param contentType the MIME type given by the sender, without parameters (untrusted)
 * @param data        the decoded bytes
 */
public record PickupAttachment(String fileName, String contentType, byte[] data) {
    public PickupAttachment {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        data = Objects.requireNonNull(data, "data").clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The description of this attachment at the given position, without its bytes. */
    public AttachmentInfo info(int index) {
        return new AttachmentInfo(index, fileName, contentType, data.length);
    }

    @Override
    public String toString() {
        // No file name: names of attachments can be health information.
        return "PickupAttachment[" + data.length + " bytes]";
    }
}
