package org.inbasket.mailets.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's append-only, hash-chained audit trail: events from the mail pipeline ({@link Audit}) and the
 * pickup portal. Each entry is chained to the one before by a SHA-256 hash ({@link AuditChain}), so
 * {@link #verify()} proves that no entry between the anchor and the head was removed, altered or reordered.
 *
 * <p>Appends are serialised: whatever the number of threads, there is one chain with consecutive sequence
 * numbers. Retention removes a prefix of the chain and keeps the hash of its last entry as the anchor the
 * walk starts from; the purge itself is recorded as an entry ({@value #PURGED_EVENT}).</p>
 *
 * <p>SECURITY: records hold addresses, identifiers and result tokens, never message content. The chain
 * proves integrity against anyone who cannot rewrite all of it; someone with write access to the whole
 * database can recompute every hash, which only a head hash kept elsewhere ({@link AuditVerification#headHash()})
 * reveals.</p>
 */
public interface AuditTrail {
    /** Event type of the entry a purge appends. */
    String PURGED_EVENT = "audit-purged";

    /** Appends one entry at the head of the chain and returns it. Throws {@link IllegalStateException} when it cannot. */
    AuditEntry append(AuditRecord record);

    /** At most {@code limit} matching entries, oldest first. */
    List<AuditEntry> find(AuditQuery query, int limit);

    /** Every matching entry, oldest first, handed to {@code consumer} one at a time (for exports of any size). */
    void forEach(AuditQuery query, Consumer<AuditEntry> consumer);

    /** Walks the chain from the anchor to the head. */
    AuditVerification verify();

    /**
     * Removes the oldest entries, up to and including the newest entry older than {@code cutoff}, after checking
     * they are intact; keeps the last removed entry's hash as the new anchor and appends a
     * {@value #PURGED_EVENT} entry. Refuses (IllegalStateException) when the part to remove is broken, so
     * evidence of tampering is never purged.
     *
     * @return how many entries were removed
     */
    int purgeBefore(Instant cutoff);
}
