package org.inbasket.gateway.portal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.AddressException;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.MapConfiguration;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.builder.FileBasedConfigurationBuilder;
import org.apache.commons.configuration2.builder.fluent.Parameters;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;

/**
 * The portal's settings, read from {@code conf/portal.properties} (documented in
 * {@code docs/conf/portal.properties.md}).
 *
 * <p>Strict: an unknown key, a key given twice, or a value that does not parse is an error naming the file and
 * the key. Relative paths ({@code templates.dir}, {@code clinic.logo}) are resolved against the directory of
 * the file.</p>
 */
public final class PortalConfiguration {
    /** Every key this file may contain, with its default ({@code null}: required). */
    static final Map<String, String> DEFAULTS = defaults();

    /** When read receipts are sent to the clinic-side sender. */
    public enum ReadReceipts { NEVER, REQUESTED, ALWAYS }

    private final String source;
    private final boolean enabled;
    private final String bindAddress;
    private final int port;
    private final boolean tls;
    private final URI publicUrl;
    private final Set<String> trustedProxies;
    private final String clinicName;
    private final String clinicPhone;
    private final Optional<Path> clinicLogo;
    private final Path templatesDir;
    private final MailAddress mailFrom;
    private final MailAddress careTeam;
    private final Duration linkExpiry;
    private final Duration sessionIdleTimeout;
    private final Duration sessionMaxAge;
    private final int sessionMaxCount;
    private final int loginMaxFailures;
    private final Duration loginLockout;
    private final Duration codeExpiry;
    private final int codeMaxAttempts;
    private final int passwordMinLength;
    private final String extraCheckLabel;
    private final String extraCheckHint;
    private final int rateLimitFailures;
    private final Duration rateLimitWindow;
    private final int uploadMaxFiles;
    private final long uploadMaxFileSize;
    private final List<String> uploadTypes;
    private final int messageMaxChars;
    private final ReadReceipts readReceipts;
    private final Duration unreadReminderAfter;
    private final int threads;
    private final ZoneId timeZone;

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("enabled", "true");
        d.put("bind", "0.0.0.0");
        d.put("port", "8443");
        d.put("tls", "true");
        d.put("public.url", null);
        d.put("trusted.proxies", "");
        d.put("clinic.name", null);
        d.put("clinic.phone", null);
        d.put("clinic.logo", "");
        d.put("templates.dir", "portal");
        d.put("mail.from", null);
        d.put("careteam.address", null);
        d.put("link.expiry", "30d");
        d.put("session.idle.timeout", "15m");
        d.put("session.max.age", "12h");
        d.put("session.max.count", "10000");
        d.put("login.max.failures", "5");
        d.put("login.lockout", "15m");
        d.put("code.expiry", "15m");
        d.put("code.max.attempts", "5");
        d.put("password.min.length", "10");
        d.put("extra.check.label", "Date of birth");
        d.put("extra.check.hint", "For example 1980-02-27");
        d.put("ratelimit.failures", "20");
        d.put("ratelimit.window", "10m");
        d.put("upload.max.files", "5");
        d.put("upload.max.file.size", "10MB");
        d.put("upload.types", "image/jpeg,image/png,image/heic,image/heif,image/webp,application/pdf");
        d.put("message.max.chars", "10000");
        d.put("read.receipt", "requested");
        d.put("unread.reminder.after", "3d");
        d.put("threads", "16");
        d.put("time.zone", "");
        return java.util.Collections.unmodifiableMap(d);
    }

    /** Upload types the portal can recognise from their first bytes. */
    public static final Set<String> KNOWN_UPLOAD_TYPES = Set.of("image/jpeg", "image/png", "image/gif",
        "image/heic", "image/heif", "image/webp", "application/pdf");

    private PortalConfiguration(Reader r) {
        this.source = r.source;
        this.enabled = r.bool("enabled");
        this.bindAddress = r.string("bind");
        this.port = r.integer("port", 0, 65535);
        this.tls = r.bool("tls");
        this.publicUrl = r.publicUrl("public.url", tls);
        this.trustedProxies = r.addresses("trusted.proxies");
        this.clinicName = r.nonBlank("clinic.name");
        this.clinicPhone = r.nonBlank("clinic.phone");
        this.clinicLogo = r.optionalFile("clinic.logo");
        this.templatesDir = r.directory("templates.dir");
        this.mailFrom = r.address("mail.from");
        this.careTeam = r.address("careteam.address");
        this.linkExpiry = r.duration("link.expiry", Duration.ofHours(1), Duration.ofDays(3650));
        this.sessionIdleTimeout = r.duration("session.idle.timeout", Duration.ofMinutes(1), Duration.ofHours(12));
        this.sessionMaxAge = r.duration("session.max.age", Duration.ofMinutes(5), Duration.ofDays(7));
        this.sessionMaxCount = r.integer("session.max.count", 100, 10_000_000);
        this.loginMaxFailures = r.integer("login.max.failures", 1, 100);
        this.loginLockout = r.duration("login.lockout", Duration.ofMinutes(1), Duration.ofDays(1));
        this.codeExpiry = r.duration("code.expiry", Duration.ofMinutes(1), Duration.ofDays(1));
        this.codeMaxAttempts = r.integer("code.max.attempts", 1, 20);
        this.passwordMinLength = r.integer("password.min.length", 8, 128);
        this.extraCheckLabel = r.nonBlank("extra.check.label");
        this.extraCheckHint = r.string("extra.check.hint");
        this.rateLimitFailures = r.integer("ratelimit.failures", 1, 1_000_000);
        this.rateLimitWindow = r.duration("ratelimit.window", Duration.ofSeconds(10), Duration.ofDays(1));
        this.uploadMaxFiles = r.integer("upload.max.files", 0, 50);
        this.uploadMaxFileSize = r.size("upload.max.file.size", 1024, 100L * 1024 * 1024);
        this.uploadTypes = r.uploadTypes("upload.types");
        this.messageMaxChars = r.integer("message.max.chars", 100, 1_000_000);
        this.readReceipts = r.enumeration("read.receipt", ReadReceipts.class);
        this.unreadReminderAfter = r.durationOrZero("unread.reminder.after");
        this.threads = r.integer("threads", 2, 512);
        this.timeZone = r.zone("time.zone");
        if (!unreadReminderAfter.isZero() && unreadReminderAfter.compareTo(linkExpiry) >= 0) {
            throw new PortalConfigurationException(source + ": unread.reminder.after must be shorter than link.expiry");
        }
    }

    /** Reads and validates a properties file. */
    public static PortalConfiguration load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PortalConfigurationException(file + ": file not found");
        }
        try {
            FileBasedConfigurationBuilder<PropertiesConfiguration> builder =
                new FileBasedConfigurationBuilder<>(PropertiesConfiguration.class)
                    .configure(new Parameters().properties().setFile(file.toFile()));
            return from(builder.getConfiguration(), file.toString(), file.toAbsolutePath().getParent());
        } catch (ConfigurationException e) {
            throw new PortalConfigurationException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Validates settings from a Commons Configuration.
     *
     * @param configuration the settings
     * @param source        the file name, used in error messages
     * @param baseDir       directory against which relative paths are resolved
     */
    public static PortalConfiguration from(Configuration configuration, String source, Path baseDir) {
        return new PortalConfiguration(new Reader(configuration, source, baseDir));
    }

    /** Settings from a map (tests and programmatic use); same validation. */
    public static PortalConfiguration fromMap(Map<String, String> values, Path baseDir) {
        return from(new MapConfiguration(new LinkedHashMap<>(values)), "<map>", baseDir);
    }

    private static final class Reader {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(s|m|h|d)");
        private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KB|MB)?");
        private final Configuration configuration;
        private final String source;
        private final Path baseDir;

        Reader(Configuration configuration, String source, Path baseDir) {
            this.configuration = configuration;
            this.source = source;
            this.baseDir = baseDir;
            Iterator<String> keys = configuration.getKeys();
            while (keys.hasNext()) {
                String key = keys.next();
                if (!DEFAULTS.containsKey(key)) {
                    throw error(key, "unknown key");
                }
                if (configuration.getList(key).size() > 1) {
                    throw error(key, "given more than once");
                }
            }
        }

        PortalConfigurationException error(String key, String problem) {
            return new PortalConfigurationException(source + ": " + key + ": " + problem);
        }

        String string(String key) {
            String value = configuration.containsKey(key) ? configuration.getString(key) : DEFAULTS.get(key);
            if (value == null) {
                throw error(key, "required");
            }
            return value.strip();
        }

        String nonBlank(String key) {
            String value = string(key);
            if (value.isEmpty()) {
                throw error(key, "must not be empty");
            }
            return value;
        }

        boolean bool(String key) {
            String value = string(key);
            if (!value.equals("true") && !value.equals("false")) {
                throw error(key, "must be true or false, was '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        int integer(String key, int min, int max) {
            String value = string(key);
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    throw error(key, "must be between " + min + " and " + max + ", was " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw error(key, "must be a whole number, was '" + value + "'");
            }
        }

        Duration duration(String key, Duration min, Duration max) {
            Duration parsed = durationOrZero(key);
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                throw error(key, "must be between " + min + " and " + max);
            }
            return parsed;
        }

        Duration durationOrZero(String key) {
            String value = string(key);
            Matcher m = DURATION.matcher(value);
            if (!m.matches()) {
                throw error(key, "must be a number followed by s, m, h or d (such as 30d), was '" + value + "'");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }

        long size(String key, long min, long max) {
            String value = string(key);
            Matcher m = SIZE.matcher(value);
            if (!m.matches()) {
                throw error(key, "must be a size such as 10MB, 512KB or 1000B, was '" + value + "'");
            }
            long unit = m.group(2) == null || m.group(2).equals("B") ? 1 : m.group(2).equals("KB") ? 1024 : 1024 * 1024;
            long parsed = Long.parseLong(m.group(1)) * unit;
            if (parsed < min || parsed > max) {
                throw error(key, "must be between " + min + " and " + max + " bytes");
            }
            return parsed;
        }

        URI publicUrl(String key, boolean tls) {
            String value = nonBlank(key);
            try {
                URI uri = new URI(value);
                if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
                    throw error(key, "must be a scheme, host and optional port, such as https://portal.clinic.example");
                }
                boolean local = uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1");
                if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && local && !tls)) {
                    throw error(key, "must start with https:// (patients always reach the portal over HTTPS)");
                }
                String text = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                return new URI(text);
            } catch (URISyntaxException e) {
                throw error(key, "is not a valid URL");
            }
        }

        Set<String> addresses(String key) {
            String value = string(key);
            if (value.isEmpty()) {
                return Set.of();
            }
            return Set.copyOf(Arrays.stream(value.split(",")).map(String::strip).map(ip -> {
                if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                    throw error(key, "'" + ip + "' is not an IP address");
                }
                try {
                    return InetAddress.getByName(ip).getHostAddress();
                } catch (UnknownHostException e) {
                    throw error(key, "'" + ip + "' is not an IP address");
                }
            }).toList());
        }

        Optional<Path> optionalFile(String key) {
            String value = string(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            Path path = baseDir.resolve(value);
            if (!Files.isRegularFile(path)) {
                throw error(key, "file " + path + " not found");
            }
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".png") && !name.endsWith(".svg") && !name.endsWith(".jpg")
                && !name.endsWith(".jpeg")) {
                throw error(key, "must be a .png, .svg, .jpg or .jpeg file");
            }
            return Optional.of(path);
        }

        Path directory(String key) {
            Path path = baseDir.resolve(nonBlank(key));
            if (!Files.isDirectory(path)) {
                throw error(key, "directory " + path + " not found");
            }
            return path;
        }

        MailAddress address(String key) {
            String value = nonBlank(key);
            try {
                return new MailAddress(value);
            } catch (AddressException e) {
                throw error(key, "'" + value + "' is not a mail address");
            }
        }

        List<String> uploadTypes(String key) {
            List<String> types = Arrays.stream(string(key).split(",")).map(String::strip)
                .filter(t -> !t.isEmpty()).map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
            for (String type : types) {
                if (!KNOWN_UPLOAD_TYPES.contains(type)) {
                    throw error(key, "'" + type + "' cannot be recognised; choose among "
                        + new java.util.TreeSet<>(KNOWN_UPLOAD_TYPES));
                }
            }
            return types;
        }

        <E extends Enum<E>> E enumeration(String key, Class<E> type) {
            String value = string(key);
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(key, "must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
                    + ", was '" + value + "'");
            }
        }

        ZoneId zone(String key) {
            String value = string(key);
            if (value.isEmpty()) {
                return ZoneId.systemDefault();
            }
            try {
                return ZoneId.of(value);
            } catch (RuntimeException e) {
                throw error(key, "'" + value + "' is not a time zone such as America/New_York");
            }
        }
    }

    public String source() { return source; }
    public boolean enabled() { return enabled; }
    public String bindAddress() { return bindAddress; }
    public int port() { return port; }
    public boolean tls() { return tls; }
    public URI publicUrl() { return publicUrl; }
    public Set<String> trustedProxies() { return trustedProxies; }
    public String clinicName() { return clinicName; }
    public String clinicPhone() { return clinicPhone; }
    public Optional<Path> clinicLogo() { return clinicLogo; }
    public Path templatesDir() { return templatesDir; }
    public MailAddress mailFrom() { return mailFrom; }
    public MailAddress careTeam() { return careTeam; }
    public Duration linkExpiry() { return linkExpiry; }
    public Duration sessionIdleTimeout() { return sessionIdleTimeout; }
    public Duration sessionMaxAge() { return sessionMaxAge; }
    public int sessionMaxCount() { return sessionMaxCount; }
    public int loginMaxFailures() { return loginMaxFailures; }
    public Duration loginLockout() { return loginLockout; }
    public Duration codeExpiry() { return codeExpiry; }
    public int codeMaxAttempts() { return codeMaxAttempts; }
    public int passwordMinLength() { return passwordMinLength; }
    public String extraCheckLabel() { return extraCheckLabel; }
    public String extraCheckHint() { return extraCheckHint; }
    public int rateLimitFailures() { return rateLimitFailures; }
    public Duration rateLimitWindow() { return rateLimitWindow; }
    public int uploadMaxFiles() { return uploadMaxFiles; }
    public long uploadMaxFileSize() { return uploadMaxFileSize; }
    public List<String> uploadTypes() { return uploadTypes; }
    public int messageMaxChars() { return messageMaxChars; }
    public ReadReceipts readReceipts() { return readReceipts; }
    public Duration unreadReminderAfter() { return unreadReminderAfter; }
    public int threads() { return threads; }
    public ZoneId timeZone() { return timeZone; }
}
