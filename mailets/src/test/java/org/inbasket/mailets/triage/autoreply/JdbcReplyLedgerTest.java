package org.inbasket.mailets.triage.autoreply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.apache.james.core.MailAddress;
import org.inbasket.mailets.triage.TestDatabase;
import org.inbasket.mailets.triage.TriageStoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcReplyLedgerTest extends ReplyLedgerContract {
    private DataSource dataSource;
    private ReplyLedger ledger;

    @BeforeEach
    void setUp() {
        dataSource = TestDatabase.migrated();
        ledger = new JdbcReplyLedger(dataSource);
    }

    @Override
    protected ReplyLedger ledger() {
        return ledger;
    }

    @Test
    void tryAcquireShouldStoreNoAddressInTheClear() throws Exception {
        ledger.tryAcquire("urgent", new MailAddress("pat@patients.example"), Instant.now(), Duration.ofDays(1));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT reply_key FROM inbasket_reply_ledger")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("pat").hasSize(64);
        }
    }

    @Test
    void tryAcquireShouldThrowAStoreErrorWhenTheTableIsMissing() {
        EmbeddedDataSource empty = new EmbeddedDataSource();
        empty.setDatabaseName("memory:empty-ledger");
        empty.setCreateDatabase("create");
        ReplyLedger broken = new JdbcReplyLedger(empty);
        assertThatThrownBy(() -> broken.tryAcquire("urgent", new MailAddress("pat@patients.example"), Instant.now(), Duration.ofDays(1)))
            .isInstanceOf(TriageStoreException.class)
            .hasMessageNotContaining("pat@");
    }
}
