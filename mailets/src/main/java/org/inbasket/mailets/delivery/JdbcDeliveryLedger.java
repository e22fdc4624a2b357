package org.inbasket.mailets.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

import javax.sql.DataSource;

/**
 * {@link DeliveryLedger} in the gateway's database (table {@code inbasket_delivery_ledger}, created by the
 * Flyway migration {@code db/inbasket/V1__delivery_ledger.sql}); works on Derby and PostgreSQL.
 */
public final class JdbcDeliveryLedger implements DeliveryLedger {
    private static final String DUPLICATE_KEY = "23505";
    private final DataSource dataSource;
    private final Clock clock;

    public JdbcDeliveryLedger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public OptionalLong claim(String mailName, String recipient, long uidFloor) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO inbasket_delivery_ledger (mail_name, recipient, uid_floor, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, mailName);
                insert.setString(2, recipient);
                insert.setLong(3, uidFloor);
                insert.setTimestamp(4, Timestamp.from(clock.instant()));
                insert.executeUpdate();
                return OptionalLong.empty();
            } catch (SQLException e) {
                if (!DUPLICATE_KEY.equals(e.getSQLState())) {
                    throw e;
                }
            }
            try (PreparedStatement select = c.prepareStatement(
                "SELECT uid_floor FROM inbasket_delivery_ledger WHERE mail_name = ? AND recipient = ?")) {
                select.setString(1, mailName);
                select.setString(2, recipient);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        return OptionalLong.of(rs.getLong(1));
                    }
                    throw new SQLException("delivery ledger row vanished during claim");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("delivery ledger unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public int purgeStartedBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM inbasket_delivery_ledger WHERE created_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("delivery ledger unavailable: " + e.getMessage(), e);
        }
    }
}
