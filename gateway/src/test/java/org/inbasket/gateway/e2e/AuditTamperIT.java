package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Issue 7: the audit trail proves tampering through the running gateway. A message is delivered (its entries are
 * written by the pipeline), the trail verifies; the gateway is stopped and one entry is altered in the database
 * the way an intruder with database access would (the addresses of the message's {@code received} entry); after
 * a restart {@code GET /audit/verify} and {@code admin audit verify} both say the chain is broken at that entry.
 * Runs on Derby and on PostgreSQL.
 */
class AuditTamperIT {
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    GreenMail outside;
    TestDatabase database;
    GatewayProcess gateway;

    @AfterEach
    void stop() throws Exception {
        Teardown.stopAll(gateway, database, outside);
    }

    @Test
    void alteringOneEntryShouldMakeVerifyFailAndNameThatEntry() throws Exception {
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        database = TestDatabase.create();
        gateway = new GatewayProcess(data, database, outside.getSmtp().getPort()).start();
        AdminClient admin = gateway.adminClient();

        MimeMessage m = MailClients.message("ankle.patient@outside.example", "dr.grey@clinic.example", "my ankle",
            "Still swollen after a week.");
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);
        JsonNode received = await().atMost(DELIVERY)
            .until(() -> JSON.readTree(admin.ok("GET", "/audit?event=received&address=ankle.patient@outside.example", null)),
                entries -> entries.size() == 1 && id.equals(entries.get(0).path("messageId").asText()))
            .get(0);
        await().atMost(DELIVERY).until(() -> get(admin, "/audit?event=delivered&address=ankle.patient@outside.example"),
            body -> body.contains(id));
        JsonNode before = JSON.readTree(get(admin, "/audit/verify"));
        assertThat(before.path("ok").asBoolean()).as(before.toString()).isTrue();
        long seq = received.path("seq").asLong();
        assertThat(before.path("headSeq").asLong()).isGreaterThan(seq);

        gateway.stop();
        int changed = alter(seq, "someone.else@outside.example");
        assertThat(changed).as("rows altered").isEqualTo(1);
        gateway.start(List.of());
        AdminClient restarted = gateway.adminClient();

        JsonNode after = JSON.readTree(get(restarted, "/audit/verify"));
        assertThat(after.path("ok").asBoolean()).as(after.toString()).isFalse();
        assertThat(after.path("firstBrokenSeq").asLong()).as(after.toString()).isEqualTo(seq);
        assertThat(after.path("problem").asText()).as(after.toString()).isNotBlank();

        GatewayProcess.CliRun cli = gateway.admin("audit", "verify");
        assertThat(cli.exitCode()).as(cli.output()).isEqualTo(1);
        JsonNode printed = JSON.readTree(cli.output().substring(cli.output().indexOf('{')));
        assertThat(printed.path("ok").asBoolean()).isFalse();
        assertThat(printed.path("firstBrokenSeq").asLong()).isEqualTo(seq);
    }

    private static String get(AdminClient admin, String path) throws Exception {
        return new String(admin.ok("GET", path, null), StandardCharsets.UTF_8);
    }

    /** Rewrites one entry's addresses straight in the gateway's database (the gateway is stopped). */
    private int alter(long seq, String addresses) throws SQLException {
        Map<String, String> env = database.environment();
        boolean derby = env.isEmpty();
        String derbyUrl = "jdbc:derby:" + data.resolve("db").resolve("derby").toAbsolutePath();
        if (derby && System.getProperty("derby.stream.error.file") == null) {
            // Derby's own log beside the data, not in the test's working directory.
            System.setProperty("derby.stream.error.file", data.resolve("derby-test.log").toString());
        }
        try (Connection c = derby ? DriverManager.getConnection(derbyUrl)
                 : DriverManager.getConnection(env.get("GATEWAY_DB_URL"), env.get("GATEWAY_DB_USER"), env.get("GATEWAY_DB_PASSWORD"));
             PreparedStatement s = c.prepareStatement("UPDATE inbasket_audit_trail SET addresses = ? WHERE seq = ?")) {
            s.setString(1, addresses);
            s.setLong(2, seq);
            return s.executeUpdate();
        } finally {
            if (derby) {
                try {
                    DriverManager.getConnection(derbyUrl + ";shutdown=true");
                } catch (SQLException expected) {
                    // Derby reports a clean shutdown of one database as SQLState 08006.
                    assertThat(expected.getSQLState()).as(expected.getMessage()).isEqualTo("08006");
                }
            }
        }
    }
}
