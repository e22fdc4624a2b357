package org.inbasket.gateway.admin;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.inbasket.gateway.metrics.MailBacklog;
import org.inbasket.gateway.metrics.ReportMetrics;
import org.inbasket.mailets.metrics.Count;
import org.inbasket.mailets.metrics.CountCryptoFailure;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.common.TextFormat;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /metrics}: Prometheus text exposition format 0.0.4. Three parts: the pipeline counters of the
 * {@code Count} mailets as {@code inbasket_mails_total{stage="..."}}; the unread backlog per local INBOX
 * ({@code inbasket_backlog_unread_messages}, {@code inbasket_backlog_oldest_unread_seconds}, label
 * {@code mailbox} = the user's address; see {@link MailBacklog}); and everything in James's own metric
 * registry (JVM memory, threads and GC, SMTP and IMAP commands, mailet timings, {@code mailetContainerErrors}).
 *
 * <p>SECURITY: admin port only (loopback by default). No message content and no health information: stage
 * names are the operator's, the only addresses are mailbox owners.</p>
 */
public final class MetricsRoutes implements Routes {
    static final String BASE = "/metrics";

    private final MetricRegistry registry;
    private final MailBacklog backlog;
    private final ReportMetrics reports;
    private final DropwizardExports james;

    @Inject
    public MetricsRoutes(MetricRegistry registry, MailBacklog backlog, ReportMetrics reports) {
        this.registry = registry;
        this.backlog = backlog;
        this.reports = reports;
        this.james = new DropwizardExports(registry, (name, metric) -> !name.startsWith(Count.PREFIX)
            && !name.startsWith(CountCryptoFailure.PREFIX));
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, this::scrape);
    }

    private String scrape(Request request, Response response) throws IOException {
        response.type(TextFormat.CONTENT_TYPE_004);
        return render();
    }

    String render() throws IOException {
        List<MetricFamilySamples> families = new ArrayList<>();
        families.add(pipeline());
        families.add(cryptoFailures());
        families.addAll(reports.collect());
        families.addAll(backlog());
        families.addAll(james.collect());
        StringWriter out = new StringWriter();
        TextFormat.write004(out, Collections.enumeration(families));
        return out.toString();
    }

    private MetricFamilySamples pipeline() {
        return labelledCounters("inbasket_mails",
            "Mails that reached each counting point of the pipeline since start (Count mailets)", "stage", Count.PREFIX);
    }

    private MetricFamilySamples cryptoFailures() {
        return labelledCounters("inbasket_crypto_failures",
            "S/MIME steps that failed and held the mail in the error repository, by step (decrypt, sign, encrypt)",
            "operation", CountCryptoFailure.PREFIX);
    }

    /** One counter family from the Dropwizard meters (James's MetricFactory.generate) under {@code prefix}. */
    private MetricFamilySamples labelledCounters(String name, String help, String label, String prefix) {
        CounterMetricFamily family = new CounterMetricFamily(name, help, List.of(label));
        SortedMap<String, Meter> counters = registry.getMeters((n, metric) -> n.startsWith(prefix));
        for (Map.Entry<String, Meter> counter : counters.entrySet()) {
            family.addMetric(List.of(counter.getKey().substring(prefix.length())), counter.getValue().getCount());
        }
        return family;
    }

    private List<MetricFamilySamples> backlog() {
        MailBacklog.Snapshot snapshot = backlog.snapshot();
        GaugeMetricFamily unread = new GaugeMetricFamily("inbasket_backlog_unread_messages",
            "Unseen messages in each local INBOX", List.of("mailbox"));
        GaugeMetricFamily oldest = new GaugeMetricFamily("inbasket_backlog_oldest_unread_seconds",
            "Age of the oldest unseen message in each local INBOX (0 when none)", List.of("mailbox"));
        for (MailBacklog.Entry entry : snapshot.entries()) {
            unread.addMetric(List.of(entry.mailbox()), entry.unread());
            oldest.addMetric(List.of(entry.mailbox()), entry.oldestUnreadAge().toSeconds());
        }
        GaugeMetricFamily complete = new GaugeMetricFamily("inbasket_backlog_complete",
            "1 when the last backlog snapshot covered every user, 0 when its time budget ran out",
            snapshot.complete() ? 1 : 0);
        GaugeMetricFamily taken = new GaugeMetricFamily("inbasket_backlog_snapshot_timestamp_seconds",
            "When the backlog figures were computed (they are cached briefly)", snapshot.takenAt().getEpochSecond());
        return List.of(unread, oldest, complete, taken);
    }
}
