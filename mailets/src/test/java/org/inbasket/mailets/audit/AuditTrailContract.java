package org.inbasket.mailets.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link AuditTrail} shares, including what tampering with its storage must reveal. */
abstract class AuditTrailContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofDays(100));
    private AuditTrail trail;

    /** A new, empty trail whose purge entries carry the time of {@code clock}. */
    abstract AuditTrail newTrail(Clock clock);

    /** Removes entry {@code seq} from storage, behind the trail's back. */
    abstract void deleteEntry(long seq);

    /** Changes the detail of entry {@code seq} in storage. */
    abstract void alterDetail(long seq, String detail);

    /** Exchanges the places (sequence numbers) of two entries in storage. */
    abstract void swapEntries(long a, long b);

    @BeforeEach
    void createTrail() {
        trail = newTrail(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static AuditRecord record(Instant time, String event, String actor, String... addresses) {
        return new AuditRecord(time, event, actor, List.of(addresses), "192.0.2.7", "Mail-" + time.toEpochMilli(),
            "<id-" + time.toEpochMilli() + "@clinic.example>", "signature=valid; urgent=no");
    }

    private void appendFive() {
        for (int i = 1; i <= 5; i++) {
            trail.append(record(T0.plusSeconds(i), "received", "patient" + i + "@outside.example", "dr.grey@clinic.example"));
        }
    }

    @Test
    void appendShouldNumberEntriesFromOneAndChainThem() {
        AuditRecord first = record(T0, "received", "a@outside.example", "dr.grey@clinic.example");
        AuditRecord second = record(T0.plusSeconds(1), "delivered", "a@outside.example", "dr.grey@clinic.example");
        AuditEntry one = trail.append(first);
        AuditEntry two = trail.append(second);
        assertThat(one.seq()).isEqualTo(1);
        assertThat(two.seq()).isEqualTo(2);
        assertThat(one.hash()).isEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, first)).hasSize(64);
        assertThat(two.hash()).isEqualTo(AuditChain.hash(one.hash(), 2, second));
    }

    @Test
    void entriesShouldReadBackExactlyAsAppended() {
        AuditRecord r = new AuditRecord(T0.plusNanos(1_234_567), "portal-view", "Zoë@outside.example",
            List.of("dr.grey@clinic.example", "rn-pool@clinic.example"), "-", "pickup-42", "-", "");
        AuditEntry appended = trail.append(r);
        assertThat(trail.find(AuditQuery.ALL, 10)).containsExactly(appended);
        assertThat(appended.record().time()).isEqualTo(T0.plusMillis(1));
        assertThat(appended.record().detail()).isEqualTo("-");
    }

    @Test
    void anEmptyTrailShouldVerify() {
        AuditVerification v = trail.verify();
        assertThat(v.ok()).isTrue();
        assertThat(v.checked()).isZero();
        assertThat(v.headSeq()).isZero();
        assertThat(v.headHash()).isEqualTo(AuditChain.GENESIS);
    }

    @Test
    void anIntactChainShouldVerify() {
        appendFive();
        AuditVerification v = trail.verify();
        assertThat(v.ok()).isTrue();
        assertThat(v.checked()).isEqualTo(5);
        assertThat(v.firstBroken()).isEmpty();
        assertThat(v.headSeq()).isEqualTo(5);
        assertThat(v.headHash()).isEqualTo(trail.find(AuditQuery.ALL, 10).get(4).hash());
    }

    @Test
    void verifyShouldReportADeletedEntry() {
        appendFive();
        deleteEntry(3);
        AuditVerification v = trail.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBroken()).isEqualTo(OptionalLong.of(3));
        assertThat(v.checked()).isEqualTo(2);
        assertThat(v.problem()).contains("missing");
    }

    @Test
    void verifyShouldReportADeletedNewestEntry() {
        appendFive();
        deleteEntry(5);
        AuditVerification v = trail.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBroken()).isEqualTo(OptionalLong.of(5));
    }

    @Test
    void verifyShouldReportAnAlteredField() {
        appendFive();
        alterDetail(2, "signature=invalid; urgent=no");
        AuditVerification v = trail.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBroken()).isEqualTo(OptionalLong.of(2));
        assertThat(v.problem()).contains("altered");
    }

    @Test
    void verifyShouldReportReorderedEntries() {
        appendFive();
        swapEntries(2, 4);
        AuditVerification v = trail.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBroken()).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void findShouldFilterByTimeEventAndAddress() {
        trail.append(record(T0, "received", "a@outside.example", "dr.grey@clinic.example"));
        trail.append(record(T0.plusSeconds(10), "delivered", "a@outside.example", "dr.grey@clinic.example"));
        trail.append(record(T0.plusSeconds(20), "received", "b@outside.example", "DR.HOUSE@clinic.example",
            "nurse.joy@clinic.example"));
        trail.append(record(T0.plusSeconds(30), "received", "c@outside.example", "dr.grey.x@clinic.example"));

        assertThat(seqs(new AuditQuery(Optional.of(T0.plusSeconds(10)), Optional.of(T0.plusSeconds(30)),
            Optional.empty(), Optional.empty()))).containsExactly(2L, 3L);
        assertThat(seqs(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("received"), Optional.empty())))
            .containsExactly(1L, 3L, 4L);
        assertThat(seqs(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of("dr.grey@clinic.example")))).containsExactly(1L, 2L);
        assertThat(seqs(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of("dr.house@CLINIC.example")))).containsExactly(3L);
        assertThat(seqs(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of("B@outside.example")))).containsExactly(3L);
        assertThat(seqs(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("received"),
            Optional.of("%@clinic.example")))).isEmpty();
    }

    @Test
    void findShouldStopAtTheLimitAndForEachShouldReadAll() {
        appendFive();
        assertThat(trail.find(AuditQuery.ALL, 2)).extracting(AuditEntry::seq).containsExactly(1L, 2L);
        List<Long> all = new ArrayList<>();
        trail.forEach(AuditQuery.ALL, e -> all.add(e.seq()));
        assertThat(all).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void concurrentAppendsShouldFormOneChain() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        trail.append(record(T0.plusMillis(thread * 1000L + i), "relayed", "t" + thread + "@clinic.example"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        AuditVerification v = trail.verify();
        assertThat(v.ok()).isTrue();
        assertThat(v.checked()).isEqualTo(threads * each);
        assertThat(trail.find(AuditQuery.ALL, 1000)).extracting(AuditEntry::seq)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * each).boxed().toList());
    }

    @Test
    void purgeShouldRemoveOldEntriesAndKeepTheChainVerifiable() {
        appendFive();
        trail.append(record(NOW.minusSeconds(60), "received", "new@outside.example", "dr.grey@clinic.example"));
        int removed = trail.purgeBefore(NOW.minus(Duration.ofDays(30)));
        assertThat(removed).isEqualTo(5);

        List<AuditEntry> left = trail.find(AuditQuery.ALL, 10);
        assertThat(left).extracting(AuditEntry::seq).containsExactly(6L, 7L);
        AuditRecord purge = left.get(1).record();
        assertThat(purge.event()).isEqualTo(AuditTrail.PURGED_EVENT);
        assertThat(purge.time()).isEqualTo(NOW);
        assertThat(purge.detail()).contains("removed=5").contains("through=5");

        trail.append(record(NOW, "delivered", "new@outside.example", "dr.grey@clinic.example"));
        AuditVerification v = trail.verify();
        assertThat(v.ok()).isTrue();
        assertThat(v.anchorSeq()).isEqualTo(5);
        assertThat(v.checked()).isEqualTo(3);

        alterDetail(6, "tampered");
        assertThat(trail.verify().firstBroken()).isEqualTo(OptionalLong.of(6));
    }

    @Test
    void purgeWithNothingOldShouldChangeNothing() {
        appendFive();
        assertThat(trail.purgeBefore(T0)).isZero();
        assertThat(trail.find(AuditQuery.ALL, 10)).hasSize(5);
        assertThat(trail.verify().anchorSeq()).isZero();
    }

    @Test
    void purgeShouldRefuseToRemoveTamperedEntries() {
        appendFive();
        alterDetail(2, "tampered");
        assertThatThrownBy(() -> trail.purgeBefore(NOW)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("entry 2");
        assertThat(trail.find(AuditQuery.ALL, 10)).hasSize(5);
        assertThat(trail.verify().firstBroken()).isEqualTo(OptionalLong.of(2));
    }

    private List<Long> seqs(AuditQuery query) {
        return trail.find(query, 100).stream().map(AuditEntry::seq).toList();
    }
}
