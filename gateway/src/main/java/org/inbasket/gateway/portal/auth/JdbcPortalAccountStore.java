package org.inbasket.gateway.portal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * {@link PortalAccountStore} in the gateway's database (tables from {@code V31__portal_accounts.sql}).
 *
 * <p>Failure: SQL errors become {@link AccountStoreException} with the operation and SQLState.</p>
 */
public class JdbcPortalAccountStore implements PortalAccountStore {
    private final DataSource dataSource;

    public JdbcPortalAccountStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T transaction(String operation, Work<T> work) throws AccountStoreException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new AccountStoreException("Account store: " + operation + " failed (SQLState " + e.getSQLState()
                + ")", e);
        }
    }

    @Override
    public Optional<Account> find(String address) throws AccountStoreException {
        return transaction("find", connection -> select(connection, address));
    }

    private static Optional<Account> select(Connection connection, String address) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT password_hash, failed_logins, "
            + "locked_until, created_at FROM portal_account WHERE address = ?")) {
            select.setString(1, address);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Account(address, rows.getString(1), rows.getInt(2),
                    Instant.ofEpochMilli(rows.getLong(3)), Instant.ofEpochMilli(rows.getLong(4))));
            }
        }
    }

    @Override
    public void setPassword(String address, String passwordHash, Instant now) throws AccountStoreException {
        transaction("set password", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE portal_account SET password_hash = ?, "
                + "failed_logins = 0, locked_until = 0, updated_at = ? WHERE address = ?")) {
                update.setString(1, passwordHash);
                update.setLong(2, now.toEpochMilli());
                update.setString(3, address);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO portal_account (address, "
                + "password_hash, failed_logins, locked_until, created_at, updated_at) VALUES (?,?,0,0,?,?)")) {
                insert.setString(1, address);
                insert.setString(2, passwordHash);
                insert.setLong(3, now.toEpochMilli());
                insert.setLong(4, now.toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Instant> recordFailedLogin(String address, Instant now, int maxFailures, Duration lockout)
        throws AccountStoreException {
        return transaction("record failed login", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE portal_account SET failed_logins = failed_logins + 1, updated_at = ? WHERE address = ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, address);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            Account account = select(connection, address).orElseThrow();
            if (account.failedLogins() < maxFailures) {
                return Optional.empty();
            }
            Instant until = now.plus(lockout);
            try (PreparedStatement lock = connection.prepareStatement(
                "UPDATE portal_account SET failed_logins = 0, locked_until = ? WHERE address = ?")) {
                lock.setLong(1, until.toEpochMilli());
                lock.setString(2, address);
                lock.executeUpdate();
            }
            return Optional.of(until);
        });
    }

    @Override
    public void recordSuccessfulLogin(String address) throws AccountStoreException {
        transaction("record login", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE portal_account SET failed_logins = 0 WHERE address = ? AND failed_logins <> 0")) {
                update.setString(1, address);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void putCode(String address, CodePurpose purpose, String codeHash, Instant expiresAt)
        throws AccountStoreException {
        transaction("put code", connection -> {
            deleteCode(connection, address, purpose);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO portal_code (address, purpose, "
                + "code_hash, expires_at, attempts) VALUES (?,?,?,?,0)")) {
                insert.setString(1, address);
                insert.setString(2, purpose.name());
                insert.setString(3, codeHash);
                insert.setLong(4, expiresAt.toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        });
    }

    private static void deleteCode(Connection connection, String address, CodePurpose purpose) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM portal_code WHERE address = ? AND purpose = ?")) {
            delete.setString(1, address);
            delete.setString(2, purpose.name());
            delete.executeUpdate();
        }
    }

    @Override
    public CodeCheck useCode(String address, CodePurpose purpose, String codeHash, Instant now, int maxAttempts)
        throws AccountStoreException {
        return transaction("use code", connection -> {
            String stored;
            long expiresAt;
            int attempts;
            try (PreparedStatement select = connection.prepareStatement("SELECT code_hash, expires_at, attempts "
                + "FROM portal_code WHERE address = ? AND purpose = ?")) {
                select.setString(1, address);
                select.setString(2, purpose.name());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return CodeCheck.UNAVAILABLE;
                    }
                    stored = rows.getString(1);
                    expiresAt = rows.getLong(2);
                    attempts = rows.getInt(3);
                }
            }
            if (expiresAt <= now.toEpochMilli() || attempts >= maxAttempts) {
                deleteCode(connection, address, purpose);
                return CodeCheck.UNAVAILABLE;
            }
            if (MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                codeHash.getBytes(StandardCharsets.US_ASCII))) {
                deleteCode(connection, address, purpose);
                return CodeCheck.VALID;
            }
            if (attempts + 1 >= maxAttempts) {
                deleteCode(connection, address, purpose);
            } else {
                try (PreparedStatement update = connection.prepareStatement("UPDATE portal_code SET attempts = "
                    + "attempts + 1 WHERE address = ? AND purpose = ?")) {
                    update.setString(1, address);
                    update.setString(2, purpose.name());
                    update.executeUpdate();
                }
            }
            return CodeCheck.WRONG;
        });
    }

    @Override
    public int purgeCodes(Instant now) throws AccountStoreException {
        return transaction("purge codes", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM portal_code WHERE expires_at <= ?")) {
                delete.setLong(1, now.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }
}
