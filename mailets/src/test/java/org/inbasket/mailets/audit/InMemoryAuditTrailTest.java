package org.inbasket.mailets.audit;

import java.time.Clock;
import java.util.List;

class InMemoryAuditTrailTest extends AuditTrailContract {
    private InMemoryAuditTrail trail;

    @Override
    AuditTrail newTrail(Clock clock) {
        trail = new InMemoryAuditTrail(clock);
        return trail;
    }

    private int indexOf(long seq) {
        List<AuditEntry> entries = trail.entriesForTest();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).seq() == seq) {
                return i;
            }
        }
        throw new IllegalArgumentException("no entry " + seq);
    }

    @Override
    void deleteEntry(long seq) {
        trail.entriesForTest().remove(indexOf(seq));
    }

    @Override
    void alterDetail(long seq, String detail) {
        int i = indexOf(seq);
        AuditEntry e = trail.entriesForTest().get(i);
        AuditRecord r = e.record();
        trail.entriesForTest().set(i, new AuditEntry(seq, new AuditRecord(r.time(), r.event(), r.actor(), r.addresses(),
            r.clientIp(), r.reference(), r.messageId(), detail), e.hash()));
    }

    @Override
    void swapEntries(long a, long b) {
        int i = indexOf(a);
        int j = indexOf(b);
        AuditEntry ea = trail.entriesForTest().get(i);
        AuditEntry eb = trail.entriesForTest().get(j);
        trail.entriesForTest().set(i, new AuditEntry(a, eb.record(), eb.hash()));
        trail.entriesForTest().set(j, new AuditEntry(b, ea.record(), ea.hash()));
    }
}
