package org.inbasket.mailets.pickup;

import java.util.Objects;

/**
 * An attachment's description, as shown in lists.
 *
 * @param index       position in the message, from 0
 * @param fileName    name given by the sender (untrusted)
 * @param contentType MIME type given by the sender (untrusted)
 * @param size        size in bytes
 */
public record AttachmentInfo(int index, String fileName, String contentType, long size) {
    public AttachmentInfo {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
    }

    @Override
    public String toString() {
        return "AttachmentInfo[" + index + ", " + size + " bytes]";
    }
}
