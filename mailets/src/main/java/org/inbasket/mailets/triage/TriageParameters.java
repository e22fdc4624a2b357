package org.inbasket.mailets.triage;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;

/**
 * Strict parsing of mailet and matcher parameters. Every error names the mailet and the parameter; nothing
 * falls back to a default on a typo ("ture" is an error, not false).
 */
public final class TriageParameters {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|min|h|d|w)", Pattern.CASE_INSENSITIVE);

    private TriageParameters() {
    }

    /** "true" or "false" in any case; absent means {@code defaultValue}. */
    public static boolean bool(String mailet, String name, String value, boolean defaultValue) throws MessagingException {
        if (value == null) {
            return defaultValue;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new MessagingException(mailet + ": parameter '" + name + "' must be true or false, got '" + value + "'");
    }

    /** A duration such as {@code 24h}, {@code 7d}, {@code 30m}, {@code 90s}, {@code 2w} or ISO-8601 {@code PT24H}. */
    public static Duration duration(String mailet, String name, String value, Duration defaultValue) throws MessagingException {
        if (value == null) {
            return defaultValue;
        }
        String v = value.trim();
        Matcher m = SIMPLE_DURATION.matcher(v);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        } else {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new MessagingException(mailet + ": parameter '" + name + "' must be a duration like 24h, 7d, 30m"
                    + " or PT24H, got '" + value + "'");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new MessagingException(mailet + ": parameter '" + name + "' must be positive, got '" + value + "'");
        }
        return d;
    }

    /** One mail address; required when {@code required}. */
    public static Optional<MailAddress> address(String mailet, String name, String value, boolean required)
        throws MessagingException {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new MessagingException(mailet + ": parameter '" + name + "' is required");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(new MailAddress(value.trim()));
        } catch (AddressException e) {
            throw new MessagingException(mailet + ": parameter '" + name + "' is not a valid address: '" + value + "'");
        }
    }

    /** A comma-separated list of one or more addresses. */
    public static List<MailAddress> addresses(String mailet, String name, String value) throws MessagingException {
        if (value == null || value.isBlank()) {
            throw new MessagingException(mailet + ": parameter '" + name + "' is required");
        }
        List<MailAddress> result = new ArrayList<>();
        for (String item : value.split(",")) {
            result.add(address(mailet, name, item, true).orElseThrow());
        }
        return result;
    }

    /** A non-blank processor or other name; absent means {@code defaultValue}. */
    public static String name(String mailet, String name, String value, String defaultValue) throws MessagingException {
        if (value == null) {
            return defaultValue;
        }
        if (value.isBlank()) {
            throw new MessagingException(mailet + ": parameter '" + name + "' must not be empty");
        }
        return value.trim();
    }

    /** An IANA time zone such as {@code America/New_York}; absent means the server's zone. */
    public static java.time.ZoneId zone(String mailet, String name, String value) throws MessagingException {
        if (value == null) {
            return java.time.ZoneId.systemDefault();
        }
        try {
            return java.time.ZoneId.of(value.trim());
        } catch (java.time.DateTimeException e) {
            throw new MessagingException(mailet + ": parameter '" + name + "' is not a time zone: '" + value + "'");
        }
    }

    /** A language tag such as {@code en-US}; absent means {@code defaultTag}. */
    public static Locale locale(String mailet, String name, String value, String defaultTag) throws MessagingException {
        String tag = value == null ? defaultTag : value.trim();
        Locale locale = Locale.forLanguageTag(tag);
        if (locale.getLanguage().isEmpty()) {
            throw new MessagingException(mailet + ": parameter '" + name + "' is not a language tag: '" + tag + "'");
        }
        return locale;
    }

    /** Resolves a James file URL ({@code file://conf/...}, {@code file:///abs/...}) to an existing file. */
    public static Path file(FileSystem fileSystem, String mailet, String name, String url) throws MessagingException {
        try {
            File file = fileSystem.getFile(url);
            if (file == null || !file.exists()) {
                throw new MessagingException(mailet + ": parameter '" + name + "': file not found: " + url);
            }
            return file.toPath();
        } catch (FileNotFoundException e) {
            throw new MessagingException(mailet + ": parameter '" + name + "': file not found: " + url);
        }
    }

    /** Resolves a James file URL to a directory that must exist. */
    public static Path directory(FileSystem fileSystem, String mailet, String name, String url) throws MessagingException {
        Path path = file(fileSystem, mailet, name, url);
        if (!path.toFile().isDirectory()) {
            throw new MessagingException(mailet + ": parameter '" + name + "': not a directory: " + url);
        }
        return path;
    }
}
