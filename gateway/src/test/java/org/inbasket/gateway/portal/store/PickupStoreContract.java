package org.inbasket.gateway.portal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.inbasket.gateway.portal.MutableClock;
import org.inbasket.mailets.pickup.AttachmentInfo;
import org.inbasket.mailets.pickup.Direction;
import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupContent;
import org.inbasket.mailets.pickup.PickupDeposit;
import org.inbasket.mailets.pickup.PickupLink;
import org.inbasket.mailets.pickup.PickupMessage;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.inbasket.mailets.pickup.PickupStore;
import org.inbasket.mailets.pickup.PickupSummary;
import org.inbasket.mailets.pickup.PickupTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link PickupStore} shares; run for the in-memory and the JDBC store. */
public abstract class PickupStoreContract {
    protected static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    protected static final Duration EXPIRY = Duration.ofDays(30);

    protected MutableClock clock;
    protected PickupStore store;
    protected MailAddress patient;
    protected MailAddress other;
    protected MailAddress doctor;

    /** A store on the given clock with {@link #EXPIRY}. */
    protected abstract PickupStore createStore(MutableClock clock) throws Exception;

    @BeforeEach
    void setUpContract() throws Exception {
        clock = new MutableClock(START);
        store = createStore(clock);
        patient = new MailAddress("pat@patientmail.example");
        other = new MailAddress("someone@patientmail.example");
        doctor = new MailAddress("doctor@clinic.example");
    }

    protected PickupDeposit toPatient(MailAddress to, String rfcId, List<String> references) {
        return new PickupDeposit(Direction.TO_PATIENT, to, doctor, rfcId, references, false, Optional.empty(),
            new PickupContent("Lab results", Optional.of("Your potassium is normal."),
                Optional.of("<p>Your <b>potassium</b> is normal.</p>"),
                List.of(new PickupAttachment("labs.pdf", "application/pdf",
                    "%PDF-1.4 labs".getBytes(StandardCharsets.US_ASCII)))));
    }

    protected PickupReceipt deposit() throws Exception {
        return store.deposit(toPatient(patient, "<m1@clinic.example>", List.of()));
    }

    @Test
    void depositShouldGiveATokenOfAtLeast128BitsForAMessageToThePatient() throws Exception {
        PickupReceipt receipt = deposit();

        assertThat(receipt.token()).isPresent();
        assertThat(PickupTokens.looksLikeToken(receipt.token().get())).isTrue();
        assertThat(receipt.expiresAt()).isEqualTo(START.plus(EXPIRY));
    }

    @Test
    void depositShouldGiveNoTokenForAMessageFromThePatient() throws Exception {
        PickupReceipt receipt = store.deposit(new PickupDeposit(Direction.FROM_PATIENT, patient, doctor,
            "<r1@portal>", List.of(), false, Optional.empty(),
            new PickupContent("Re: Lab results", Optional.of("Thanks"), Optional.empty(), List.of())));

        assertThat(receipt.token()).isEmpty();
    }

    @Test
    void resolveTokenShouldFindTheMessageWhenTheTokenIsValid() throws Exception {
        PickupReceipt receipt = deposit();

        Optional<PickupLink> link = store.resolveToken(receipt.token().get(), START);

        assertThat(link).contains(new PickupLink(receipt.messageId(), receipt.conversationId(), patient));
    }

    @Test
    void resolveTokenShouldBeEmptyWhenTheTokenIsUnknownOrMalformed() throws Exception {
        deposit();

        assertThat(store.resolveToken(PickupTokens.newToken(), START)).isEmpty();
        assertThat(store.resolveToken("../../etc/passwd", START)).isEmpty();
        assertThat(store.resolveToken("", START)).isEmpty();
    }

    @Test
    void resolveTokenShouldBeEmptyWhenTheMessageExpired() throws Exception {
        PickupReceipt receipt = deposit();

        assertThat(store.resolveToken(receipt.token().get(), START.plus(EXPIRY).minusSeconds(1))).isPresent();
        assertThat(store.resolveToken(receipt.token().get(), START.plus(EXPIRY))).isEmpty();
    }

