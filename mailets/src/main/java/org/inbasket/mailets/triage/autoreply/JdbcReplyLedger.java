package org.inbasket.mailets.triage.autoreply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import javax.sql.DataSource;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.triage.TriageStoreException;

/**
 * {@link ReplyLedger} in the gateway's database, table {@code inbasket_reply_ledger} (Flyway
 * {@code V20__triage_reply_ledger.sql}; Derby and PostgreSQL). Atomic without locks: a conditional UPDATE,
 * then an INSERT whose primary-key violation (SQLState class 23) means another node replied first.
 *
 * <p>SECURITY: stores only SHA-256 digests of kind and address, and times.</p>
 */
public final class JdbcReplyLedger implements ReplyLedger {
    private final DataSource dataSource;

    public JdbcReplyLedger(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    @Override
    public boolean tryAcquire(String kind, MailAddress address, Instant now, Duration window) {
        String key = ReplyLedger.key(kind, address);
        long cutoff = now.minus(window).toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement update = c.prepareStatement(
                "UPDATE inbasket_reply_ledger SET last_reply_ms = ? WHERE reply_key = ? AND last_reply_ms <= ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, key);
                update.setLong(3, cutoff);
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO inbasket_reply_ledger (reply_key, last_reply_ms) VALUES (?, ?)")) {
                insert.setString(1, key);
                insert.setLong(2, now.toEpochMilli());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new TriageStoreException("reply ledger: cannot record a reply (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM inbasket_reply_ledger WHERE last_reply_ms < ?")) {
            c.setAutoCommit(true);
            delete.setLong(1, cutoff.toEpochMilli());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new TriageStoreException("reply ledger: cannot purge (SQLState " + e.getSQLState() + ")", e);
        }
    }
}
