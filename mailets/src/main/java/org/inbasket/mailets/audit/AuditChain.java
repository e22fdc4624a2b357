package org.inbasket.mailets.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * The hash chain shared by every {@link AuditTrail}: how an entry is serialised and hashed, and the walk that
 * checks a run of entries.
 *
 * <p>hash(n) = hex(SHA-256(hash(n-1) || canonical(n))), with hash(0) = 64 zeros. The canonical form is the
 * version tag, then the sequence number, the time in epoch milliseconds and every field of the
 * {@link AuditRecord}, each written as {@code <UTF-8 byte length>:<value>\n}, so no two different entries
 * serialise alike whatever their fields contain. The sequence number is inside the hash, so renumbering or
 * reordering entries breaks the chain as surely as deleting or editing one.</p>
 */
public final class AuditChain {
    /** The hash before the first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "inbasket-audit-v1";

    private AuditChain() {
    }

    public static String hash(String previousHash, long seq, AuditRecord r) {
        StringBuilder canonical = new StringBuilder(256);
        field(canonical, VERSION);
        field(canonical, Long.toString(seq));
        field(canonical, Long.toString(r.time().toEpochMilli()));
        field(canonical, r.event());
        field(canonical, r.actor());
        field(canonical, r.joinedAddresses());
        field(canonical, r.clientIp());
        field(canonical, r.reference());
        field(canonical, r.messageId());
        field(canonical, r.detail());
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha256.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static void field(StringBuilder sb, String value) {
        sb.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append('\n');
    }

    /**
     * Checks entries handed to it in sequence order, starting after an anchor (the last purged entry, or
     * 0 and {@link #GENESIS}); stops counting at the first break.
     */
    public static final class Walk {
        private final long anchorSeq;
        private long lastSeq;
        private String lastHash;
        private long checked;
        private long broken = -1;
        private String problem = "";

        public Walk(long anchorSeq, String anchorHash) {
            this.anchorSeq = anchorSeq;
            this.lastSeq = anchorSeq;
            this.lastHash = anchorHash;
        }

        /** @return false once the chain is broken (later entries need not be read) */
        public boolean accept(AuditEntry entry) {
            if (broken >= 0) {
                return false;
            }
            long expected = lastSeq + 1;
            if (entry.seq() != expected) {
                return fail(expected, entry.seq() > expected ? "entry missing" : "entry out of order");
            }
            if (!hash(lastHash, entry.seq(), entry.record()).equals(entry.hash())) {
                return fail(expected, "entry altered, or an entry before it removed or replaced");
            }
            lastSeq = entry.seq();
            lastHash = entry.hash();
            checked++;
            return true;
        }

        private boolean fail(long seq, String why) {
            broken = seq;
            problem = why;
            return false;
        }

        /** The outcome, given the head the trail recorded (the newest entry's sequence number and hash). */
        public AuditVerification finish(long headSeq, String headHash) {
            if (broken < 0 && lastSeq < headSeq) {
                fail(lastSeq + 1, "entry missing (the newest entries were removed)");
            } else if (broken < 0 && !lastHash.equals(headHash)) {
                fail(lastSeq, "the newest entry does not match the recorded head");
            }
            return new AuditVerification(broken < 0, checked, broken < 0 ? OptionalLong.empty() : OptionalLong.of(broken),
                problem, anchorSeq, headSeq, headHash);
        }
    }
}