    @Test
    void revokeShouldHideTheMessageAndItsLink() throws Exception {
        PickupReceipt receipt = deposit();

        assertThat(store.revoke(receipt.messageId(), START)).isTrue();

        assertThat(store.resolveToken(receipt.token().get(), START)).isEmpty();
        assertThat(store.read(receipt.messageId(), patient, START)).isEmpty();
        assertThat(store.listForPatient(patient, START)).isEmpty();
        assertThat(store.revoke(receipt.messageId(), START)).isFalse();
    }

    @Test
    void readShouldReturnTheContentToItsPatient() throws Exception {
        PickupReceipt receipt = deposit();

        PickupMessage message = store.read(receipt.messageId(), patient, START).orElseThrow();

        assertThat(message.summary().subject()).isEqualTo("Lab results");
        assertThat(message.textBody()).contains("Your potassium is normal.");
        assertThat(message.htmlBody()).contains("<p>Your <b>potassium</b> is normal.</p>");
        assertThat(message.summary().attachments())
            .containsExactly(new AttachmentInfo(0, "labs.pdf", "application/pdf", 13));
        assertThat(message.summary().counterpart()).isEqualTo(doctor);
        assertThat(message.summary().direction()).isEqualTo(Direction.TO_PATIENT);
        assertThat(message.summary().createdAt()).isEqualTo(START);
    }

    @Test
    void readShouldBeEmptyForAnotherPatient() throws Exception {
        PickupReceipt receipt = deposit();

        assertThat(store.read(receipt.messageId(), other, START)).isEmpty();
        assertThat(store.attachment(receipt.messageId(), 0, other, START)).isEmpty();
    }

    @Test
    void readShouldIgnoreTheCaseOfThePatientAddress() throws Exception {
        PickupReceipt receipt = deposit();

        assertThat(store.read(receipt.messageId(), new MailAddress("Pat@PatientMail.example"), START)).isPresent();
    }

