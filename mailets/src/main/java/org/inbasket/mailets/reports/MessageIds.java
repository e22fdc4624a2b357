package org.inbasket.mailets.reports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * Message-IDs as report keys: a Message-ID {@code <id@host>} is reduced to what is between the angle brackets
 * (white space removed) and kept as its SHA-256, so keys have a fixed width and the table needs no long index.
 * A reply names what it answers in {@code In-Reply-To} and {@code References} (RFC 5322 section 3.6.4).
 */
public final class MessageIds {
    /** At most this many referenced ids are read from one reply (the newest of a long References chain). */
    static final int MAX_REFERENCES = 50;
    private static final Pattern MSG_ID = Pattern.compile("<([^<>]{1,995})>");

    private MessageIds() {
    }

    /** The key of one Message-ID, with or without angle brackets; empty for a blank value. */
    public static Optional<String> key(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        String id = messageId.strip();
        Matcher m = MSG_ID.matcher(id);
        if (m.find()) {
            id = m.group(1);
        }
        id = id.replaceAll("\\s+", "");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(sha256(id));
    }

    /** The key of the message's own Message-ID header, if it has one. */
    public static Optional<String> keyOf(MimeMessage message) throws MessagingException {
        return key(message.getMessageID());
    }

    /** Keys of every id in the message's In-Reply-To and References headers, without repeats. */
    public static Set<String> referencedKeys(MimeMessage message) throws MessagingException {
        List<String> ids = new ArrayList<>();
        for (String header : List.of("In-Reply-To", "References")) {
            String[] values = message.getHeader(header);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                ids.addAll(ids(value));
            }
        }
        if (ids.size() > MAX_REFERENCES) {
            ids = ids.subList(ids.size() - MAX_REFERENCES, ids.size());
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String id : ids) {
            key(id).ifPresent(keys::add);
        }
        return keys;
    }

    /** The ids between angle brackets in a header value. */
    static List<String> ids(String value) {
        List<String> found = new ArrayList<>();
        Matcher m = MSG_ID.matcher(value.replaceAll("\\s+", " "));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Lower-case hex SHA-256 of the UTF-8 value. */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
