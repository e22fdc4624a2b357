package org.inbasket.mailets.triage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;

/**
 * An in-memory Derby database with the Flyway migrations of {@code db/inbasket} applied once per JVM;
 * {@link #migrated()} empties the triage tables so every test starts clean.
 */
public final class TestDatabase {
    private static final String[] TABLES = {"inbasket_pool_member", "inbasket_pool", "inbasket_coverage",
        "inbasket_reply_ledger"};
    private static DataSource shared;

    private TestDatabase() {
    }

    public static synchronized DataSource migrated() {
        if (shared == null) {
            EmbeddedDataSource dataSource = new EmbeddedDataSource();
            dataSource.setDatabaseName("memory:triage-" + UUID.randomUUID());
            dataSource.setCreateDatabase("create");
            Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/inbasket")
                .load()
                .migrate();
            shared = dataSource;
        }
        try (Connection c = shared.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clean the test database", e);
        }
        return shared;
    }
}
