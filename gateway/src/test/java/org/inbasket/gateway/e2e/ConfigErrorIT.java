package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken configuration stops the real gateway with one line naming file and key, and exit code 2. */
class ConfigErrorIT {
    @TempDir
    Path tmp;

    private GatewayProcess gatewayWith(Path conf) {
        return new GatewayProcess(tmp.resolve("data"), new TestDatabase.Derby(), GatewayProcess.freePort());
    }

    private Path copyOfShippedConf() throws Exception {
        return GatewayProcess.copyOfShippedConf(tmp.resolve("conf"));
    }

    private void assertOneLineError(GatewayProcess p, String... fragments) {
        List<String> errors = p.outputLines().stream().filter(l -> l.startsWith("gateway: configuration error: ")).toList();
        assertThat(errors).as(p.output()).hasSize(1);
        assertThat(errors.get(0)).contains(fragments);
        assertThat(p.output()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void unknownKeyShouldStopStartupNamingFileAndKey() throws Exception {
        Path conf = copyOfShippedConf();
        Files.writeString(conf.resolve("gateway.properties"), "\nsmtp.prot = 25\n", java.nio.file.StandardOpenOption.APPEND);
        GatewayProcess p = gatewayWith(conf);
        int code = p.runToExit(List.of("--conf", conf.toString()), Duration.ofSeconds(60));
        assertThat(code).isEqualTo(2);
        assertOneLineError(p, "gateway.properties:", "unknown key 'smtp.prot'");
    }

    @Test
    void badValueFromEnvironmentShouldNameTheVariable() throws Exception {
        GatewayProcess p = gatewayWith(GatewayProcess.CONF).withEnv("GATEWAY_IMAP_PORT", "ninety");
        int code = p.runToExit(List.of(), Duration.ofSeconds(60));
        assertThat(code).isEqualTo(2);
        assertOneLineError(p, "GATEWAY_IMAP_PORT", "imap.port", "'ninety' is not a whole number");
    }

    @Test
    void missingConfigurationFileShouldBeNamed() throws Exception {
        Path conf = copyOfShippedConf();
        Files.delete(conf.resolve("gateway.properties"));
        GatewayProcess p = gatewayWith(conf);
        int code = p.runToExit(List.of("--conf", conf.toString()), Duration.ofSeconds(60));
        assertThat(code).isEqualTo(2);
        assertOneLineError(p, "gateway.properties: file not found");
    }

    @Test
    void malformedJamesXmlShouldNameFileAndLine() throws Exception {
        Path conf = copyOfShippedConf();
        Files.writeString(conf.resolve("smtpserver.xml"), "<smtpservers>\n<smtpserver>\n</smtpservers>\n");
        GatewayProcess p = gatewayWith(conf);
        int code = p.runToExit(List.of("--conf", conf.toString()), Duration.ofSeconds(60));
        assertThat(code).isEqualTo(2);
        assertOneLineError(p, "smtpserver.xml:3", "malformed XML");
    }
}
