package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.internet.MimeMessage;

import org.inbasket.gateway.DemoData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Issue 8: PostgreSQL restarted under a running gateway during a load. The database is a server of the test's
 * own ({@link PrivatePostgres}), stopped ({@code pg_ctl stop -m fast}, as an operator's restart) while
 * {@link RecordedLoad} sends, and started again some seconds later. Then: new mail is accepted and readable
 * over IMAP within a bound, every message that got 250 is in its clinician's mailbox exactly once, every
 * message the gateway refused while the database was away got a 4xx (a sending server tries again later; a
 * 5xx would be a bounce) and is nowhere, and the error repository is empty (nothing was parked instead of
 * delivered). Runs in the PostgreSQL pass ({@code -Ppostgres}) only.
 */
class PostgresRestartIT {
    private static final int MESSAGES = Integer.getInteger("pgrestart.messages", 300);
    private static final int SESSIONS = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final Duration DRAIN = Duration.ofMinutes(3);

    @TempDir
    Path data;
    GreenMail outside;
    NullSenderShim shim;
    PrivatePostgres postgres;
    GatewayProcess gateway;

    @AfterEach
    void stop() throws Exception {
        Teardown.stopAll(gateway, postgres, shim, outside);
    }

    @Test
    void gatewayShouldRecoverFromADatabaseRestartAndLoseNothing() throws Exception {
        assumeTrue("postgres".equals(System.getProperty("gateway.it.database")),
            "PostgresRestartIT runs in the PostgreSQL pass only (-Ppostgres)");
        assumeTrue(PrivatePostgres.serverBinaries().isPresent(),
            "PostgresRestartIT needs the PostgreSQL server binaries in /usr/lib/postgresql/<version>/bin");
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        shim = new NullSenderShim(outside.getSmtp().getPort());
        postgres = PrivatePostgres.start();
        gateway = new GatewayProcess(data, postgres, shim.port()).start();
        AdminClient admin = gateway.adminClient();

        RecordedLoad load = new RecordedLoad(RecordedLoad.mix("pgrestart", MESSAGES, DemoData.CLINICIANS, 0, null, null));
        long start = System.nanoTime();
        load.start(SESSIONS, gateway.smtpPort, gateway.submissionPort, DemoData.PASSWORD, Duration.ofMinutes(5));
        await().atMost(Duration.ofMinutes(3)).until(() -> load.finished() >= MESSAGES / 4);

        long down = System.nanoTime();
        postgres.stopServer();
        int beforeOutage = load.finished();
        // The outage itself: the load keeps sending to a gateway without its database.
        TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
        postgres.startServer();
        long up = System.nanoTime();
        int duringOutage = load.finished() - beforeOutage;

        // Recovery: new mail is taken and readable over IMAP.
        MimeMessage probe = MailClients.message("probe@outside.example", "dr.house@clinic.example", "after restart", "probe");
        String probeId = probe.getMessageID();
        await().atMost(RECOVERY).ignoreExceptions().until(() -> {
            MailClients.sendToMx(gateway.smtpPort, probe);
            return true;
        });
        await().atMost(RECOVERY).ignoreExceptionsInstanceOf(javax.mail.MessagingException.class).until(() ->
            MailClients.countById(MailClients.inbox(gateway.imapPort, "dr.house@clinic.example", DemoData.PASSWORD, null),
                probeId) == 1);
        long recovered = System.nanoTime();

        assertThat(load.awaitFinished()).as("every message got an outcome: " + load.counts()).isTrue();
        List<String> users = new ArrayList<>(DemoData.CLINICIANS);
        await().atMost(DRAIN).pollInterval(Duration.ofSeconds(2))
            .ignoreExceptionsInstanceOf(javax.mail.MessagingException.class)
            .until(() -> DeliveryCensus.take(gateway.imapPort, users, DemoData.PASSWORD, null).allAcceptedArrived(load)
                && admin.queueIsEmpty("spool"));
        DeliveryCensus census = await().atMost(Duration.ofMinutes(1))
            .ignoreExceptionsInstanceOf(javax.mail.MessagingException.class)
            .until(() -> DeliveryCensus.take(gateway.imapPort, users, DemoData.PASSWORD, null), c -> true);
        System.out.println("PostgresRestartIT: " + load.counts() + " (" + duringOutage + " outcomes during the "
            + OUTAGE.toSeconds() + " s outage), " + load.reconnects() + " reconnects, refusals " + load.refusals()
            + "; database down " + millis(down, up) + " ms, mail flowing again " + millis(up, recovered)
            + " ms after it was back; load to drained " + millis(start, System.nanoTime()) + " ms");

        assertThat(census.violations(load)).as("delivery against what the senders were told").isEmpty();
        for (int i = 0; i < load.size(); i++) {
            if (load.outcome(i) == RecordedLoad.Outcome.REFUSED) {
                assertThat(load.replyCode(i) / 100).as("reply to " + load.letter(i).messageId()).isEqualTo(4);
            }
        }
        assertThat(load.counts().get(RecordedLoad.Outcome.ACCEPTED)).isGreaterThan(MESSAGES / 2);
        String held = new String(admin.ok("GET", "/mailRepositories/" + java.net.URLEncoder.encode("var/mail/error/",
            StandardCharsets.UTF_8) + "/mails", null), StandardCharsets.UTF_8);
        assertThat(held).as("the error repository").isEqualTo("[]");
        assertThat(gateway.isAlive()).isTrue();
    }


    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
