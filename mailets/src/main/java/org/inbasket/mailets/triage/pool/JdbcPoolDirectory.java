package org.inbasket.mailets.triage.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import javax.mail.internet.AddressException;
import javax.sql.DataSource;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.triage.TriageStoreException;

/**
 * {@link PoolDirectory} in the gateway's database: tables {@code inbasket_pool} and
 * {@code inbasket_pool_member} (Flyway {@code V21__triage_pool_directory.sql}; Derby and PostgreSQL).
 * Addresses are stored as written; a lower-cased key column makes comparisons case-insensitive.
 */
public final class JdbcPoolDirectory implements PoolDirectory {
    private final DataSource dataSource;

    public JdbcPoolDirectory(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TriageStoreException("pool directory: cannot " + what + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public boolean createPool(MailAddress pool) {
        return inTransaction("create a pool", c -> {
            if (exists(c, pool)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbasket_pool (pool_key, address) VALUES (?, ?)")) {
                ps.setString(1, PoolDirectory.key(pool));
                ps.setString(2, pool.asString());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM inbasket_pool_member WHERE member_key = ?")) {
                ps.setString(1, PoolDirectory.key(pool));
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public boolean deletePool(MailAddress pool) {
        return inTransaction("delete a pool", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM inbasket_pool_member WHERE pool_key = ?")) {
                ps.setString(1, PoolDirectory.key(pool));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM inbasket_pool WHERE pool_key = ?")) {
                ps.setString(1, PoolDirectory.key(pool));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean isPool(MailAddress address) {
        return inTransaction("look up a pool", c -> exists(c, address));
    }

    @Override
    public Set<MailAddress> pools() {
        return inTransaction("list pools", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT address FROM inbasket_pool ORDER BY pool_key")) {
                return addresses(ps);
            }
        });
    }

    @Override
    public Set<MailAddress> members(MailAddress pool) {
        return inTransaction("list pool members", c -> {
            if (!exists(c, pool)) {
                throw new UnknownPoolException(pool);
            }
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT member FROM inbasket_pool_member WHERE pool_key = ? ORDER BY member_key")) {
                ps.setString(1, PoolDirectory.key(pool));
                return addresses(ps);
            }
        });
    }

    @Override
    public boolean addMember(MailAddress pool, MailAddress member) {
        return inTransaction("add a pool member", c -> {
            if (!exists(c, pool)) {
                throw new UnknownPoolException(pool);
            }
            if (exists(c, member)) {
                throw new IllegalArgumentException("a pool cannot be a member of a pool: " + member.asString());
            }
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM inbasket_pool_member WHERE pool_key = ? AND member_key = ?")) {
                ps.setString(1, PoolDirectory.key(pool));
                ps.setString(2, PoolDirectory.key(member));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO inbasket_pool_member (pool_key, member_key, member) VALUES (?, ?, ?)")) {
                ps.setString(1, PoolDirectory.key(pool));
                ps.setString(2, PoolDirectory.key(member));
                ps.setString(3, member.asString());
                ps.executeUpdate();
                return true;
            }
        });
    }

    @Override
    public boolean removeMember(MailAddress pool, MailAddress member) {
        return inTransaction("remove a pool member", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM inbasket_pool_member WHERE pool_key = ? AND member_key = ?")) {
                ps.setString(1, PoolDirectory.key(pool));
                ps.setString(2, PoolDirectory.key(member));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Set<MailAddress> poolsOf(MailAddress member) {
        return inTransaction("list pools of a member", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT p.address FROM inbasket_pool p JOIN inbasket_pool_member m ON m.pool_key = p.pool_key "
                    + "WHERE m.member_key = ? ORDER BY p.pool_key")) {
                ps.setString(1, PoolDirectory.key(member));
                return addresses(ps);
            }
        });
    }

    private static boolean exists(Connection c, MailAddress pool) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inbasket_pool WHERE pool_key = ?")) {
            ps.setString(1, PoolDirectory.key(pool));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Set<MailAddress> addresses(PreparedStatement ps) throws SQLException {
        Set<MailAddress> result = new LinkedHashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    result.add(new MailAddress(rs.getString(1)));
                } catch (AddressException e) {
                    throw new SQLException("stored address is invalid", "22000", e);
                }
            }
        }
        return result;
    }
}
