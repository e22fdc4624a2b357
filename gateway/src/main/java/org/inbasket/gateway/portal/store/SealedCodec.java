package org.inbasket.gateway.portal.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.inbasket.mailets.pickup.AttachmentInfo;

/**
 * Binary layout of the sealed columns before encryption: the envelope (subject and attachment descriptions)
 * and the body (text and HTML). Version-tagged so the layout can evolve.
 */
final class SealedCodec {
    private static final int VERSION = 1;
    private static final int MAX_STRING = 64 * 1024 * 1024;

    record Envelope(String subject, List<AttachmentInfo> attachments) {
    }

    record Body(Optional<String> text, Optional<String> html) {
    }

    private SealedCodec() {
    }

    static byte[] envelope(String subject, List<AttachmentInfo> attachments) {
        return write(out -> {
            writeString(out, subject);
            out.writeInt(attachments.size());
            for (AttachmentInfo info : attachments) {
                writeString(out, info.fileName());
                writeString(out, info.contentType());
                out.writeLong(info.size());
            }
        });
    }

    static Envelope readEnvelope(byte[] bytes) throws IOException {
        DataInputStream in = open(bytes);
        String subject = readString(in);
        int count = in.readInt();
        if (count < 0 || count > 10_000) {
            throw new IOException("corrupt envelope");
        }
        List<AttachmentInfo> infos = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            infos.add(new AttachmentInfo(i, readString(in), readString(in), in.readLong()));
        }
        return new Envelope(subject, infos);
    }

    static byte[] body(Optional<String> text, Optional<String> html) {
        return write(out -> {
            writeOptional(out, text);
            writeOptional(out, html);
        });
    }

    static Body readBody(byte[] bytes) throws IOException {
        DataInputStream in = open(bytes);
        return new Body(readOptional(in), readOptional(in));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(VERSION);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private static DataInputStream open(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unknown sealed layout version " + version);
        }
        return in;
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            writeString(out, value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(readString(in)) : Optional.empty();
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING) {
            throw new IOException("corrupt string length");
        }
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length != length) {
            throw new IOException("truncated string");
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
