package org.inbasket.gateway.reports;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.pickup.Direction;
import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupDeposit;
import org.inbasket.mailets.pickup.PickupLink;
import org.inbasket.mailets.pickup.PickupMessage;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.inbasket.mailets.pickup.PickupStore;
import org.inbasket.mailets.pickup.PickupStoreException;
import org.inbasket.mailets.pickup.PickupSummary;
import org.inbasket.mailets.reports.ReportFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pickup store, telling {@link ReportFacts} what the reports need: a message stored for a patient (held for
 * pickup, the patient notified) is a secure message sent, named by its store id; the first opening on the portal
 * records the pickup delay. Everything else is passed through unchanged.
 *
 * <p>Failure: the facts fail open (WARN, the deposit or opening stands); the store's own failures propagate.</p>
 *
 * <p>SECURITY: only the store id, the patient's address and times reach the facts.</p>
 */
public final class ReportingPickupStore implements PickupStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReportingPickupStore.class);

    private final PickupStore store;
    private final ReportFacts facts;
    private final Clock clock;

    public ReportingPickupStore(PickupStore store, ReportFacts facts, Clock clock) {
        this.store = store;
        this.facts = facts;
        this.clock = clock;
    }

    @Override
    public PickupReceipt deposit(PickupDeposit deposit) throws PickupStoreException {
        PickupReceipt receipt = store.deposit(deposit);
        if (deposit.direction() == Direction.TO_PATIENT) {
            try {
                facts.recordSecureMessage(new ReportFacts.SecureMessage(receipt.messageId(), deposit.patient(),
                    clock.instant(), ReportFacts.Delivery.PICKUP, Optional.empty()));
            } catch (RuntimeException e) {
                LOGGER.warn("Reports: pickup message {} not recorded ({})", receipt.messageId(),
                    e.getClass().getSimpleName());
            }
        }
        return receipt;
    }

    @Override
    public boolean markOpened(String messageId, Instant when) throws PickupStoreException {
        boolean first = store.markOpened(messageId, when);
        if (first) {
            try {
                facts.recordOpened(messageId, when);
            } catch (RuntimeException e) {
                LOGGER.warn("Reports: opening of pickup message {} not recorded ({})", messageId,
                    e.getClass().getSimpleName());
            }
        }
        return first;
    }

    @Override
    public Optional<PickupLink> resolveToken(String token, Instant now) throws PickupStoreException {
        return store.resolveToken(token, now);
    }

    @Override
    public List<PickupSummary> listForPatient(MailAddress patient, Instant now) throws PickupStoreException {
        return store.listForPatient(patient, now);
    }

    @Override
    public Optional<PickupMessage> read(String messageId, MailAddress patient, Instant now) throws PickupStoreException {
        return store.read(messageId, patient, now);
    }

    @Override
    public Optional<PickupAttachment> attachment(String messageId, int index, MailAddress patient, Instant now)
        throws PickupStoreException {
        return store.attachment(messageId, index, patient, now);
    }

    @Override
    public boolean revoke(String messageId, Instant when) throws PickupStoreException {
        return store.revoke(messageId, when);
    }

    @Override
    public int revokeByRfcMessageId(String rfcMessageId, Instant when) throws PickupStoreException {
        return store.revokeByRfcMessageId(rfcMessageId, when);
    }

    @Override
    public void delete(String messageId) throws PickupStoreException {
        store.delete(messageId);
    }

    @Override
    public List<PickupSummary> unopenedAndNotReminded(Instant createdBefore, Instant now) throws PickupStoreException {
        return store.unopenedAndNotReminded(createdBefore, now);
    }

    @Override
    public void markReminded(String messageId, Instant when) throws PickupStoreException {
        store.markReminded(messageId, when);
    }

    @Override
    public int purgeExpired(Instant now) throws PickupStoreException {
        return store.purgeExpired(now);
    }

    @Override
    public Optional<String> patientCheck(MailAddress patient) throws PickupStoreException {
        return store.patientCheck(patient);
    }
}
