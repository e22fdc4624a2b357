package org.inbasket.gateway.portal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps audit events in memory. */
public final class RecordingAudit implements AuditSink {
    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    public List<AuditAction> actions() {
        return events.stream().map(AuditEvent::action).toList();
    }
}
