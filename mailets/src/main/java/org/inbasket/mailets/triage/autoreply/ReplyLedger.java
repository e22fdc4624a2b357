package org.inbasket.mailets.triage.autoreply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

import org.apache.james.core.MailAddress;

/**
 * Remembers which automatic replies were sent, so that a patient gets each kind of reply at most once per
 * window (RFC 3834 section 2: "once per sender per period").
 *
 * <p>Keys are SHA-256 digests of the reply kind and the lower-cased address: the ledger never stores a
 * patient's address in the clear. Implementations: {@link MemoryReplyLedger} (tests, single node without
 * restarts) and {@link JdbcReplyLedger} (the gateway's database; table created by Flyway V20). Both pass
 * {@code ReplyLedgerContract}.</p>
 */
public interface ReplyLedger {
    /**
     * Atomically: when no reply of {@code kind} to {@code address} was recorded after {@code now - window},
     * records one at {@code now} and returns true; otherwise returns false and records nothing.
     *
     * @throws org.inbasket.mailets.triage.TriageStoreException when the store cannot be used
     */
    boolean tryAcquire(String kind, MailAddress address, Instant now, Duration window);

    /** Forgets every reply recorded before {@code cutoff}; returns how many were forgotten. */
    int purgeBefore(Instant cutoff);

    /** The digest used as key: hex SHA-256 of kind, a NUL, and the lower-cased address. */
    static String key(String kind, MailAddress address) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((kind + '\0' + address.asString().toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
