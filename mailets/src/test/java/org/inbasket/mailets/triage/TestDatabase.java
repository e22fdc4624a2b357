package org.inbasket.mailets.triage;

import java.util.UUID;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;

/** A fresh in-memory Derby database with the Flyway migrations of {@code db/inbasket} applied. */
public final class TestDatabase {
    private TestDatabase() {
    }

    public static DataSource migrated() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:triage-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/inbasket")
            .load()
            .migrate();
        return dataSource;
    }
}
