package org.inbasket.mailets.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.reports.ReportFacts.Answer;
import org.inbasket.mailets.reports.ReportFacts.Channel;
import org.inbasket.mailets.reports.ReportFacts.Delivery;
import org.inbasket.mailets.reports.ReportFacts.Handling;
import org.inbasket.mailets.reports.ReportFacts.PatientMessage;
import org.inbasket.mailets.reports.ReportFacts.SecureMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link ReportFacts} implementation shares. */
abstract class ReportFactsContract {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private ReportFacts facts;

    abstract ReportFacts newFacts();

    @BeforeEach
    void create() {
        facts = newFacts();
    }

    static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PatientMessage patient(String id, Instant at, Handling handling) {
        return new PatientMessage(MessageIds.key(id).orElseThrow(), address("pat@outside.example"), at, Channel.MAIL,
            handling, Optional.empty());
    }

    @Test
    void recordReplyShouldAnswerAReferencedMessageOnceWithItsResponseTime() {
        assertThat(facts.recordPatientMessage(patient("<a@outside.example>", T0, Handling.POOL))).isTrue();

        List<Answer> first = facts.recordReply(List.of(MessageIds.key("<a@outside.example>").orElseThrow()),
            T0.plus(Duration.ofHours(3)));
        List<Answer> second = facts.recordReply(List.of(MessageIds.key("<a@outside.example>").orElseThrow()),
            T0.plus(Duration.ofHours(5)));

        assertThat(first).containsExactly(new Answer(Handling.POOL, Duration.ofHours(3)));
        assertThat(second).isEmpty();
        assertThat(facts.patientMessages(T0, T0.plusSeconds(1))).singleElement()
            .satisfies(m -> assertThat(m.responseTime()).contains(Duration.ofHours(3)));
    }

    @Test
    void recordReplyShouldIgnoreUnknownKeysAndMessagesReceivedAfterTheReply() {
        facts.recordPatientMessage(patient("<later@outside.example>", T0.plusSeconds(60), Handling.CLINICIAN));

        assertThat(facts.recordReply(List.of(MessageIds.key("<later@outside.example>").orElseThrow(),
            MessageIds.key("<unknown@x>").orElseThrow()), T0)).isEmpty();
        assertThat(facts.patientMessages(T0, T0.plusSeconds(120)).get(0).answeredAt()).isEmpty();
    }

    @Test
    void aReplyReferencingTwoPatientMessagesShouldAnswerBoth() {
        facts.recordPatientMessage(patient("<one@o>", T0, Handling.CLINICIAN));
        facts.recordPatientMessage(patient("<two@o>", T0.plus(Duration.ofHours(1)), Handling.URGENT));

        List<Answer> answers = facts.recordReply(List.of(MessageIds.key("<one@o>").orElseThrow(),
            MessageIds.key("<two@o>").orElseThrow()), T0.plus(Duration.ofHours(30)));

        assertThat(answers).containsExactlyInAnyOrder(new Answer(Handling.CLINICIAN, Duration.ofHours(30)),
            new Answer(Handling.URGENT, Duration.ofHours(29)));
    }

    @Test
    void recordingTheSameMessageTwiceShouldKeepTheFirst() {
        assertThat(facts.recordPatientMessage(patient("<a@o>", T0, Handling.POOL))).isTrue();
        assertThat(facts.recordPatientMessage(patient("<a@o>", T0.plusSeconds(9), Handling.CLINICIAN))).isFalse();

        assertThat(facts.patientMessages(T0.minusSeconds(1), T0.plusSeconds(60))).singleElement()
            .satisfies(m -> {
                assertThat(m.handling()).isEqualTo(Handling.POOL);
                assertThat(m.receivedAt()).isEqualTo(T0);
            });
    }

    @Test
    void openingShouldBeRecordedOnceWithTheDelayFromSending() {
        SecureMessage sent = new SecureMessage("ref-1", address("pat@outside.example"), T0, Delivery.PICKUP,
            Optional.empty());
        assertThat(facts.recordSecureMessage(sent)).isTrue();
        assertThat(facts.recordSecureMessage(sent)).isFalse();

        assertThat(facts.recordOpened("ref-1", T0.plus(Duration.ofMinutes(90)))).contains(Duration.ofMinutes(90));
        assertThat(facts.recordOpened("ref-1", T0.plus(Duration.ofHours(5)))).isEmpty();
        assertThat(facts.recordOpened("unknown", T0)).isEmpty();
        assertThat(facts.secureMessages(T0, T0.plusSeconds(1))).singleElement()
            .satisfies(m -> assertThat(m.pickupDelay()).contains(Duration.ofMinutes(90)));
    }

    @Test
    void queriesShouldBeHalfOpenIntervalsOldestFirst() {
        facts.recordPatientMessage(patient("<b@o>", T0.plusSeconds(10), Handling.POOL));
        facts.recordPatientMessage(patient("<a@o>", T0, Handling.POOL));
        facts.recordPatientMessage(patient("<c@o>", T0.plusSeconds(20), Handling.POOL));
        facts.recordSecureMessage(new SecureMessage("s1", address("p@o.example"), T0, Delivery.ENCRYPTED,
            Optional.empty()));
        facts.recordSecureMessage(new SecureMessage("s2", address("p@o.example"), T0.plusSeconds(20),
            Delivery.ENCRYPTED, Optional.empty()));

        assertThat(facts.patientMessages(T0, T0.plusSeconds(20))).extracting(PatientMessage::receivedAt)
            .containsExactly(T0, T0.plusSeconds(10));
        assertThat(facts.secureMessages(T0, T0.plusSeconds(20))).extracting(SecureMessage::reference)
            .containsExactly("s1");
    }

    @Test
    void purgeShouldRemoveOnlyOlderFacts() {
        facts.recordPatientMessage(patient("<old@o>", T0, Handling.POOL));
        facts.recordPatientMessage(patient("<new@o>", T0.plus(Duration.ofDays(2)), Handling.POOL));
        facts.recordSecureMessage(new SecureMessage("s1", address("p@o.example"), T0, Delivery.PICKUP,
            Optional.empty()));

        assertThat(facts.purgeBefore(T0.plus(Duration.ofDays(1)))).isEqualTo(2);
        assertThat(facts.patientMessages(Instant.EPOCH, T0.plus(Duration.ofDays(3)))).hasSize(1);
        assertThat(facts.secureMessages(Instant.EPOCH, T0.plus(Duration.ofDays(3)))).isEmpty();
    }
}
