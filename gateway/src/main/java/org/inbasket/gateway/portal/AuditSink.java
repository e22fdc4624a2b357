package org.inbasket.gateway.portal;

/**
 * Where the portal writes its audit trail (the gateway's tamper-evident audit log).
 *
 * <p>Failure: if {@link #record} throws, the portal refuses the action it was auditing (the patient sees a
 * generic error): no access without an audit record.</p>
 */
@FunctionalInterface
public interface AuditSink {
    void record(AuditEvent event);
}
