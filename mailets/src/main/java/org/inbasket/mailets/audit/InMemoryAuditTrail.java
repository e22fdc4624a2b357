package org.inbasket.mailets.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link AuditTrail} in memory, for tests and for servers without a database; forgets everything on restart.
 * Every method holds the object's lock, so appends form one chain.
 */
public final class InMemoryAuditTrail implements AuditTrail {
    private final Clock clock;
    private final List<AuditEntry> entries = new ArrayList<>();
    private long headSeq;
    private String headHash = AuditChain.GENESIS;
    private long anchorSeq;
    private String anchorHash = AuditChain.GENESIS;

    public InMemoryAuditTrail(Clock clock) {
        this.clock = clock;
    }

    public InMemoryAuditTrail() {
        this(Clock.systemUTC());
    }

    @Override
    public synchronized AuditEntry append(AuditRecord record) {
        long seq = headSeq + 1;
        AuditEntry entry = new AuditEntry(seq, record, AuditChain.hash(headHash, seq, record));
        entries.add(entry);
        headSeq = seq;
        headHash = entry.hash();
        return entry;
    }

    @Override
    public synchronized List<AuditEntry> find(AuditQuery query, int limit) {
        return entries.stream().filter(query::matches).limit(limit).toList();
    }

    @Override
    public void forEach(AuditQuery query, Consumer<AuditEntry> consumer) {
        List<AuditEntry> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(entries);
        }
        snapshot.stream().filter(query::matches).forEach(consumer);
    }

    @Override
    public synchronized AuditVerification verify() {
        AuditChain.Walk walk = new AuditChain.Walk(anchorSeq, anchorHash);
        for (AuditEntry entry : entries) {
            if (!walk.accept(entry)) {
                break;
            }
        }
        return walk.finish(headSeq, headHash);
    }

    @Override
    public synchronized int purgeBefore(Instant cutoff) {
        int last = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).record().time().isBefore(cutoff)) {
                last = i;
            }
        }
        if (last < 0) {
            return 0;
        }
        AuditEntry newAnchor = entries.get(last);
        AuditChain.Walk walk = new AuditChain.Walk(anchorSeq, anchorHash);
        for (AuditEntry entry : entries.subList(0, last + 1)) {
            walk.accept(entry);
        }
        AuditVerification part = walk.finish(newAnchor.seq(), newAnchor.hash());
        if (!part.ok()) {
            throw new IllegalStateException("audit trail broken at entry " + part.firstBroken().orElse(-1)
                + " (" + part.problem() + "); not purging");
        }
        entries.subList(0, last + 1).clear();
        anchorSeq = newAnchor.seq();
        anchorHash = newAnchor.hash();
        append(purgeRecord(clock.instant(), cutoff, last + 1, newAnchor.seq()));
        return last + 1;
    }

    static AuditRecord purgeRecord(Instant now, Instant cutoff, int removed, long throughSeq) {
        return new AuditRecord(now, PURGED_EVENT, "-", List.of(), "-", "-", "-",
            "removed=" + removed + "; through=" + throughSeq + "; before=" + cutoff);
    }

    /** The live entry list, for tests that tamper with the trail. */
    List<AuditEntry> entriesForTest() {
        return entries;
    }
}
