package org.inbasket.gateway.services;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long the audit trail keeps entries ({@code audit.retention.days}); {@link Duration#ZERO} keeps them forever.
 *
 * @param keep the retention period
 */
public record AuditRetention(Duration keep) {
    public AuditRetention {
        if (keep.isNegative()) {
            throw new IllegalArgumentException("audit retention must not be negative");
        }
    }

    /** Entries before this instant may be purged; empty when entries are kept forever. */
    public Optional<Instant> cutoff(Instant now) {
        return keep.isZero() ? Optional.empty() : Optional.of(now.minus(keep));
    }
}
