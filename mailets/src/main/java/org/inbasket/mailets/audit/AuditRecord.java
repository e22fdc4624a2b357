package org.inbasket.mailets.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an audit entry says, before the trail gives it a sequence number and a hash: when, what, who, from
 * where, about which mail. Never content: the fields are addresses, identifiers and fixed-vocabulary tokens.
 *
 * <p>The constructor normalises every field, so that what is hashed is exactly what is stored and read back:
 * time truncated to milliseconds; missing or blank text becomes {@code "-"}; control characters become
 * {@code ?} (no line breaks reach a log, a CSV file or the chain's serialisation); each field is cut to the
 * length its column holds. The event type is checked, not cleaned: {@code [a-z][a-z0-9-]*}, at most 40
 * characters.</p>
 *
 * @param time      when it happened
 * @param event     event type, such as {@code received} or {@code portal-view}
 * @param actor     who acted: the envelope sender, the patient on the portal, the admin ("-" when unknown)
 * @param addresses the other addresses concerned (envelope recipients); may be empty
 * @param clientIp  the client's IP address, "-" when there is none
 * @param reference James's mail name, or the pickup store's message id for portal events ("-" when none)
 * @param messageId the RFC 5322 Message-ID when known ("-" when none)
 * @param detail    outcome tokens such as {@code signature=valid; urgent=no}; never content
 */
public record AuditRecord(Instant time, String event, String actor, List<String> addresses, String clientIp,
                          String reference, String messageId, String detail) {
    public static final int ACTOR_MAX = 320;
    public static final int ADDRESSES_MAX = 4000;
    public static final int CLIENT_IP_MAX = 64;
    public static final int REFERENCE_MAX = 255;
    public static final int MESSAGE_ID_MAX = 255;
    public static final int DETAIL_MAX = 1000;
    private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Pattern LEFT_OUT = Pattern.compile("\\+[0-9]{1,9}");

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        if (!EVENT.matcher(event).matches()) {
            throw new IllegalArgumentException("audit event type must match [a-z][a-z0-9-]{0,39}: " + clean(event, 60));
        }
        time = time.truncatedTo(ChronoUnit.MILLIS);
        actor = clean(actor, ACTOR_MAX);
        addresses = cleanAddresses(addresses == null ? List.of() : addresses);
        clientIp = clean(clientIp, CLIENT_IP_MAX);
        reference = clean(reference, REFERENCE_MAX);
        messageId = clean(messageId, MESSAGE_ID_MAX);
        detail = clean(detail, DETAIL_MAX);
    }

    /** The addresses as stored and hashed: separated by one space ("" when none). */
    public String joinedAddresses() {
        return String.join(" ", addresses);
    }

    /** Splits what {@link #joinedAddresses()} made. */
    static List<String> splitAddresses(String joined) {
        return joined == null || joined.isBlank() ? List.of() : List.of(joined.trim().split(" +"));
    }

    /** True when {@code address} is the actor or one of the addresses, ignoring case. */
    public boolean concerns(String address) {
        return actor.equalsIgnoreCase(address) || addresses.stream().anyMatch(a -> a.equalsIgnoreCase(address));
    }

    static String clean(String value, int max) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), max));
        value.strip().codePoints().map(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c)
            .forEach(sb::appendCodePoint);
        return cut(sb.toString(), max);
    }

    private static String cut(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    /**
     * Addresses without spaces (the separator), as many as fit in {@link #ADDRESSES_MAX} characters; when some
     * do not fit, the last element says how many were left out ({@code +N}).
     */
    private static List<String> cleanAddresses(List<String> raw) {
        List<String> kept = new ArrayList<>();
        int length = 0;
        int left = 0;
        for (String address : raw) {
            String a = clean(address, ACTOR_MAX).replace(' ', '_');
            if (a.equals("-")) {
                continue;
            }
            if (LEFT_OUT.matcher(a).matches()) {
                left += Integer.parseInt(a.substring(1));
                continue;
            }
            if (left > 0 || length + a.length() + 1 > ADDRESSES_MAX - 12) {
                left++;
                continue;
            }
            kept.add(a);
            length += a.length() + 1;
        }
        if (left > 0) {
            kept.add("+" + left);
        }
        return List.copyOf(kept);
    }
}
