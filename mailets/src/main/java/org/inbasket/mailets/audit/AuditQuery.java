package org.inbasket.mailets.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Which entries to read: a time range {@code [from, to)}, an event type, an address (the actor or one of the
 * addresses, ignoring case). Every part is optional; {@link #ALL} reads everything. Entries come in sequence order.
 */
public record AuditQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> event,
                         Optional<String> address) {
    public static final AuditQuery ALL = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());

    public AuditQuery {
        address = address.map(a -> a.strip().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty());
        event = event.map(String::strip).filter(e -> !e.isEmpty());
    }

    public boolean matches(AuditEntry entry) {
        AuditRecord r = entry.record();
        return from.map(f -> !r.time().isBefore(f)).orElse(true)
            && to.map(t -> r.time().isBefore(t)).orElse(true)
            && event.map(e -> e.equals(r.event())).orElse(true)
            && address.map(r::concerns).orElse(true);
    }
}
