package org.inbasket.mailets.triage.autoreply;

import org.junit.jupiter.api.BeforeEach;

class MemoryReplyLedgerTest extends ReplyLedgerContract {
    private ReplyLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new MemoryReplyLedger();
    }

    @Override
    protected ReplyLedger ledger() {
        return ledger;
    }
}
