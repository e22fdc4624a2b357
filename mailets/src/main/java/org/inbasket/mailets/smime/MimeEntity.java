package org.inbasket.mailets.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;

/**
 * A MIME entity as bytes: its header fields exactly as written (folding kept) and its raw body.
 *
 * <p>The S/MIME code builds its output from bytes rather than through javax.mail setters, so that what is
 * signed or encrypted is exactly what is sent, and javax.mail never re-encodes a signed part or replaces
 * the Message-ID on {@code saveChanges()}. Header bytes are held as ISO-8859-1 text, which keeps any
 * 8-bit header bytes unchanged.</p>
 *
 * @param headerFields the header fields, each possibly folded over several lines joined by CRLF
 * @param body the raw (still transfer-encoded) body
 */
record MimeEntity(List<String> headerFields, byte[] body) {
    static final Session SESSION = Session.getInstance(new Properties());
    private static final String CRLF = "\r\n";

    MimeEntity {
        headerFields = List.copyOf(headerFields);
    }

    /** Serialises a javax.mail message or part (which must be saved) and splits it. */
    static MimeEntity of(MimePart part) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(part.getSize(), 0) + 4096);
        part.writeTo(out);
        return parse(out.toByteArray());
    }

    /**
     * Splits raw MIME bytes at the first empty line. Bytes whose first line is not a header field (CMS
     * content that is plain text rather than a MIME entity) are taken as a body without header fields.
     */
    static MimeEntity parse(byte[] raw) {
        if (!startsWithHeaderField(raw)) {
            return new MimeEntity(List.of(), raw.clone());
        }
        int bodyStart = raw.length;
        int headerEnd = raw.length;
        int lineStart = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                int lineLength = i - lineStart;
                boolean empty = lineLength == 0 || (lineLength == 1 && raw[lineStart] == '\r');
                if (empty) {
                    headerEnd = lineStart;
                    bodyStart = i + 1;
                    break;
                }
                lineStart = i + 1;
            }
        }
        String headerText = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : headerText.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(CRLF).append(line);
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            fields.add(current.toString());
        }
        byte[] body = new byte[raw.length - bodyStart];
        System.arraycopy(raw, bodyStart, body, 0, body.length);
        return new MimeEntity(fields, body);
    }

    private static boolean startsWithHeaderField(byte[] raw) {
        if (raw.length > 0 && (raw[0] == '\r' || raw[0] == '\n')) {
            return true;
        }
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == ':') {
                return i > 0;
            }
            if (b <= ' ' || b >= 127) {
                return false;
            }
        }
        return false;
    }

    /** @return the entity as bytes: header fields, an empty line, the body */
    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
        for (String field : headerFields) {
            out.writeBytes(field.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(CRLF.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(CRLF.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** @return this entity parsed as a javax.mail message (unmodified, so it writes back byte for byte) */
    MimeMessage toMessage() throws MessagingException {
        return new PreservingMimeMessage(new ByteArrayInputStream(toBytes()));
    }

    /** @return the fields for which the predicate holds, in order */
    List<String> fields(Predicate<String> keep) {
        return headerFields.stream().filter(keep).toList();
    }

    /** @return the unfolded value of the first field with this name */
    Optional<String> value(String name) {
        return headerFields.stream()
            .filter(field -> hasName(field, name))
            .findFirst()
            .map(MimeEntity::unfoldedValue);
    }

    /** @return the Content-* fields, the ones that belong to the body rather than to the message */
    List<String> contentFields() {
        return fields(MimeEntity::isContentField);
    }

    static boolean isContentField(String field) {
        return name(field).toLowerCase(Locale.ROOT).startsWith("content-");
    }

    static boolean hasName(String field, String name) {
        return name(field).equalsIgnoreCase(name);
    }

    static String name(String field) {
        int colon = field.indexOf(':');
        return (colon < 0 ? field : field.substring(0, colon)).trim();
    }

    static String unfoldedValue(String field) {
        int colon = field.indexOf(':');
        String value = colon < 0 ? "" : field.substring(colon + 1);
        return value.replaceAll("\r?\n", "").trim();
    }

    /** Replaces bare LF (and bare CR) line ends by CRLF, as S/MIME canonical form requires. */
    static byte[] canonicalLineEnds(byte[] raw) {
        int bare = 0;
        for (int i = 0; i < raw.length; i++) {
            if ((raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) || (raw[i] == '\r' && (i + 1 == raw.length || raw[i + 1] != '\n'))) {
                bare++;
            }
        }
        if (bare == 0) {
            return raw;
        }
        byte[] out = new byte[raw.length + bare];
        int o = 0;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r' || b == '\n') {
                out[o++] = '\r';
                out[o++] = '\n';
                if (b == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
                    i++;
                }
            } else {
                out[o++] = b;
            }
        }
        return out;
    }

    /** @return true when any byte is outside 7-bit ASCII or a NUL */
    static boolean hasEightBitData(byte[] raw) {
        for (byte b : raw) {
            if (b < 0 || b == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a stream to its end, at most {@code limit} bytes (more gives {@link IOException}).
     *
     * <p>Not {@code InputStream.readAllBytes()}: javax.mail 1.6's decoder streams answer a zero-length
     * read with -1, which makes the JDK's readAllBytes/readNBytes stop after the first 8 KiB.</p>
     */
    static byte[] readFully(java.io.InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer, 0, buffer.length)) != -1) {
            out.write(buffer, 0, read);
            if (out.size() > limit) {
                throw new IOException("more than " + limit + " bytes");
            }
        }
        return out.toByteArray();
    }

    /** A message that keeps its Message-ID when javax.mail saves it. */
    static final class PreservingMimeMessage extends MimeMessage {
        PreservingMimeMessage(java.io.InputStream in) throws MessagingException {
            super(SESSION, in);
        }

        PreservingMimeMessage(MimeMessage source) throws MessagingException {
            super(source);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                super.updateMessageID();
            }
        }
    }
}
