package org.inbasket.mailets.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import javax.sql.DataSource;

import org.inbasket.mailets.triage.TestDatabase;

/**
 * The JDBC trail with the shipped Flyway migrations: embedded Derby, or PostgreSQL with
 * {@code -Dinbasket.test.postgres=URL} (see {@link TestDatabase}). Tampering is done with plain SQL, as
 * someone with database access would.
 */
class JdbcAuditTrailTest extends AuditTrailContract {
    private DataSource dataSource;

    @Override
    AuditTrail newTrail(Clock clock) {
        dataSource = TestDatabase.migrated();
        sql("DELETE FROM inbasket_audit_trail");
        sql("UPDATE inbasket_audit_state SET head_seq = 0, head_hash = '" + AuditChain.GENESIS
            + "', anchor_seq = 0, anchor_hash = '" + AuditChain.GENESIS + "' WHERE id = 1");
        return new JdbcAuditTrail(dataSource, clock);
    }

    @Override
    void deleteEntry(long seq) {
        sql("DELETE FROM inbasket_audit_trail WHERE seq = " + seq);
    }

    @Override
    void alterDetail(long seq, String detail) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE inbasket_audit_trail SET detail = ? WHERE seq = ?")) {
            s.setString(1, detail);
            s.setLong(2, seq);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    void swapEntries(long a, long b) {
        sql("UPDATE inbasket_audit_trail SET seq = -1 WHERE seq = " + a);
        sql("UPDATE inbasket_audit_trail SET seq = " + a + " WHERE seq = " + b);
        sql("UPDATE inbasket_audit_trail SET seq = " + b + " WHERE seq = -1");
    }

    private void sql(String statement) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
