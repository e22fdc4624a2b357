package org.inbasket.mailets.pickup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

/**
 * Turns a MIME message into {@link PickupContent}: subject, one plain-text body, one HTML body, attachments.
 *
 * <p>Rules: a part with a file name or {@code Content-Disposition: attachment} is an attachment; so is any
 * inline part that is not text (inline images), and any attached message ({@code message/rfc822}, kept whole
 * as a {@code .eml}). In {@code multipart/alternative} the first {@code text/plain} and first {@code text/html}
 * alternative are the bodies; further inline text parts are appended to the body of their kind.</p>
 *
 * <p>BUGS: text in an unknown charset is decoded as UTF-8 with replacement characters rather than refused.
 * Encrypted or signed S/MIME content is kept as an opaque attachment.</p>
 */
public final class MimeContentExtractor {
    private static final int MAX_DEPTH = 20;

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder html = new StringBuilder();
    private final List<PickupAttachment> attachments = new ArrayList<>();

    private MimeContentExtractor() {
    }

    /**
     * Extracts the content of a message.
     *
     * @throws MessagingException if the MIME structure cannot be read (malformed boundaries, nesting deeper
     *                            than 20 levels)
     */
    public static PickupContent extract(MimeMessage message) throws MessagingException {
        MimeContentExtractor extractor = new MimeContentExtractor();
        try {
            extractor.walk(message, 0);
        } catch (IOException e) {
            throw new MessagingException("Unreadable MIME content", e);
        }
        String subject = Optional.ofNullable(message.getSubject()).orElse("");
        return new PickupContent(subject, nonEmpty(extractor.text), nonEmpty(extractor.html), extractor.attachments);
    }

    private static Optional<String> nonEmpty(StringBuilder builder) {
        return builder.length() == 0 ? Optional.empty() : Optional.of(builder.toString());
    }

    private void walk(Part part, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            throw new MessagingException("MIME nesting deeper than " + MAX_DEPTH);
        }
        String type = baseType(part);
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || fileName(part).isPresent();
        if (!attachment && type.startsWith("multipart/")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                throw new MessagingException("multipart without parts");
            }
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, depth + 1);
            }
            return;
        }
        if (!attachment && type.equals("text/plain")) {
            append(text, readText(part));
        } else if (!attachment && type.equals("text/html")) {
            append(html, readText(part));
        } else {
            attachments.add(new PickupAttachment(fileName(part).orElseGet(() -> defaultName(type)), type,
                readBytes(part)));
        }
    }

    private static void append(StringBuilder body, String more) {
        if (body.length() > 0) {
            body.append("\n\n");
        }
        body.append(more);
    }

    private static String baseType(Part part) throws MessagingException {
        String raw = part.getContentType();
        if (raw == null) {
            return "text/plain";
        }
        try {
            return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return "application/octet-stream";
        }
    }

    private static String disposition(Part part) {
        try {
            return Optional.ofNullable(part.getDisposition()).orElse("");
        } catch (MessagingException e) {
            return "";
        }
    }

    private static Optional<String> fileName(Part part) {
        try {
            String name = part.getFileName();
            if (name == null || name.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(MimeUtility.decodeText(name));
        } catch (MessagingException | UnsupportedEncodingException e) {
            return Optional.empty();
        }
    }

    private static String defaultName(String type) {
        return switch (type) {
            case "message/rfc822" -> "message.eml";
            case "image/jpeg" -> "image.jpg";
            case "image/png" -> "image.png";
            case "image/gif" -> "image.gif";
            case "application/pdf" -> "document.pdf";
            default -> "attachment";
        };
    }

    private static String readText(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String string) {
                return string;
            }
        } catch (UnsupportedEncodingException e) {
            // Unknown charset: fall through to a lenient decode.
        }
        return new String(readBytes(part), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