    @Test
    void attachmentShouldReturnTheBytesAndBeEmptyForAnIndexOutOfRange() throws Exception {
        PickupReceipt receipt = deposit();

        PickupAttachment attachment = store.attachment(receipt.messageId(), 0, patient, START).orElseThrow();

        assertThat(new String(attachment.data(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4 labs");
        assertThat(attachment.fileName()).isEqualTo("labs.pdf");
        assertThat(store.attachment(receipt.messageId(), 1, patient, START)).isEmpty();
        assertThat(store.attachment(receipt.messageId(), -1, patient, START)).isEmpty();
    }

    @Test
    void listForPatientShouldReturnOnlyTheirMessagesOldestFirst() throws Exception {
        PickupReceipt first = deposit();
        clock.advance(Duration.ofMinutes(1));
        store.deposit(toPatient(other, "<x@clinic.example>", List.of()));
        clock.advance(Duration.ofMinutes(1));
        PickupReceipt second = store.deposit(toPatient(patient, "<m2@clinic.example>", List.of()));

        assertThat(store.listForPatient(patient, clock.instant())).extracting(PickupSummary::messageId)
            .containsExactly(first.messageId(), second.messageId());
    }

    @Test
    void depositShouldJoinTheConversationOfAMessageItReferences() throws Exception {
        PickupReceipt first = deposit();
        PickupReceipt answer = store.deposit(toPatient(patient, "<m2@clinic.example>",
            List.of("<unrelated@x>", "<m1@clinic.example>")));
        PickupReceipt fresh = store.deposit(toPatient(patient, "<m3@clinic.example>", List.of()));

        assertThat(answer.conversationId()).isEqualTo(first.conversationId());
        assertThat(fresh.conversationId()).isNotEqualTo(first.conversationId());
    }

    @Test
    void depositShouldNotJoinAConversationOfAnotherPatient() throws Exception {
        PickupReceipt first = deposit();

        PickupReceipt elsewhere = store.deposit(toPatient(other, "<m2@clinic.example>",
            List.of("<m1@clinic.example>")));

        assertThat(elsewhere.conversationId()).isNotEqualTo(first.conversationId());
    }

    @Test
    void markOpenedShouldBeTrueOnlyTheFirstTime() throws Exception {
        PickupReceipt receipt = deposit();

        assertThat(store.markOpened(receipt.messageId(), START.plusSeconds(5))).isTrue();
        assertThat(store.markOpened(receipt.messageId(), START.plusSeconds(9))).isFalse();
        assertThat(store.read(receipt.messageId(), patient, START).orElseThrow().summary().firstOpenedAt())
            .contains(START.plusSeconds(5));
    }

    @Test
    void revokeByRfcMessageIdShouldRevokeEveryCopyOfTheOriginal() throws Exception {
        deposit();
        store.deposit(toPatient(other, "<m1@clinic.example>", List.of()));
        PickupReceipt kept = store.deposit(toPatient(patient, "<m2@clinic.example>", List.of()));

        assertThat(store.revokeByRfcMessageId("<m1@clinic.example>", START)).isEqualTo(2);

        assertThat(store.listForPatient(patient, START)).extracting(PickupSummary::messageId)
            .containsExactly(kept.messageId());
        assertThat(store.listForPatient(other, START)).isEmpty();
    }

    @Test
    void unopenedAndNotRemindedShouldListOldUnopenedMessagesOnce() throws Exception {
        PickupReceipt old = deposit();
        PickupReceipt opened = store.deposit(toPatient(patient, "<m2@clinic.example>", List.of()));
        store.markOpened(opened.messageId(), START);
        clock.advance(Duration.ofDays(3));
        store.deposit(toPatient(patient, "<m3@clinic.example>", List.of()));
        Instant now = clock.instant();

        assertThat(store.unopenedAndNotReminded(now.minus(Duration.ofDays(2)), now))
            .extracting(PickupSummary::messageId).containsExactly(old.messageId());

        store.markReminded(old.messageId(), now);

        assertThat(store.unopenedAndNotReminded(now.minus(Duration.ofDays(2)), now)).isEmpty();
    }

    @Test
    void purgeExpiredShouldDeleteOnlyExpiredMessages() throws Exception {
        PickupReceipt old = deposit();
        clock.advance(Duration.ofDays(10));
        PickupReceipt young = store.deposit(toPatient(patient, "<m2@clinic.example>", List.of()));

        assertThat(store.purgeExpired(START.plus(EXPIRY))).isEqualTo(1);

        assertThat(store.read(old.messageId(), patient, START)).isEmpty();
        assertThat(store.read(young.messageId(), patient, START.plus(EXPIRY))).isPresent();
    }

    @Test
    void deleteShouldRemoveTheMessageAndItsLink() throws Exception {
        PickupReceipt receipt = deposit();

        store.delete(receipt.messageId());

        assertThat(store.resolveToken(receipt.token().get(), START)).isEmpty();
        assertThat(store.read(receipt.messageId(), patient, START)).isEmpty();
    }

    @Test
    void patientCheckShouldBeTheLatestValueDeposited() throws Exception {
        assertThat(store.patientCheck(patient)).isEmpty();
        PickupDeposit base = toPatient(patient, "<m1@clinic.example>", List.of());
        store.deposit(withCheck(base, "19800227"));
        store.deposit(withCheck(base, "19800228"));

        assertThat(store.patientCheck(new MailAddress("PAT@patientmail.example"))).contains("19800228");
        assertThat(store.patientCheck(other)).isEmpty();
    }

    private static PickupDeposit withCheck(PickupDeposit base, String check) {
        return new PickupDeposit(base.direction(), base.patient(), base.counterpart(), base.rfcMessageId(),
            base.references(), base.readReceiptRequested(), Optional.of(check), base.content());
    }
}
