package org.inbasket.gateway.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One report: a period of whole days in a time zone, and what happened in it. Every figure is a count or a
 * duration; the only addresses are mailbox owners (the backlog) and, nowhere here, patients.
 *
 * @param days      patient messages in and secure messages out, per day of the period
 * @param responses response times of the patient messages received in the period
 * @param pools     who handled the patient messages received in the period
 * @param pickup    messages held for pickup in the period and how soon they were opened
 * @param backlog   the unread backlog now (not of the period)
 */
public record ReportData(LocalDate from, LocalDate to, String zone, Instant generatedAt, List<Day> days,
                         Responses responses, Pools pools, Pickup pickup, Backlog backlog) {

    public record Day(LocalDate date, long in, long out) {
    }

    /** A range of response times and how many messages fell in it; {@code withinStandard} when it ends by 24 h. */
    public record Bucket(String label, long count, boolean withinStandard) {
    }

    /**
     * @param patientMessages  received in the period
     * @param answered         answered by a clinician reply (at any time up to now)
     * @param pending          unanswered and younger than 24 hours: not yet late, left out of the share
     * @param withinStandard   answered within 24 hours
     * @param shareWithinStandard withinStandard / (patientMessages - pending); null when that is 0
     * @param medianHours      median response time of the answered ones, null when none
     */
    public record Responses(long patientMessages, long answered, long pending, long withinStandard,
                            Double shareWithinStandard, Double medianHours, List<Bucket> distribution) {
    }

    /** Routine (not urgent) patient messages handled first by a pool or by a clinician; share = pool / routine. */
    public record Pools(long pool, long clinician, long urgent, Double poolShare) {
    }

    /** Secure messages sent (encrypted and held for pickup), pickup messages opened, median hours to opening. */
    public record Pickup(long encrypted, long held, long opened, Double medianHoursToOpen) {
    }

    public record Mailbox(String mailbox, long unread, long oldestUnreadHours) {
    }

    public record Backlog(Instant takenAt, boolean complete, List<Mailbox> mailboxes) {
    }
}
