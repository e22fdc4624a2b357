package org.inbasket.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;

/** The shipped conf/logback.xml with the properties the gateway sets: formats and per-component levels. */
class ShippedLogbackTest {
    private static final Path LOGBACK = Path.of("..", "conf", "logback.xml");

    @TempDir
    Path data;

    private LoggerContext configure(Map<String, String> properties) throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("gateway.data.dir", data.toString());
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LOGBACK.toFile());
        List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getEffectiveLevel() >= Status.WARN).toList();
        assertThat(problems).as("logback warnings and errors").isEmpty();
        return context;
    }

    private static Level level(LoggerContext context, String logger) {
        return context.getLogger(logger).getEffectiveLevel();
    }

    @Test
    void jsonFormatShouldWriteOneJsonObjectPerLine() throws Exception {
        LoggerContext context = configure(Map.of("gateway.log.format", "json"));
        Logger logger = context.getLogger("org.inbasket.gateway.Test");
        logger.info("delivered mail {} to {}", "m-1", "dr.grey@clinic.example");
        logger.warn("failed", new IllegalStateException("boom"));
        context.stop();

        List<String> lines = Files.readAllLines(data.resolve("logs").resolve("gateway.log"));
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("message").asText()).isEqualTo("delivered mail m-1 to dr.grey@clinic.example");
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger_name").asText()).isEqualTo("org.inbasket.gateway.Test");
        assertThat(first.has("@timestamp")).isTrue();
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.get("level").asText()).isEqualTo("WARN");
        assertThat(second.get("stack_trace").asText()).contains("IllegalStateException: boom");
    }

    @Test
    void textFormatShouldBeTheDefault() throws Exception {
        LoggerContext context = configure(Map.of());
        context.getLogger("org.inbasket.gateway.Test").info("started");
        context.stop();

        String line = Files.readString(data.resolve("logs").resolve("gateway.log"));
        assertThat(line).matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[.*] org.inbasket.gateway.Test - started\\n");
    }

    @Test
    void componentLevelsShouldApplyToTheirLoggersAndOthersShouldFollowLogLevel() throws Exception {
        LoggerContext context = configure(Map.of("gateway.log.level", "WARN", "gateway.log.level.smtp", "DEBUG",
            "gateway.log.level.imap", "INHERITED", "gateway.log.level.mailets", "ERROR",
            "gateway.log.level.portal", "TRACE", "gateway.log.level.admin", "INHERITED"));

        assertThat(level(context, "org.apache.james.smtpserver.netty.SMTPServer")).isEqualTo(Level.DEBUG);
        assertThat(level(context, "org.apache.james.protocols.smtp.core.DataCmdHandler")).isEqualTo(Level.DEBUG);
        assertThat(level(context, "org.apache.james.imapserver.netty.IMAPServer")).isEqualTo(Level.WARN);
        assertThat(level(context, "org.inbasket.mailets.smime.SmimeEncrypt")).isEqualTo(Level.ERROR);
        assertThat(level(context, "org.apache.james.transport.mailets.RemoteDelivery")).isEqualTo(Level.ERROR);
        assertThat(level(context, "org.inbasket.gateway.portal.PickupPortal")).isEqualTo(Level.TRACE);
        assertThat(level(context, "org.inbasket.gateway.admin.AuditRoutes")).isEqualTo(Level.WARN);
        assertThat(level(context, "org.inbasket.gateway.services.ClinicalServices")).isEqualTo(Level.WARN);
        assertThat(level(context, "org.apache.openjpa.jdbc")).isEqualTo(Level.WARN);
        context.stop();
    }

    @Test
    void withoutComponentLevelsEverythingShouldFollowTheDefaultInfo() throws Exception {
        LoggerContext context = configure(Map.of());
        for (String logger : List.of("org.apache.james.smtpserver.X", "org.apache.james.imap.Y", "org.inbasket.mailets.Z",
            "org.inbasket.gateway.portal.P", "org.apache.james.webadmin.W")) {
            assertThat(level(context, logger)).as(logger).isEqualTo(Level.INFO);
        }
        context.stop();
    }

    @Test
    void anUnknownFormatShouldBeReportedByLogback() throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("gateway.data.dir", data.toString());
        context.putProperty("gateway.log.format", "xml");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LOGBACK.toFile());
        assertThat(context.getStatusManager().getCopyOfStatusList()).extracting(Status::getMessage)
            .anyMatch(m -> m.contains("unknown <format> 'xml'"));
        context.stop();
    }

    @Test
    void jsonFormatShouldLeaveOutTheRequestBodiesWebAdminPutsInTheMdc() throws Exception {
        LoggerContext context = configure(Map.of("gateway.log.format", "json"));
        Logger logger = context.getLogger("org.apache.james.webadmin.mdc.LoggingRequestFilter");
        org.slf4j.MDC.put("request-body", "{\"password\":\"export-secret\"}");
        org.slf4j.MDC.put("queryParameters", "[recipient]");
        org.slf4j.MDC.put("method", "POST");
        try {
            logger.info("WebAdmin request received");
        } finally {
            org.slf4j.MDC.clear();
        }
        context.stop();

        String line = Files.readAllLines(data.resolve("logs").resolve("gateway.log")).get(0);
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.get("method").asText()).isEqualTo("POST");
        assertThat(event.has("request-body")).isFalse();
        assertThat(event.has("queryParameters")).isFalse();
        assertThat(line).doesNotContain("export-secret");
    }
}
