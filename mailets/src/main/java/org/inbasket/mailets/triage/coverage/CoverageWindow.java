package org.inbasket.mailets.triage.coverage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.james.core.MailAddress;

/**
 * One coverage window: from {@code from} (inclusive) to {@code to} (exclusive), mail for {@code absent} goes to
 * {@code coverer}, a clinician or a pool. Names are optional display names used in the patient autoreply.
 * The constructor rejects what can never be valid (empty or reversed window, self-coverage, bad id).
 */
public record CoverageWindow(String id, MailAddress absent, Optional<String> absentName, Instant from, Instant to,
                             MailAddress coverer, CovererKind kind, Optional<String> covererName) {
    /** Who covers: a clinician (who may be absent too, so coverage follows on) or a pool (never absent). */
    public enum CovererKind { CLINICIAN, POOL }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public CoverageWindow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(absent, "absent");
        Objects.requireNonNull(absentName, "absentName");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(coverer, "coverer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(covererName, "covererName");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("window id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("window " + id + ": 'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        if (key(absent).equals(key(coverer))) {
            throw new IllegalArgumentException("window " + id + ": " + absent.asString() + " cannot cover for themselves");
        }
    }

    public boolean activeAt(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    public boolean overlaps(Instant otherFrom, Instant otherTo) {
        return from.isBefore(otherTo) && otherFrom.isBefore(to);
    }

    static String key(MailAddress address) {
        return address.asString().toLowerCase(java.util.Locale.ROOT);
    }
}
