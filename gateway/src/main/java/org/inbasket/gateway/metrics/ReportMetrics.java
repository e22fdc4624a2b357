package org.inbasket.gateway.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.inbasket.mailets.reports.ReportFacts;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/**
 * The clinical-workflow metrics, kept in memory since start and exported by {@code GET /metrics}:
 * {@code inbasket_response_time_seconds} (patient message to the first clinician reply, by handling),
 * {@code inbasket_pickup_delay_seconds} (pickup notification to the patient's first opening) and
 * {@code inbasket_patient_messages_total} (by handling: pool, clinician, urgent). Fed by {@link MeteredReportFacts}
 * as the facts are recorded. The Prometheus client's collectors are created unregistered: {@code MetricsRoutes}
 * collects them itself, so nothing lands in a global registry.
 *
 * <p>SECURITY: durations and counts; the one label is a fixed word.</p>
 */
public final class ReportMetrics {
    /** Hours around the 24-hour standard patients expect (the 86400 s bucket is the one to watch). */
    static final double[] RESPONSE_BUCKETS = {3600, 4 * 3600, 8 * 3600, 12 * 3600, 24 * 3600, 48 * 3600, 72 * 3600,
        7 * 24 * 3600};
    /** From minutes (read at once) to a week (never read before the reminder). */
    static final double[] PICKUP_BUCKETS = {5 * 60, 15 * 60, 3600, 4 * 3600, 12 * 3600, 24 * 3600, 72 * 3600,
        7 * 24 * 3600};

    private final Histogram responseTime = Histogram.build().name("inbasket_response_time_seconds")
        .help("Time from a patient message to the first clinician reply in its thread (In-Reply-To/References)")
        .labelNames("handling").buckets(RESPONSE_BUCKETS).create();
    private final Histogram pickupDelay = Histogram.build().name("inbasket_pickup_delay_seconds")
        .help("Time from a pickup notification to the patient's first opening of the message on the portal")
        .buckets(PICKUP_BUCKETS).create();
    private final Counter patientMessages = Counter.build().name("inbasket_patient_messages_total")
        .help("Patient messages by who handled them first: pool, clinician or urgent (routine = pool + clinician)")
        .labelNames("handling").create();

    public ReportMetrics() {
        for (ReportFacts.Handling handling : ReportFacts.Handling.values()) {
            patientMessages.labels(handling.token());
            responseTime.labels(handling.token());
        }
    }

    void patientMessage(ReportFacts.Handling handling) {
        patientMessages.labels(handling.token()).inc();
    }

    void answered(ReportFacts.Answer answer) {
        responseTime.labels(answer.handling().token()).observe(seconds(answer.responseTime()));
    }

    void opened(Duration delay) {
        pickupDelay.observe(seconds(delay));
    }

    private static double seconds(Duration d) {
        return Math.max(0, d.toMillis() / 1000.0);
    }

    /** The three families, for the text format. */
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> all = new ArrayList<>();
        all.addAll(patientMessages.collect());
        all.addAll(responseTime.collect());
        all.addAll(pickupDelay.collect());
        return all;
    }
}
