package org.inbasket.gateway.portal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * File names and content types from mail or uploads, made safe for HTTP headers and for the patient's disk.
 *
 * <p>SECURITY: names never keep a directory part (forward or back slash), control characters, quotes, or
 * leading dots; content types that are not a plain {@code type/subtype} token become
 * {@code application/octet-stream}.</p>
 */
public final class SafeNames {
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    private SafeNames() {
    }

    /** A safe file name: last path segment, no control or quoting characters, at most 120 characters. */
    public static String fileName(String untrusted) {
        String name = untrusted == null ? "" : Normalizer.normalize(untrusted, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder out = new StringBuilder();
        name.codePoints()
            .filter(c -> !Character.isISOControl(c) && c != '"' && c != ';' && c != ':' && c != '*' && c != '?'
                && c != '<' && c != '>' && c != '|' && Character.getType(c) != Character.FORMAT)
            .forEach(out::appendCodePoint);
        String cleaned = out.toString().replaceAll("\\s+", " ").strip().replaceFirst("^[.\\s]+", "");
        if (cleaned.codePointCount(0, cleaned.length()) > 120) {
            cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, 120));
        }
        return cleaned.isEmpty() ? "attachment" : cleaned;
    }

    /** A {@code Content-Disposition: attachment} value with an ASCII fallback and the UTF-8 name (RFC 6266). */
    public static String attachmentDisposition(String untrusted) {
        String name = fileName(untrusted);
        String ascii = name.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? name
            : name.replaceAll("[^\\x20-\\x7e]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii.replace("\\", "_") + "\"; filename*=UTF-8''" + encoded;
    }

    /** The content type if it is a plain token pair, otherwise {@code application/octet-stream}. */
    public static String contentType(String untrusted) {
        String type = untrusted == null ? "" : untrusted.strip().toLowerCase(Locale.ROOT);
        return TYPE.matcher(type).matches() ? type : "application/octet-stream";
    }
}
