package org.inbasket.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewaySettingsTest {
    @TempDir
    Path conf;

    private GatewaySettings load(String properties, Map<String, String> env) throws Exception {
        Files.writeString(conf.resolve("gateway.properties"), properties);
        return GatewaySettings.load(conf, env, Map.of());
    }

    @Test
    void emptyFileShouldGiveDocumentedDefaults() throws Exception {
        GatewaySettings s = load("# nothing\n", Map.of());
        assertThat(s.asMap()).isEqualTo(GatewaySettings.defaults());
        assertThat(s.portOf("smtp.port")).isEqualTo(2525);
        assertThat(s.portOf("submission.port")).isEqualTo(2587);
        assertThat(s.portOf("imap.port")).isEqualTo(2143);
        assertThat(s.portOf("imaps.port")).isEqualTo(2993);
        assertThat(s.portOf("admin.port")).isEqualTo(8000);
        assertThat(s.portOf("portal.port")).isEqualTo(8443);
        assertThat(s.get("admin.bind.address")).isEqualTo("127.0.0.1");
        assertThat(s.relayHost()).isEmpty();
    }

    @Test
    void environmentShouldOverrideFileAndCommandLineShouldOverrideBoth() throws Exception {
        Files.writeString(conf.resolve("gateway.properties"), "smtp.port = 2600\ndata.dir = /from/file\n");
        GatewaySettings s = GatewaySettings.load(conf,
            Map.of("GATEWAY_SMTP_PORT", "2700", "GATEWAY_DATA_DIR", "/from/env", "GATEWAY_RELAY_HOST", "Relay.Example"),
            Map.of("data.dir", "/from/cli"));
        assertThat(s.portOf("smtp.port")).isEqualTo(2700);
        assertThat(s.dataDir()).isEqualTo(Path.of("/from/cli"));
        assertThat(s.relayHost()).contains("relay.example");
    }

    @Test
    void issueNamedVariablesShouldBeRecognised() {
        assertThat(GatewaySettings.envName("db.url")).isEqualTo("GATEWAY_DB_URL");
        assertThat(GatewaySettings.envName("db.user")).isEqualTo("GATEWAY_DB_USER");
        assertThat(GatewaySettings.envName("db.password")).isEqualTo("GATEWAY_DB_PASSWORD");
        assertThat(GatewaySettings.envName("relay.host")).isEqualTo("GATEWAY_RELAY_HOST");
        assertThat(GatewaySettings.envName("relay.port")).isEqualTo("GATEWAY_RELAY_PORT");
        assertThat(GatewaySettings.envName("data.dir")).isEqualTo("GATEWAY_DATA_DIR");
        assertThat(GatewaySettings.envName("portal.port")).isEqualTo("GATEWAY_PORTAL_PORT");
    }

    @Test
    void unknownKeyShouldBeAnErrorWithFileAndLine() {
        assertThatThrownBy(() -> load("smtp.port = 25\nsmtp.prot = 26\n", Map.of()))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("gateway.properties:2: unknown key 'smtp.prot'");
    }

    @Test
    void duplicateKeyShouldBeAnError() {
        assertThatThrownBy(() -> load("smtp.port = 25\nsmtp.port = 26\n", Map.of()))
            .hasMessageContaining("duplicate key 'smtp.port' (first set on line 1)");
    }

    @Test
    void twoListenersOnOnePortShouldBeAnError() {
        assertThatThrownBy(() -> load("imap.port = 2525\n", Map.of()))
            .hasMessageContaining("already used by");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "smtp.port = 0|not between 1 and 65535",
        "smtp.port = 70000|not between 1 and 65535",
        "imap.port = 14x|not a whole number",
        "bind.address = localhost|not an IP address",
        "hostname = bad_host!|not a host name",
        "postmaster = nobody|not a mail address",
        "db.url = jdbc:mysql://x/y|not a jdbc:derby: or jdbc:postgresql: URL",
        "smtp.max.message.size = lots|not a size",
        "relay.retry.delays = soon|not a delay",
        "spooler.threads = 0|not between 1 and 256",
        "audit.retention.days = -1|not between 0 and 36500",
        "audit.retention.days = 6y|not a whole number",
        "tls.only.domains = partner.example, bad_domain!|not a host name",
        "smime.certificate.key = rsa-1024|unknown key algorithm 'rsa-1024', expected one of rsa-2048, rsa-3072, ec-p256",
        "smime.certificate.key = ec|unknown key algorithm 'ec'",
        "smime.sign.with = postmaster|not a signing key choice (sender, domain or sender-or-domain)",
        "smime.at.rest.rsa.key.transport = rsa-oaep|not an RSA key transport (rsa-oaep-sha256 or rsa-pkcs1v15)",
        "smime.ca.keystore = clinic-ca.p12|'smime.ca.keystore' is set, so 'smime.ca.keystore.password' must be set too",
        "log.format = xml|not a log format (text or json)",
        "log.format = jsn|not a log format (text or json)",
        "log.level = verbose|not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF)",
        "log.level.smtp = debugg|not a log level",
        "log.level.imap = true|not a log level",
        "line without equals sign|expected 'key = value'"})
    void invalidValuesShouldBeRejectedWithReason(String line, String reason) {
        assertThatThrownBy(() -> load(line + "\n", Map.of()))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(reason);
    }

    @Test
    void logSettingsShouldBeNormalisedAndOverriddenByTheEnvironment() throws Exception {
        GatewaySettings s = load("log.format = JSON\nlog.level = debug\nlog.level.smtp = trace\n",
            Map.of("GATEWAY_LOG_FORMAT", "text", "GATEWAY_LOG_LEVEL_IMAP", "Warn"));
        assertThat(s.get("log.format")).isEqualTo("text");
        assertThat(s.get("log.level")).isEqualTo("DEBUG");
        assertThat(s.get("log.level.smtp")).isEqualTo("TRACE");
        assertThat(s.get("log.level.imap")).isEqualTo("WARN");
        assertThat(s.get("log.level.mailets")).isEmpty();
        assertThat(GatewaySettings.envName("log.format")).isEqualTo("GATEWAY_LOG_FORMAT");
        assertThat(GatewaySettings.envName("log.level.mailets")).isEqualTo("GATEWAY_LOG_LEVEL_MAILETS");
    }

    @Test
    void unknownLogComponentShouldStopStartupLikeAnyUnknownKey() {
        assertThatThrownBy(() -> load("log.level.smtp = DEBUG\nlog.level.pop3 = DEBUG\n", Map.of()))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("gateway.properties:2: unknown key 'log.level.pop3'");
    }

    @Test
    void logSettingsShouldBecomeTheSystemPropertiesTheShippedLogbackReads() throws Exception {
        GatewaySettings s = load("log.format = json\nlog.level.smtp = DEBUG\n", Map.of());
        assertThat(org.inbasket.gateway.logging.LogSettings.systemProperties(s)).containsExactly(
            Map.entry("gateway.log.format", "json"), Map.entry("gateway.log.level", "INFO"),
            Map.entry("gateway.log.level.smtp", "DEBUG"), Map.entry("gateway.log.level.imap", "INHERITED"),
            Map.entry("gateway.log.level.mailets", "INHERITED"), Map.entry("gateway.log.level.portal", "INHERITED"),
            Map.entry("gateway.log.level.admin", "INHERITED"));
        String shipped = Files.readString(Path.of("..", "conf", "logback.xml"));
        org.inbasket.gateway.logging.LogSettings.systemProperties(s).keySet()
            .forEach(name -> assertThat(shipped).as(name).contains("${" + name + ":-"));
    }

    @Test
    void tlsOnlyDomainsShouldBeNormalisedToACommaList() throws Exception {
        assertThat(load("tls.only.domains = Partner.Example ,  labs.example\n", Map.of()).get("tls.only.domains"))
            .isEqualTo("partner.example,labs.example");
    }

    @Test
    void unknownGatewayVariablesShouldBeReportedForAWarning() {
        assertThat(GatewaySettings.unknownEnvironmentVariables(Map.of("GATEWAY_SMTP_PROT", "1", "GATEWAY_SMTP_PORT", "2",
            "PATH", "/bin"))).containsExactly("GATEWAY_SMTP_PROT");
    }

    @Test
    void passwordsShouldNotAppearInToString() throws Exception {
        GatewaySettings s = load("db.password = s3cret\ntls.keystore.password = k3y\nsmime.ca.keystore = ca.p12\n"
            + "smime.ca.keystore.password = c4pass\n", Map.of());
        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("k3y").doesNotContain("c4pass");
    }

    @Test
    void smimeCaSettingsShouldDefaultToTheBuiltInCaAndResolveAKeystoreInTheConfigurationFolder() throws Exception {
        GatewaySettings defaults = load("# nothing\n", Map.of());
        assertThat(defaults.smimeCaKeystore()).isEmpty();
        assertThat(defaults.smimeCertificateKey()).isEqualTo(org.inbasket.mailets.smime.KeyAlgorithm.RSA_2048);

        GatewaySettings existing = load("smime.ca.keystore = smime/clinic-ca.p12\nsmime.ca.keystore.password = pw\n",
            Map.of("GATEWAY_SMIME_CERTIFICATE_KEY", "EC-P256"));
        assertThat(existing.smimeCaKeystore()).contains(conf.toAbsolutePath().normalize().resolve("smime/clinic-ca.p12"));
        assertThat(existing.smimeCertificateKey()).isEqualTo(org.inbasket.mailets.smime.KeyAlgorithm.EC_P256);
    }
}
