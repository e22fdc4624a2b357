package org.inbasket.gateway.reports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.inbasket.gateway.metrics.MailBacklog;
import org.inbasket.mailets.reports.ReportFacts;
import org.inbasket.mailets.reports.ReportFacts.Handling;
import org.inbasket.mailets.reports.ReportFacts.PatientMessage;
import org.inbasket.mailets.reports.ReportFacts.SecureMessage;

/**
 * Computes {@link ReportData} for a period from the {@link ReportFacts} and the current {@link MailBacklog}, and the
 * patients who were sent a secure message in a period (the Meaningful Use numerator's side).
 *
 * <p>Definitions (docs/reports.md): "in" is a patient message (by mail or from the portal); "out" a secure message
 * to a patient (S/MIME-encrypted, or held for portal pickup). The response-time share counts a message as within
 * the standard when its first clinician reply came within 24 hours; unanswered messages younger than 24 hours
 * are pending and left out; unanswered older ones count as late.</p>
 */
public final class Reports {
    /** The standard patients expect. */
    public static final Duration STANDARD = Duration.ofHours(24);
    /** Longest period one report covers. */
    public static final int MAX_DAYS = 731;
    private static final long[] EDGES_HOURS = {1, 4, 8, 12, 24, 48, 72};

    private final ReportFacts facts;
    private final MailBacklog backlog;
    private final Clock clock;

    @Inject
    public Reports(ReportFacts facts, MailBacklog backlog, Clock clock) {
        this.facts = facts;
        this.backlog = backlog;
        this.clock = clock;
    }

