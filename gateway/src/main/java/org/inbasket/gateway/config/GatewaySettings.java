package org.inbasket.gateway.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.inbasket.mailets.smime.KeyAlgorithm;

/**
 * The gateway's own settings: ports, bind addresses, data directory, database, relay host, TLS keystore.
 *
 * <p>Read from {@code gateway.properties} in the configuration directory, then overridden by environment
 * variables ({@code GATEWAY_} + the key in upper case with dots as underscores, e.g. {@code smtp.port} is
 * {@code GATEWAY_SMTP_PORT}), then by command-line flags. Every key is validated here: an unknown key, a
 * duplicate key, or a malformed value is a {@link ConfigException} naming the file (or variable) and key.</p>
 *
 * <p>The settings are also the placeholder values ({@code ${smtp.port}}) that {@link ConfRenderer}
 * substitutes into the James configuration files.</p>
 */
public final class GatewaySettings {
    public static final String FILE_NAME = "gateway.properties";
    private static final String ENV_PREFIX = "GATEWAY_";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    /** Every key, its default, and its validation. Order is the documentation order. */
    private enum Key {
        HOSTNAME("hostname", "mail.clinic.example", GatewaySettings::hostname),
        POSTMASTER("postmaster", "postmaster@clinic.example", GatewaySettings::address),
        BIND_ADDRESS("bind.address", "0.0.0.0", GatewaySettings::ipAddress),
        ADMIN_BIND_ADDRESS("admin.bind.address", "127.0.0.1", GatewaySettings::ipAddress),
        SMTP_PORT("smtp.port", "2525", GatewaySettings::port),
        SUBMISSION_PORT("submission.port", "2587", GatewaySettings::port),
        IMAP_PORT("imap.port", "2143", GatewaySettings::port),
        IMAPS_PORT("imaps.port", "2993", GatewaySettings::port),
        ADMIN_PORT("admin.port", "8000", GatewaySettings::port),
        PORTAL_PORT("portal.port", "8443", GatewaySettings::port),
        DATA_DIR("data.dir", "./data", GatewaySettings::any),
        DB_URL("db.url", "", GatewaySettings::jdbcUrl),
        DB_USER("db.user", "", GatewaySettings::any),
        DB_PASSWORD("db.password", "", GatewaySettings::any),
        DB_MAX_CONNECTIONS("db.max.connections", "16", v -> positiveInt(v, 1, 500)),
        RELAY_HOST("relay.host", "", v -> v.isEmpty() ? v : hostname(v)),
        RELAY_PORT("relay.port", "25", GatewaySettings::port),
        RELAY_RETRY_DELAYS("relay.retry.delays", "2*1 minute, 4*15 minutes, 6*1 hour, 8*4 hours",
            GatewaySettings::delays),
        RELAY_MAX_RETRIES("relay.max.retries", "20", v -> positiveInt(v, 0, 1000)),
        TLS_ONLY_DOMAINS("tls.only.domains", "", GatewaySettings::domainList),
        AT_REST_PLAIN_DOMAINS("at.rest.plain.domains", "", GatewaySettings::domainList),
        TLS_KEYSTORE("tls.keystore", "", GatewaySettings::any),
        TLS_KEYSTORE_PASSWORD("tls.keystore.password", "", GatewaySettings::any),
        SMIME_CA_KEYSTORE("smime.ca.keystore", "", GatewaySettings::any),
        SMIME_CA_KEYSTORE_PASSWORD("smime.ca.keystore.password", "", GatewaySettings::any),
        SMIME_CERTIFICATE_KEY("smime.certificate.key", "rsa-2048", GatewaySettings::keyAlgorithm),
        SMIME_SIGN_WITH("smime.sign.with", "sender", oneOf("a signing key choice", "sender", "domain", "sender-or-domain")),
        SMIME_AT_REST_RSA_KEY_TRANSPORT("smime.at.rest.rsa.key.transport", "rsa-oaep-sha256",
            oneOf("an RSA key transport", "rsa-oaep-sha256", "rsa-pkcs1v15")),
        SMIME_OUTBOUND_RSA_KEY_TRANSPORT("smime.outbound.rsa.key.transport", "rsa-oaep-sha256",
            oneOf("an RSA key transport", "rsa-oaep-sha256", "rsa-pkcs1v15")),
        MAX_MESSAGE_SIZE("smtp.max.message.size", "50M", GatewaySettings::size),
        SPOOLER_THREADS("spooler.threads", "8", v -> positiveInt(v, 1, 256)),
        AUDIT_RETENTION_DAYS("audit.retention.days", "2190", v -> positiveInt(v, 0, 36500)),
        LOG_FORMAT("log.format", "text", oneOf("a log format", "text", "json")),
        LOG_LEVEL("log.level", "INFO", GatewaySettings::logLevel),
        LOG_LEVEL_SMTP("log.level.smtp", "", GatewaySettings::componentLogLevel),
        LOG_LEVEL_IMAP("log.level.imap", "", GatewaySettings::componentLogLevel),
        LOG_LEVEL_MAILETS("log.level.mailets", "", GatewaySettings::componentLogLevel),
        LOG_LEVEL_PORTAL("log.level.portal", "", GatewaySettings::componentLogLevel),
        LOG_LEVEL_ADMIN("log.level.admin", "", GatewaySettings::componentLogLevel);

