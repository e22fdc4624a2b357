package org.inbasket.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortalConfigurationTest {
    static final Path CONF = Path.of("../conf");
    static final Path DOC = Path.of("../docs/conf/portal.properties.md");

    @TempDir
    Path dir;

    static Map<String, String> required() {
        Map<String, String> values = new HashMap<>();
        values.put("public.url", "https://portal.clinic.example");
        values.put("clinic.name", "Clinic");
        values.put("clinic.phone", "555-0100");
        values.put("mail.from", "noreply@clinic.example");
        values.put("careteam.address", "careteam@clinic.example");
        return values;
    }

    static Map<String, String> with(String key, String value) {
        Map<String, String> values = required();
        values.put(key, value);
        return values;
    }

    /** The shipped portal.properties as the gateway loads it: rendered with the gateway's default settings. */
    static PortalConfiguration loadRenderedShippedFile(Path into) {
        java.util.Map<String, String> values = new java.util.HashMap<>(
            org.inbasket.gateway.config.GatewaySettings.load(CONF, Map.of(), Map.of()).asMap());
        values.put("conf.dir", CONF.toAbsolutePath().toString());
        new org.inbasket.gateway.config.ConfRenderer(values).renderDirectory(CONF, into);
        return PortalConfiguration.load(into.resolve("portal.properties"));
    }

    @Test
    void shippedFileShouldLoad(@org.junit.jupiter.api.io.TempDir Path rendered) throws Exception {
        PortalConfiguration config = loadRenderedShippedFile(rendered);

        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.tls()).isTrue();
        assertThat(Files.isSameFile(config.templatesDir(), CONF.resolve("portal"))).isTrue();
    }

    @Test
    void defaultsShouldApplyWhenOnlyRequiredKeysAreGiven() {
        PortalConfiguration config = PortalConfiguration.fromMap(required(), CONF);

        assertThat(config.linkExpiry()).isEqualTo(Duration.ofDays(30));
        assertThat(config.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.loginMaxFailures()).isEqualTo(5);
        assertThat(config.uploadMaxFileSize()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.uploadTypes()).contains("image/jpeg", "image/heic", "application/pdf");
        assertThat(config.readReceipts()).isEqualTo(PortalConfiguration.ReadReceipts.REQUESTED);
        assertThat(config.unreadReminderAfter()).isEqualTo(Duration.ofDays(3));
        assertThat(config.trustedProxies()).isEmpty();
    }

    @Test
    void unknownKeyShouldBeAnErrorNamingFileAndKey() throws Exception {
        Path file = dir.resolve("portal.properties");
        Files.writeString(file, Files.readString(CONF.resolve("portal.properties")) + "\nlink.expiri=3d\n");
        Files.createDirectories(dir.resolve("portal"));

        assertThatThrownBy(() -> PortalConfiguration.load(file))
            .isInstanceOf(PortalConfigurationException.class)
            .hasMessageContaining(file.toString()).hasMessageContaining("link.expiri").hasMessageContaining("unknown");
    }

    @Test
    void repeatedKeyShouldBeAnError() throws Exception {
        Path file = dir.resolve("portal.properties");
        Files.writeString(file, Files.readString(CONF.resolve("portal.properties")) + "\nport=9443\n");
        Files.createDirectories(dir.resolve("portal"));

        assertThatThrownBy(() -> PortalConfiguration.load(file))
            .hasMessageContaining("port").hasMessageContaining("more than once");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tls|ture|must be true or false",
        "enabled|yes|must be true or false",
        "port|70000|between",
        "port|eighty|whole number",
        "link.expiry|30 days|number followed by",
        "link.expiry|10m|between",
        "public.url|http://portal.clinic.example|https://",
        "public.url|https://portal.clinic.example/path|scheme, host",
        "mail.from|not an address|not a mail address",
        "careteam.address||must not be empty",
        "upload.max.file.size|10GB|size such as",
        "upload.types|image/bmp|cannot be recognised",
        "read.receipt|sometimes|must be one of",
        "trusted.proxies|proxy.example|not an IP address",
        "time.zone|Mars/Olympus|time zone",
        "templates.dir|missing-dir|not found",
        "clinic.logo|nologo.png|not found",
        "unread.reminder.after|40d|shorter than link.expiry",
        "password.min.length|4|between"})
    void invalidValueShouldBeAnErrorNamingTheKey(String key, String value, String problem) {
        assertThatThrownBy(() -> PortalConfiguration.fromMap(with(key, value == null ? "" : value), CONF))
            .isInstanceOf(PortalConfigurationException.class)
            .hasMessageContaining(key).hasMessageContaining(problem);
    }

    @Test
    void missingRequiredKeyShouldBeAnError() {
        Map<String, String> values = required();
        values.remove("clinic.name");

        assertThatThrownBy(() -> PortalConfiguration.fromMap(values, CONF)).hasMessageContaining("clinic.name")
            .hasMessageContaining("required");
    }

    @Test
    void plainHttpShouldBeAllowedOnlyForLocalhostWithoutTls() {
        Map<String, String> values = with("public.url", "http://localhost:8080");
        values.put("tls", "false");

        assertThat(PortalConfiguration.fromMap(values, CONF).publicUrl().toString()).isEqualTo("http://localhost:8080");
    }

    @Test
    void documentationShouldDescribeExactlyTheKeysTheCodeReads() throws Exception {
        Matcher rows = Pattern.compile("(?m)^\\| `([a-z.]+)` \\|").matcher(Files.readString(DOC));
        java.util.Set<String> documented = new java.util.TreeSet<>();
        while (rows.find()) {
            documented.add(rows.group(1));
        }

        assertThat(documented).isEqualTo(new java.util.TreeSet<>(PortalConfiguration.DEFAULTS.keySet()));
    }

    @Test
    void shippedFileShouldSetEveryKey(@org.junit.jupiter.api.io.TempDir Path rendered) {
        loadRenderedShippedFile(rendered);
        java.util.Properties shipped = new java.util.Properties();
        try (var in = Files.newInputStream(CONF.resolve("portal.properties"))) {
            shipped.load(in);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        assertThat(shipped.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(
            PortalConfiguration.DEFAULTS.keySet());
    }
}