    /** The instant range {@code [from 00:00, to + 1 day 00:00)} in {@code zone}; checks the period. */
    public static Instant[] range(LocalDate from, LocalDate to, ZoneId zone) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new IllegalArgumentException("a report covers at most " + MAX_DAYS + " days");
        }
        return new Instant[] {from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant()};
    }

    public ReportData report(LocalDate from, LocalDate to, ZoneId zone) {
        Instant[] range = range(from, to, zone);
        List<PatientMessage> in = facts.patientMessages(range[0], range[1]);
        List<SecureMessage> out = facts.secureMessages(range[0], range[1]);
        MailBacklog.Snapshot snapshot = backlog.snapshot();
        return compute(from, to, zone, clock.instant(), in, out, snapshot);
    }

    /** Lower-case addresses of the patients sent a secure message in {@code [from, to]}. */
    public Set<String> patientsSentSecureMessages(LocalDate from, LocalDate to, ZoneId zone) {
        Instant[] range = range(from, to, zone);
        Set<String> patients = new HashSet<>();
        for (SecureMessage m : facts.secureMessages(range[0], range[1])) {
            patients.add(m.patient().asString().toLowerCase(Locale.ROOT));
        }
        return patients;
    }

    static ReportData compute(LocalDate from, LocalDate to, ZoneId zone, Instant now, List<PatientMessage> in,
                              List<SecureMessage> out, MailBacklog.Snapshot snapshot) {
        return new ReportData(from, to, zone.getId(), now, days(from, to, zone, in, out), responses(in, now),
            pools(in), pickup(out), backlog(snapshot));
    }

    private static List<ReportData.Day> days(LocalDate from, LocalDate to, ZoneId zone, List<PatientMessage> in,
                                             List<SecureMessage> out) {
        Map<LocalDate, long[]> counts = new LinkedHashMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            counts.put(d, new long[2]);
        }
        for (PatientMessage m : in) {
            Optional.ofNullable(counts.get(LocalDate.ofInstant(m.receivedAt(), zone))).ifPresent(c -> c[0]++);
        }
        for (SecureMessage m : out) {
            Optional.ofNullable(counts.get(LocalDate.ofInstant(m.sentAt(), zone))).ifPresent(c -> c[1]++);
        }
        List<ReportData.Day> days = new ArrayList<>();
        counts.forEach((day, c) -> days.add(new ReportData.Day(day, c[0], c[1])));
        return days;
    }

    static ReportData.Responses responses(List<PatientMessage> in, Instant now) {
        long[] buckets = new long[EDGES_HOURS.length + 1];
        long answered = 0;
        long pending = 0;
        long within = 0;
        long lateUnanswered = 0;
        List<Duration> times = new ArrayList<>();
        for (PatientMessage m : in) {
            Optional<Duration> time = m.responseTime();
            if (time.isPresent()) {
                answered++;
                times.add(time.get());
                if (time.get().compareTo(STANDARD) <= 0) {
                    within++;
                }
                buckets[bucket(time.get())]++;
            } else if (Duration.between(m.receivedAt(), now).compareTo(STANDARD) < 0) {
                pending++;
            } else {
                lateUnanswered++;
            }
        }
        List<ReportData.Bucket> distribution = new ArrayList<>();
        long previous = 0;
        for (int i = 0; i < EDGES_HOURS.length; i++) {
            String label = (previous == 0 ? "under " : previous + "-") + EDGES_HOURS[i] + " h";
            distribution.add(new ReportData.Bucket(label, buckets[i], EDGES_HOURS[i] <= STANDARD.toHours()));
            previous = EDGES_HOURS[i];
        }
        distribution.add(new ReportData.Bucket("over " + previous + " h", buckets[EDGES_HOURS.length], false));
        distribution.add(new ReportData.Bucket("unanswered > 24 h", lateUnanswered, false));
        long judged = in.size() - pending;
        return new ReportData.Responses(in.size(), answered, pending, within,
            judged == 0 ? null : (double) within / judged, medianHours(times), distribution);
    }

    private static int bucket(Duration time) {
        for (int i = 0; i < EDGES_HOURS.length; i++) {
            if (time.compareTo(Duration.ofHours(EDGES_HOURS[i])) <= 0) {
                return i;
            }
        }
        return EDGES_HOURS.length;
    }

    static Double medianHours(List<Duration> times) {
        if (times.isEmpty()) {
            return null;
        }
        List<Duration> sorted = times.stream().sorted().toList();
        int n = sorted.size();
        double millis = n % 2 == 1 ? sorted.get(n / 2).toMillis()
            : (sorted.get(n / 2 - 1).toMillis() + sorted.get(n / 2).toMillis()) / 2.0;
        return millis / 3_600_000.0;
    }

    static ReportData.Pools pools(List<PatientMessage> in) {
        long pool = in.stream().filter(m -> m.handling() == Handling.POOL).count();
        long clinician = in.stream().filter(m -> m.handling() == Handling.CLINICIAN).count();
        long urgent = in.stream().filter(m -> m.handling() == Handling.URGENT).count();
        long routine = pool + clinician;
        return new ReportData.Pools(pool, clinician, urgent, routine == 0 ? null : (double) pool / routine);
    }

    static ReportData.Pickup pickup(List<SecureMessage> out) {
        long encrypted = out.stream().filter(m -> m.delivery() == ReportFacts.Delivery.ENCRYPTED).count();
        List<SecureMessage> held = out.stream().filter(m -> m.delivery() == ReportFacts.Delivery.PICKUP).toList();
        List<Duration> delays = held.stream().flatMap(m -> m.pickupDelay().stream()).toList();
        return new ReportData.Pickup(encrypted, held.size(), delays.size(), medianHours(delays));
    }

    private static ReportData.Backlog backlog(MailBacklog.Snapshot snapshot) {
        List<ReportData.Mailbox> mailboxes = snapshot.entries().stream()
            .map(e -> new ReportData.Mailbox(e.mailbox(), e.unread(), e.oldestUnreadAge().toHours()))
            .sorted(Comparator.comparingLong(ReportData.Mailbox::unread).reversed()
                .thenComparing(ReportData.Mailbox::mailbox))
            .toList();
        return new ReportData.Backlog(snapshot.takenAt(), snapshot.complete(), mailboxes);
    }
}