        final String name;
        final String defaultValue;
        final Function<String, String> validator;

        Key(String name, String defaultValue, Function<String, String> validator) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.validator = validator;
        }

        String envName() {
            return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_');
        }
    }

    private final Map<String, String> values;
    private final Path confDir;

    private GatewaySettings(Map<String, String> values, Path confDir) {
        this.values = Collections.unmodifiableMap(values);
        this.confDir = confDir;
    }

    /**
     * @param confDir   the configuration directory; {@code gateway.properties} in it is required
     * @param env       the process environment (passed in for testability)
     * @param overrides values given on the command line, by key; they win over everything else
     */
    public static GatewaySettings load(Path confDir, Map<String, String> env, Map<String, String> overrides) {
        if (!Files.isDirectory(confDir)) {
            throw new ConfigException("configuration directory " + confDir + " does not exist (use --conf DIR)");
        }
        Path file = confDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": file not found");
        }
        Map<String, String> raw = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            raw.put(key.name, key.defaultValue);
        }
        Map<String, String> origin = new TreeMap<>();
        readPropertiesStrictly(file, raw, origin);
        for (Key key : Key.values()) {
            String fromEnv = env.get(key.envName());
            if (fromEnv != null) {
                raw.put(key.name, fromEnv.trim());
                origin.put(key.name, "environment variable " + key.envName());
            }
        }
        overrides.forEach((k, v) -> {
            raw.put(k, v);
            origin.put(k, "command line");
        });
        Map<String, String> validated = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            String value = raw.get(key.name);
            try {
                validated.put(key.name, key.validator.apply(value));
            } catch (IllegalArgumentException e) {
                String where = origin.getOrDefault(key.name, file.toString());
                throw new ConfigException(where + ": invalid value for '" + key.name + "': " + e.getMessage());
            }
        }
        Map<String, String> portOwners = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            if (key.name.endsWith(".port") && !key.name.startsWith("relay.")) {
                String other = portOwners.put(validated.get(key.name), key.name);
                if (other != null) {
                    throw new ConfigException(origin.getOrDefault(key.name, file.toString()) + ": '" + key.name
                        + "' uses port " + validated.get(key.name) + ", already used by '" + other + "'");
                }
            }
        }
        if (!validated.get("smime.ca.keystore").isEmpty() && validated.get("smime.ca.keystore.password").isEmpty()) {
            throw new ConfigException(origin.getOrDefault("smime.ca.keystore", file.toString())
                + ": 'smime.ca.keystore' is set, so 'smime.ca.keystore.password' must be set too");
        }
        return new GatewaySettings(validated, confDir.toAbsolutePath().normalize());
    }

    /** Java's Properties silently accepts duplicates and unknown keys; we read line by line to reject them. */
    private static void readPropertiesStrictly(Path file, Map<String, String> raw, Map<String, String> origin) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(file + ":" + lineNo + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (findKey(key).isEmpty()) {
                throw new ConfigException(file + ":" + lineNo + ": unknown key '" + key + "'");
            }
            Integer previous = seen.put(key, lineNo);
            if (previous != null) {
                throw new ConfigException(file + ":" + lineNo + ": duplicate key '" + key + "' (first set on line " + previous + ")");
            }
            raw.put(key, value);
            origin.put(key, file + ":" + lineNo);
        }
    }

    private static Optional<Key> findKey(String name) {
        for (Key key : Key.values()) {
            if (key.name.equals(name)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** Names of the environment variables that look like ours but match no key (typos), for a warning. */
    public static List<String> unknownEnvironmentVariables(Map<String, String> env) {
        return env.keySet().stream()
            .filter(name -> name.startsWith(ENV_PREFIX))
            .filter(name -> java.util.Arrays.stream(Key.values()).noneMatch(k -> k.envName().equals(name)))
            .sorted()
            .toList();
    }

    /** All keys with their documented defaults, in documentation order (used by the docs test). */
    public static Map<String, String> defaults() {
        Map<String, String> result = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            result.put(key.name, key.defaultValue);
        }
        return result;
    }

    public static String envName(String key) {
        return findKey(key).map(Key::envName).orElseThrow(() -> new IllegalArgumentException("unknown key " + key));
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        return value;
    }

    public Map<String, String> asMap() {
        return values;
    }

    public Path confDir() {
        return confDir;
    }

    public Path dataDir() {
        return Path.of(get("data.dir")).toAbsolutePath().normalize();
    }

    public int portOf(String key) {
        return Integer.parseInt(get(key));
    }

    /** How long audit entries are kept; zero: forever. */
    /** The existing CA's PKCS#12 file ({@code smime.ca.keystore}, relative to the configuration folder); empty: the built-in CA. */
    public Optional<Path> smimeCaKeystore() {
        String value = get("smime.ca.keystore");
        return value.isEmpty() ? Optional.empty() : Optional.of(confDir.resolve(value).normalize());
    }

    /** The key type of the certificates the CA issues to users ({@code smime.certificate.key}). */
    public KeyAlgorithm smimeCertificateKey() {
        return KeyAlgorithm.parse(get("smime.certificate.key"));
    }

    public java.time.Duration auditRetention() {
        return java.time.Duration.ofDays(Integer.parseInt(get("audit.retention.days")));
    }

    public Optional<String> relayHost() {
        return Optional.of(get("relay.host")).filter(s -> !s.isEmpty());
    }

    // ---- validators: return the normalised value or throw IllegalArgumentException with a short reason ----

    private static String any(String v) {
        return v;
    }

    private static String port(String v) {
        return positiveInt(v, 1, 65535);
    }

    private static String positiveInt(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException("'" + v + "' is not between " + min + " and " + max);
            }
            return Integer.toString(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number");
        }
    }

    private static String hostname(String v) {
        if (v.length() > 253 || !HOST.matcher(v).matches()) {
            throw new IllegalArgumentException("'" + v + "' is not a host name");
        }
        return v.toLowerCase(Locale.ROOT);
    }

    /** Comma-separated domains, normalised to "a.example,b.example"; empty allowed. */
    private static String domainList(String v) {
        if (v.isBlank()) {
            return "";
        }
        List<String> domains = new ArrayList<>();
        for (String part : v.split(",")) {
            domains.add(hostname(part.trim()));
        }
        return String.join(",", domains);
    }

    private static String address(String v) {
        int at = v.indexOf('@');
        if (at <= 0 || at != v.lastIndexOf('@') || at == v.length() - 1) {
            throw new IllegalArgumentException("'" + v + "' is not a mail address");
        }
        hostname(v.substring(at + 1));
        return v;
    }

    private static String ipAddress(String v) {
        if (!v.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("'" + v + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(v).getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + v + "' is not an IP address");
        }
    }

    private static String jdbcUrl(String v) {
        if (v.isEmpty() || v.startsWith("jdbc:derby:") || v.startsWith("jdbc:postgresql:")) {
            return v;
        }
        throw new IllegalArgumentException("'" + v + "' is not a jdbc:derby: or jdbc:postgresql: URL");
    }

    private static final Pattern DELAY = Pattern.compile(
        "\\s*([0-9]+\\s*\\*\\s*)?[0-9]+\\s*(ms|msec|msecs|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hour|hours|d|day|days)?\\s*");

    private static String delays(String v) {
        for (String part : v.split(",")) {
            if (!DELAY.matcher(part).matches()) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a delay such as '4*15 minutes'");
            }
        }
        return v;
    }

    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private static String keyAlgorithm(String v) {
        return KeyAlgorithm.parse(v.trim()).parameterValue();
    }

    /**
     * A validator for a setting that takes one of a few lower-case words; its error reads
     * {@code 'x' is not a <what> (a, b or c)}.
     */
    private static Function<String, String> oneOf(String what, String... allowed) {
        List<String> words = List.of(allowed);
        String listed = words.size() == 1 ? words.get(0)
            : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
        return v -> {
            String word = v.trim().toLowerCase(Locale.ROOT);
            if (!words.contains(word)) {
                throw new IllegalArgumentException("'" + v + "' is not " + what + " (" + listed + ")");
            }
            return word;
        };
    }

    private static String logLevel(String v) {
        String level = v.trim().toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new IllegalArgumentException("'" + v + "' is not a log level (" + String.join(", ", LOG_LEVELS) + ")");
        }
        return level;
    }

    /** A level, or empty: the component follows log.level. */
    private static String componentLogLevel(String v) {
        return v.isBlank() ? "" : logLevel(v);
    }

    private static String size(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        if (!s.matches("[0-9]+[KMG]?")) {
            throw new IllegalArgumentException("'" + v + "' is not a size such as 50M");
        }
        return s;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(values);
        shown.computeIfPresent("db.password", (k, v) -> v.isEmpty() ? v : "***");
        shown.computeIfPresent("tls.keystore.password", (k, v) -> v.isEmpty() ? v : "***");
        shown.computeIfPresent("smime.ca.keystore.password", (k, v) -> v.isEmpty() ? v : "***");
        return "GatewaySettings" + shown;
    }
}
