package org.inbasket.gateway.services;

import java.util.List;
import java.util.Locale;

import org.inbasket.gateway.portal.AuditAction;
import org.inbasket.gateway.portal.AuditEvent;
import org.inbasket.gateway.portal.AuditSink;
import org.inbasket.mailets.audit.AuditRecord;
import org.inbasket.mailets.audit.AuditTrail;

/**
 * The portal's audit events as entries of the gateway's {@link AuditTrail}: event type {@code portal-} plus the
 * action in lower case with dashes ({@code LOGIN_FAILED} → {@code portal-login-failed}); the patient (or the
 * admin, for revocations) as actor; the client IP; the pickup store's message id as the reference. Never content.
 *
 * <p>Failure: an exception from the trail propagates, so the portal refuses the action it was auditing
 * ({@link AuditSink}: no access without an audit record; ADR 0040).</p>
 */
final class TrailAuditSink implements AuditSink {
    private final AuditTrail trail;

    TrailAuditSink(AuditTrail trail) {
        this.trail = trail;
    }

    static String eventType(AuditAction action) {
        return "portal-" + action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public void record(AuditEvent event) {
        trail.append(new AuditRecord(event.time(), eventType(event.action()), event.address(), List.of(),
            event.clientIp(), event.messageId().orElse("-"), "-", ""));
    }
}
