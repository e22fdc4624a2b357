package org.inbasket.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.inbasket.gateway.e2e.GatewayProcess;
import org.inbasket.mailets.triage.pool.PoolRules;
import org.inbasket.mailets.triage.urgent.UrgentLexicon;
import org.junit.jupiter.api.Test;

/**
 * The benchmark loads take the path they claim through the shipped pipeline: checked against the shipped
 * {@code conf/triage} lexicon and pool rules, as {@code IsUrgent} and {@code RouteToPool} use them.
 */
class MixedMessagesTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    @Test
    void fixedSizeMessagesShouldBeNeitherUrgentNorPoolRouted() throws Exception {
        UrgentLexicon lexicon = UrgentLexicon.load(GatewayProcess.CONF.resolve("triage/urgent-lexicon.txt"));
        PoolRules pools = PoolRules.load(GatewayProcess.CONF.resolve("triage/pools.conf"));
        FixedSizeMessages source = new FixedSizeMessages(2048);
        for (int i = 0; i < 30; i++) {
            MimeMessage m = parse(source.message(i, LoadProfile.SENDER, "dr.grey@clinic.example"));
            assertThat(lexicon.scan(m).urgent()).as("message %d urgent", i).isFalse();
            assertThat(pools.classify(m, Optional.empty()).categories()).as("message %d categories", i).isEmpty();
        }
    }

    @Test
    void mixedMessagesShouldBeUrgentExactlyWhereIntendedAndNeverPoolRouted() throws Exception {
        UrgentLexicon lexicon = UrgentLexicon.load(GatewayProcess.CONF.resolve("triage/urgent-lexicon.txt"));
        PoolRules pools = PoolRules.load(GatewayProcess.CONF.resolve("triage/pools.conf"));
        MixedMessages source = new MixedMessages();
        for (int i = 0; i < 60; i++) {
            MimeMessage m = parse(source.message(i, source.sender(i), "dr.grey@clinic.example"));
            assertThat(lexicon.scan(m).urgent()).as("message %d urgent", i).isEqualTo(MixedMessages.urgent(i));
            // Urgent text is clinical ("pain"), which keeps it with the clinician too; nothing is administrative.
            assertThat(pools.classify(m, Optional.empty()).categories()).as("message %d categories", i)
                .allSatisfy(c -> assertThat(pools.category(c).orElseThrow().kind()).isEqualTo(PoolRules.Kind.CLINICAL));
            if (!MixedMessages.urgent(i)) {
                assertThat(pools.classify(m, Optional.empty()).categories()).as("message %d categories", i).isEmpty();
            }
            assertThat(m.getMessageID()).isEqualTo("<bench-" + i + "@bench.example>");
        }
    }

    @Test
    void mixedMessagesShouldHaveTheIssuesSizesAndShares() {
        MixedMessages source = new MixedMessages();
        int[] counts = new int[3];
        int patients = 0;
        int urgent = 0;
        for (int i = 0; i < 600; i++) {
            MixedMessages.Kind kind = MixedMessages.kind(i);
            counts[kind.ordinal()]++;
            patients += MixedMessages.fromPatient(i) ? 1 : 0;
            urgent += MixedMessages.urgent(i) ? 1 : 0;
            if (i < 20) {
                int size = source.message(i, source.sender(i), "dr.grey@clinic.example").length;
                int want = switch (kind) {
                    case TEXT_2K -> 2048;
                    case HTML_50K -> 50 * 1024;
                    case IMAGE_500K -> 500 * 1024;
                };
                assertThat(size).as("message %d size", i).isBetween(want * 90 / 100, want * 110 / 100);
            }
        }
        assertThat(counts).containsExactly(480, 90, 30);
        assertThat(patients).isEqualTo(200);
        assertThat(urgent).isEqualTo(20);
    }
}
