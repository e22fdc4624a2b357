package org.inbasket.gateway.services;

import org.inbasket.gateway.portal.AuditEvent;
import org.inbasket.gateway.portal.AuditSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Portal audit events as lines of the {@code audit} logger (time, action, address, client IP, store message id;
 * never content). The hash-chained audit store of the operations work replaces this sink.
 */
final class LogAuditSink implements AuditSink {
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    @Override
    public void record(AuditEvent event) {
        AUDIT.info("time={} action={} address={} ip={} message={}", event.time(), event.action(), event.address(),
            event.clientIp(), event.messageId().orElse("-"));
    }
}
