package org.inbasket.mailets.triage.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;
import javax.mail.internet.MimeUtility;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Extracts the readable text of a message for scanning: the Subject and every text part, at any depth of
 * multipart nesting and inside attached {@code message/rfc822} messages, decoded from any transfer
 * encoding and charset; HTML parts are turned into text with jsoup (block elements and {@code <br>} become
 * line breaks; scripts, styles and, optionally, {@code <blockquote>} are skipped).
 *
 * <p>Failure behaviour: a part that cannot be decoded in its declared charset is decoded as UTF-8 if valid,
 * else as windows-1252, so nothing readable is skipped; a part that cannot be read at all is counted in
 * {@link Result#unreadableParts()} and skipped. Extraction stops after {@code maxChars} characters or
 * {@code maxDepth} levels of nesting ({@link Result#truncated()} says so). Never throws for bad MIME.</p>
 *
 * <p>SECURITY: the HTML is parsed, never rendered or fetched from; the extracted text stays in memory and
 * is never logged.</p>
 */
public final class MessageText {
    /** The extracted segments (Subject first) and what could not be read. */
    public record Result(List<String> segments, int unreadableParts, boolean truncated) {
    }

    private static final int MAX_PART_BYTES = 8 * 1024 * 1024;

    private final int maxChars;
    private final int maxDepth;
    private final boolean skipQuoted;
    private final List<String> segments = new ArrayList<>();
    private int chars;
    private int unreadable;
    private boolean truncated;

    private MessageText(int maxChars, int maxDepth, boolean skipQuoted) {
        this.maxChars = maxChars;
        this.maxDepth = maxDepth;
        this.skipQuoted = skipQuoted;
    }

    /** Extracts the Subject and text parts of {@code message}. */
    public static Result extract(MimeMessage message, int maxChars, boolean skipQuoted) {
        MessageText extractor = new MessageText(maxChars, 32, skipQuoted);
        extractor.subject(message);
        extractor.part(message, 0);
        return new Result(List.copyOf(extractor.segments), extractor.unreadable, extractor.truncated);
    }

    /** Plain text of an HTML document or fragment, for scanning. */
    public static String htmlToText(String html, boolean skipQuoted) {
        StringBuilder out = new StringBuilder(html.length() / 2);
        Element body = Jsoup.parse(html).body();
        NodeTraversor.traverse(new HtmlText(out, skipQuoted), body);
        return out.toString();
    }

    private void subject(MimeMessage message) {
        try {
            String raw = message.getHeader("Subject", null);
            if (raw != null) {
                add(MimeUtility.decodeText(MimeUtility.unfold(raw)));
            }
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            unreadable++;
        }
    }

    private void part(Part part, int depth) {
        if (chars >= maxChars) {
            truncated = true;
            return;
        }
        if (depth > maxDepth) {
            truncated = true;
            return;
        }
        try {
            String type = baseType(part);
            if (type.startsWith("multipart/")) {
                Object content = part.getContent();
                if (content instanceof Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        part(child, depth + 1);
                    }
                } else {
                    unreadable++;
                }
            } else if (type.equals("message/rfc822")) {
                Object content = part.getContent();
                if (content instanceof MimeMessage nested) {
                    subject(nested);
                    part(nested, depth + 1);
                } else {
                    unreadable++;
                }
            } else if (type.equals("text/html")) {
                add(htmlToText(text(part), skipQuoted));
            } else if (type.startsWith("text/") && !type.equals("text/calendar") && !type.equals("text/x-vcard")
                && !type.equals("text/vcard")) {
                add(text(part));
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            unreadable++;
        }
    }

    private void add(String text) {
        int room = maxChars - chars;
        if (room <= 0) {
            truncated = true;
            return;
        }
        if (text.length() > room) {
            text = text.substring(0, room);
            truncated = true;
        }
        chars += text.length();
        segments.add(text);
    }

    private static String baseType(Part part) throws MessagingException {
        // the data handler knows the type of content set in memory and not yet saved into headers
        String header = part.getDataHandler() != null ? part.getDataHandler().getContentType() : part.getContentType();
        if (header == null) {
            return "text/plain";
        }
        try {
            return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (javax.mail.internet.ParseException e) {
            String lower = header.toLowerCase(Locale.ROOT).trim();
            int semi = lower.indexOf(';');
            return semi >= 0 ? lower.substring(0, semi).trim() : lower;
        }
    }

    /**
     * The decoded text of a text part, tolerating unknown or wrong charsets. Quoted-printable and base64 are
     * decoded here from the raw bytes (javax.mail's decoder streams read one byte at a time, which dominated
     * the cost of scanning); other encodings go through javax.mail.
     */
    static String text(Part part) throws MessagingException, IOException {
        byte[] bytes = decodedBytes(part);
        Charset declared = declaredCharset(part);
        if (declared != null) {
            String s = strictDecode(bytes, declared);
            if (s != null) {
                return s;
            }
        }
        String utf8 = strictDecode(bytes, StandardCharsets.UTF_8);
        return utf8 != null ? utf8 : new String(bytes, Charset.forName("windows-1252"));
    }

    private static byte[] decodedBytes(Part part) throws MessagingException, IOException {
        if (part instanceof MimePart mime) {
            String encoding = mime.getEncoding();
            String cte = encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
            if (cte.equals("quoted-printable") || cte.equals("base64") || cte.equals("7bit") || cte.equals("8bit")
                || cte.equals("binary")) {
                byte[] raw = rawBytesOrNull(mime);
                if (raw != null) {
                    return switch (cte) {
                        case "quoted-printable" -> decodeQuotedPrintable(raw);
                        case "base64" -> Base64.getMimeDecoder().decode(raw);
                        default -> raw;
                    };
                }
            }
        }
        try (InputStream in = part.getInputStream()) {
            return readBounded(in, MAX_PART_BYTES);
        }
    }

    /** The undecoded body bytes, or null when the part has none yet (content set in memory, not parsed). */
    private static byte[] rawBytesOrNull(MimePart part) {
        try {
            InputStream raw;
            if (part instanceof MimeBodyPart body) {
                raw = body.getRawInputStream();
            } else if (part instanceof MimeMessage message) {
                raw = message.getRawInputStream();
            } else {
                return null;
            }
            try (InputStream in = raw) {
                return readBounded(in, MAX_PART_BYTES);
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** RFC 2045 quoted-printable: "=XX" is a byte, "=" before a line break is a soft break; anything else is kept. */
    static byte[] decodeQuotedPrintable(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int n = in.length;
        for (int i = 0; i < n; i++) {
            byte b = in[i];
            if (b != '=') {
                out.write(b);
                continue;
            }
            if (i + 1 < n && in[i + 1] == '\n') {
                i += 1;
            } else if (i + 2 < n && in[i + 1] == '\r' && in[i + 2] == '\n') {
                i += 2;
            } else if (i + 2 < n && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    private static Charset declaredCharset(Part part) {
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name == null) {
                return null;
            }
            return Charset.forName(MimeUtility.javaCharset(name.trim()));
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String strictDecode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] readBounded(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int total = 0;
        int read;
        while ((read = in.read(buffer)) > 0 && total < max) {
            int take = Math.min(read, max - total);
            out.write(buffer, 0, take);
            total += take;
        }
        return out.toByteArray();
    }

    /** Collects text nodes, with line breaks around block elements. */
    private static final class HtmlText implements NodeVisitor {
        private final StringBuilder out;
        private final boolean skipQuoted;
        private int skipDepth;

        HtmlText(StringBuilder out, boolean skipQuoted) {
            this.out = out;
            this.skipQuoted = skipQuoted;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (skipDepth > 0 || tag.equals("script") || tag.equals("style") || tag.equals("head")
                    || tag.equals("template") || (skipQuoted && tag.equals("blockquote"))) {
                    skipDepth++;
                    return;
                }
                if (element.isBlock() || tag.equals("br")) {
                    out.append('\n');
                }
            } else if (node instanceof TextNode text && skipDepth == 0) {
                out.append(text.text());
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                if (skipDepth > 0) {
                    skipDepth--;
                    return;
                }
                if (element.isBlock()) {
                    out.append('\n');
                }
            }
        }
    }
}
