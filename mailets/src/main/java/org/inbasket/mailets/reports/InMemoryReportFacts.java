package org.inbasket.mailets.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ReportFacts} in memory, for tests and demos; lost at restart. */
public final class InMemoryReportFacts implements ReportFacts {
    private final Map<String, PatientMessage> patientMessages = new LinkedHashMap<>();
    private final Map<String, SecureMessage> secureMessages = new LinkedHashMap<>();

    @Override
    public synchronized boolean recordPatientMessage(PatientMessage message) {
        return patientMessages.putIfAbsent(message.messageKey(), message) == null;
    }

    @Override
    public synchronized List<Answer> recordReply(Collection<String> messageKeys, Instant at) {
        List<Answer> answers = new ArrayList<>();
        for (String key : messageKeys) {
            PatientMessage m = patientMessages.get(key);
            if (m == null || m.answeredAt().isPresent() || m.receivedAt().isAfter(at)) {
                continue;
            }
            patientMessages.put(key, new PatientMessage(m.messageKey(), m.patient(), m.receivedAt(), m.channel(),
                m.handling(), Optional.of(at)));
            answers.add(new Answer(m.handling(), Duration.between(m.receivedAt(), at)));
        }
        return answers;
    }

    @Override
    public synchronized boolean recordSecureMessage(SecureMessage message) {
        return secureMessages.putIfAbsent(message.reference(), message) == null;
    }

    @Override
    public synchronized Optional<Duration> recordOpened(String reference, Instant at) {
        SecureMessage m = secureMessages.get(reference);
        if (m == null || m.openedAt().isPresent()) {
            return Optional.empty();
        }
        secureMessages.put(reference, new SecureMessage(m.reference(), m.patient(), m.sentAt(), m.delivery(),
            Optional.of(at)));
        return Optional.of(Duration.between(m.sentAt(), at));
    }

    @Override
    public synchronized List<PatientMessage> patientMessages(Instant from, Instant to) {
        return patientMessages.values().stream()
            .filter(m -> !m.receivedAt().isBefore(from) && m.receivedAt().isBefore(to))
            .sorted(Comparator.comparing(PatientMessage::receivedAt)).toList();
    }

    @Override
    public synchronized List<SecureMessage> secureMessages(Instant from, Instant to) {
        return secureMessages.values().stream()
            .filter(m -> !m.sentAt().isBefore(from) && m.sentAt().isBefore(to))
            .sorted(Comparator.comparing(SecureMessage::sentAt)).toList();
    }

    @Override
    public synchronized int purgeBefore(Instant cutoff) {
        int before = patientMessages.size() + secureMessages.size();
        patientMessages.values().removeIf(m -> m.receivedAt().isBefore(cutoff));
        secureMessages.values().removeIf(m -> m.sentAt().isBefore(cutoff));
        return before - patientMessages.size() - secureMessages.size();
    }
}
