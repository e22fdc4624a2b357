package org.inbasket.mailets.triage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database for the JDBC store tests, migrated by Flyway from {@code db/inbasket} once per JVM;
 * {@link #migrated()} empties the triage tables so every test starts clean. Embedded in-memory Derby by
 * default; PostgreSQL when the system property {@value #POSTGRES_PROPERTY} holds a JDBC URL (for example
 * {@code jdbc:postgresql://127.0.0.1:55433/triage_test?user=inbasket}); that database should be empty.
 */
public final class TestDatabase {
    public static final String POSTGRES_PROPERTY = "inbasket.test.postgres";
    private static final String[] TABLES = {"inbasket_pool_member", "inbasket_pool", "inbasket_coverage",
        "inbasket_reply_ledger", "inbasket_report_patient_message", "inbasket_report_secure_message"};
    private static DataSource shared;

    private TestDatabase() {
    }

    public static synchronized DataSource migrated() {
        if (shared == null) {
            DataSource dataSource = create();
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

    private static DataSource create() {
        String postgres = System.getProperty(POSTGRES_PROPERTY, "");
        if (!postgres.isBlank()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(postgres);
            return dataSource;
        }
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:triage-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }
}
