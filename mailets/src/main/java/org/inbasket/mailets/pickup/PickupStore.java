package org.inbasket.mailets.pickup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * The pickup store: messages between the clinic and patients who have no certificate, kept until they expire.
 *
 * <p>Implementations: {@link InMemoryPickupStore} (tests, demos) and the gateway's JDBC store, which encrypts
 * content and attachments at rest. Both pass one contract test.</p>
 *
 * <p>Rules every implementation keeps:</p>
 * <ul>
 *   <li>A message belongs to one patient; every read method takes the patient and returns empty for anyone
 *       else's message.</li>
 *   <li>Expired ({@code expiresAt <= now}) and revoked messages are invisible to every read method and their
 *       links do not resolve.</li>
 *   <li>Link tokens have at least 128 random bits; only a hash of a token is kept.</li>
 *   <li>A deposit whose references name a Message-ID already stored for the same patient joins that
 *       conversation; otherwise it starts a new one.</li>
 * </ul>
 *
 * <p>SECURITY: the store holds health information. Callers must check that the patient is authenticated before
 * calling read methods; the store only checks ownership.</p>
 */
public interface PickupStore {

    /** Stores a message; for {@link Direction#TO_PATIENT} the receipt carries a fresh link token. */
    PickupReceipt deposit(PickupDeposit deposit) throws PickupStoreException;

    /** The message a link token points at, if the token is known and its message neither expired nor revoked. */
    Optional<PickupLink> resolveToken(String token, Instant now) throws PickupStoreException;

    /** The patient's visible messages, oldest first. */
    List<PickupSummary> listForPatient(MailAddress patient, Instant now) throws PickupStoreException;

    /** A visible message of this patient, with its bodies. */
    Optional<PickupMessage> read(String messageId, MailAddress patient, Instant now) throws PickupStoreException;

    /** One attachment of a visible message of this patient. */
    Optional<PickupAttachment> attachment(String messageId, int index, MailAddress patient, Instant now)
        throws PickupStoreException;

    /** Records the first opening; returns true only for the call that recorded it. */
    boolean markOpened(String messageId, Instant when) throws PickupStoreException;

    /** Revokes one message; returns false if it is unknown or already revoked. */
    boolean revoke(String messageId, Instant when) throws PickupStoreException;

    /** Revokes every copy stored from the original with this Message-ID; returns how many were revoked. */
    int revokeByRfcMessageId(String rfcMessageId, Instant when) throws PickupStoreException;

    /** Deletes a message outright (used to undo a deposit whose notification could not be sent). */
    void delete(String messageId) throws PickupStoreException;

    /**
     * Messages to patients created at or before {@code createdBefore}, never opened, never reminded, and
     * visible at {@code now}.
     */
    List<PickupSummary> unopenedAndNotReminded(Instant createdBefore, Instant now) throws PickupStoreException;

    /** Records that a reminder was sent, so it is sent once. */
    void markReminded(String messageId, Instant when) throws PickupStoreException;

    /** Deletes expired messages with their attachments; returns how many. */
    int purgeExpired(Instant now) throws PickupStoreException;

    /**
     * The form in which patient addresses are compared and kept: the whole address in lower case (mail
     * providers treat the local part case-insensitively in practice, and a patient who types capitals must
     * still find the messages).
     */
    static String addressKey(MailAddress address) {
        return address.asString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The latest extra check value deposited for this patient (normalised), if any. */
    Optional<String> patientCheck(MailAddress patient) throws PickupStoreException;
}
