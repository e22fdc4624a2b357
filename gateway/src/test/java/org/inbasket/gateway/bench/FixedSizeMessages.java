package org.inbasket.gateway.bench;

import java.nio.charset.StandardCharsets;

/**
 * Plain-text messages of one size (headers included, within a few bytes), each with its own Message-ID
 * {@code <bench-INDEX@bench.example>} so that a later latency measurement can find it over IMAP.
 */
public final class FixedSizeMessages implements MessageSource {
    private static final String LINE = "The quick brown fox jumps over the lazy dog, then files its notes. 0123456789\r\n";
    private final int bytes;

    public FixedSizeMessages(int bytes) {
        if (bytes < 512) {
            throw new IllegalArgumentException("message size must be at least 512 bytes, not " + bytes);
        }
        this.bytes = bytes;
    }

    @Override
    public byte[] message(int index, String from, String to) {
        StringBuilder m = new StringBuilder(bytes + LINE.length());
        m.append("From: <").append(from).append(">\r\n")
            .append("To: <").append(to).append(">\r\n")
            .append("Subject: benchmark message ").append(index).append("\r\n")
            .append("Message-ID: <bench-").append(index).append("@bench.example>\r\n")
            .append("Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n")
            .append("MIME-Version: 1.0\r\n")
            .append("Content-Type: text/plain; charset=us-ascii\r\n")
            .append("\r\n");
        while (m.length() + LINE.length() <= bytes) {
            m.append(LINE);
        }
        while (m.length() < bytes - 2) {
            m.append('x');
        }
        m.append("\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String describe() {
        return bytes + " B text";
    }
}
