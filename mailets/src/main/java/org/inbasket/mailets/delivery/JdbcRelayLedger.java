package org.inbasket.mailets.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * {@link RelayLedger} in the gateway's database (table {@code inbasket_relay_ledger}, Flyway migration
 * {@code db/inbasket/V2__relay_ledger.sql}); Derby and PostgreSQL. A claim is an INSERT, or an UPDATE guarded by
 * the row's version, so two copies can never both get {@link Decision#SEND}.
 */
public final class JdbcRelayLedger implements RelayLedger {
    private static final String DUPLICATE_KEY = "23505";
    private static final int RACES = 5;
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration lease;

    public JdbcRelayLedger(DataSource dataSource, Clock clock, Duration lease) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.lease = lease;
    }

    @Override
    public Decision claim(String key, int attempt, String owner) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (int race = 0; race < RACES; race++) {
                Instant now = clock.instant();
                if (insert(c, key, attempt, owner, now)) {
                    return Decision.SEND;
                }
                try (PreparedStatement select = c.prepareStatement(
                    "SELECT state, attempt, owner, updated_at, version FROM inbasket_relay_ledger WHERE mail_key = ?")) {
                    select.setString(1, key);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                        String state = rs.getString(1);
                        int recorded = rs.getInt(2);
                        boolean mine = owner.equals(rs.getString(3));
                        Instant updated = rs.getTimestamp(4).toInstant();
                        long version = rs.getLong(5);
                        if ("SENT".equals(state)) {
                            return Decision.ALREADY_SENT;
                        }
                        if (attempt < recorded) {
                            return Decision.SUPERSEDED;
                        }
                        if ("CLAIMED".equals(state) && mine && updated.isAfter(now.minus(lease))) {
                            return Decision.BUSY;
                        }
                        if (takeOver(c, key, attempt, owner, now, version)) {
                            return Decision.SEND;
                        }
                    }
                }
            }
            throw new SQLException("relay ledger: lost " + RACES + " races for one mail");
        } catch (SQLException e) {
            throw new IllegalStateException("relay ledger unavailable: " + e.getMessage(), e);
        }
    }

    private static boolean insert(Connection c, String key, int attempt, String owner, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO inbasket_relay_ledger"
            + " (mail_key, state, attempt, owner, updated_at, version) VALUES (?, 'CLAIMED', ?, ?, ?, 0)")) {
            insert.setString(1, key);
            insert.setInt(2, attempt);
            insert.setString(3, owner);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static boolean takeOver(Connection c, String key, int attempt, String owner, Instant now, long version)
        throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE inbasket_relay_ledger SET state = 'CLAIMED',"
            + " attempt = ?, owner = ?, updated_at = ?, version = version + 1 WHERE mail_key = ? AND version = ?")) {
            update.setInt(1, attempt);
            update.setString(2, owner);
            update.setTimestamp(3, Timestamp.from(now));
            update.setString(4, key);
            update.setLong(5, version);
            return update.executeUpdate() == 1;
        }
    }

    @Override
    public void sent(String key, String owner) {
        update("UPDATE inbasket_relay_ledger SET state = 'SENT', owner = ?, updated_at = ?, version = version + 1"
            + " WHERE mail_key = ?", owner, null, key);
    }

    @Override
    public void retrying(String key, String owner, int nextAttempt) {
        update("UPDATE inbasket_relay_ledger SET state = 'RETRY', attempt = ?, updated_at = ?, version = version + 1"
            + " WHERE mail_key = ? AND owner = ? AND state = 'CLAIMED'", owner, nextAttempt, key);
    }

    private void update(String sql, String owner, Integer attempt, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            int i = 1;
            if (attempt == null) {
                update.setString(i++, owner);
            } else {
                update.setInt(i++, attempt);
            }
            update.setTimestamp(i++, Timestamp.from(clock.instant()));
            update.setString(i++, key);
            if (attempt != null) {
                update.setString(i, owner);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("relay ledger unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public int purgeUpdatedBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM inbasket_relay_ledger WHERE updated_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("relay ledger unavailable: " + e.getMessage(), e);
        }
    }
}
