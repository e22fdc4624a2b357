package org.inbasket.gateway.portal;

import java.util.UUID;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.inbasket.gateway.portal.store.PortalDatabase;

/** Fresh in-memory Derby databases with the gateway's migrations applied. */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static DataSource migratedDerby() {
        System.setProperty("derby.stream.error.file", "target/derby.log");
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:portal-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        PortalDatabase.migrate(dataSource);
        return dataSource;
    }
}
