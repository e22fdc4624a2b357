package org.inbasket.gateway.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.inbasket.gateway.portal.AuditAction;
import org.inbasket.gateway.portal.AuditEvent;
import org.inbasket.mailets.audit.AuditEntry;
import org.inbasket.mailets.audit.AuditQuery;
import org.inbasket.mailets.audit.AuditRecord;
import org.inbasket.mailets.audit.AuditTrail;
import org.inbasket.mailets.audit.AuditVerification;
import org.inbasket.mailets.audit.InMemoryAuditTrail;
import org.junit.jupiter.api.Test;

class TrailAuditSinkTest {
    private static final Instant T = Instant.parse("2026-02-01T12:00:00Z");

    @Test
    void portalEventsShouldBecomeChainedPortalEntries() {
        InMemoryAuditTrail trail = new InMemoryAuditTrail();
        TrailAuditSink sink = new TrailAuditSink(trail);
        sink.record(new AuditEvent(T, AuditAction.LOGIN_FAILED, "patient@outside.example", "198.51.100.4", Optional.empty()));
        sink.record(new AuditEvent(T.plusSeconds(5), AuditAction.VIEW, "patient@outside.example", "198.51.100.4",
            Optional.of("pk-7f3a")));

        List<AuditRecord> records = trail.find(AuditQuery.ALL, 10).stream().map(e -> e.record()).toList();
        assertThat(records).extracting(AuditRecord::event).containsExactly("portal-login-failed", "portal-view");
        assertThat(records.get(1).actor()).isEqualTo("patient@outside.example");
        assertThat(records.get(1).clientIp()).isEqualTo("198.51.100.4");
        assertThat(records.get(1).reference()).isEqualTo("pk-7f3a");
        assertThat(records.get(0).reference()).isEqualTo("-");
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void everyPortalActionShouldMapToAValidEventType() {
        for (AuditAction action : AuditAction.values()) {
            assertThat(TrailAuditSink.eventType(action)).matches("portal-[a-z][a-z-]*");
        }
        assertThat(TrailAuditSink.eventType(AuditAction.READ_RECEIPT_SENT)).isEqualTo("portal-read-receipt-sent");
    }

    @Test
    void aTrailFailureShouldReachThePortalSoItRefusesTheAction() {
        AuditTrail down = new AuditTrail() {
            @Override
            public AuditEntry append(AuditRecord record) {
                throw new IllegalStateException("audit trail unavailable");
            }

            @Override
            public List<AuditEntry> find(AuditQuery query, int limit) {
                return List.of();
            }

            @Override
            public void forEach(AuditQuery query, Consumer<AuditEntry> consumer) {
            }

            @Override
            public AuditVerification verify() {
                throw new IllegalStateException("audit trail unavailable");
            }

            @Override
            public int purgeBefore(Instant cutoff) {
                return 0;
            }
        };
        assertThatThrownBy(() -> new TrailAuditSink(down).record(
            new AuditEvent(T, AuditAction.VIEW, "p@outside.example", "-", Optional.empty())))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void retentionZeroShouldKeepEverything() {
        assertThat(new AuditRetention(Duration.ZERO).cutoff(T)).isEmpty();
        assertThat(new AuditRetention(Duration.ofDays(30)).cutoff(T)).contains(T.minus(Duration.ofDays(30)));
    }
}
