package org.inbasket.gateway.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.inbasket.mailets.reports.ReportFacts;

/**
 * {@link ReportFacts} that also feeds {@link ReportMetrics}: a newly recorded patient message counts once, every
 * answer a reply records is observed as a response time, and a first opening as a pickup delay. What the
 * underlying store reports as recorded before (a mail processed again after a crash) is not counted again.
 */
public final class MeteredReportFacts implements ReportFacts {
    private final ReportFacts facts;
    private final ReportMetrics metrics;

    public MeteredReportFacts(ReportFacts facts, ReportMetrics metrics) {
        this.facts = facts;
        this.metrics = metrics;
    }

    @Override
    public boolean recordPatientMessage(PatientMessage message) {
        boolean recorded = facts.recordPatientMessage(message);
        if (recorded) {
            metrics.patientMessage(message.handling());
        }
        return recorded;
    }

    @Override
    public List<Answer> recordReply(Collection<String> messageKeys, Instant at) {
        List<Answer> answers = facts.recordReply(messageKeys, at);
        answers.forEach(metrics::answered);
        return answers;
    }

    @Override
    public boolean recordSecureMessage(SecureMessage message) {
        return facts.recordSecureMessage(message);
    }

    @Override
    public Optional<Duration> recordOpened(String reference, Instant at) {
        Optional<Duration> delay = facts.recordOpened(reference, at);
        delay.ifPresent(metrics::opened);
        return delay;
    }

    @Override
    public List<PatientMessage> patientMessages(Instant from, Instant to) {
        return facts.patientMessages(from, to);
    }

    @Override
    public List<SecureMessage> secureMessages(Instant from, Instant to) {
        return facts.secureMessages(from, to);
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        return facts.purgeBefore(cutoff);
    }
}
