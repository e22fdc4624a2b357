package org.inbasket.mailets.delivery;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;

/** The JDBC ledger on embedded Derby, with the shipped Flyway migration applied. */
class JdbcDeliveryLedgerTest extends DeliveryLedgerContract {
    private String dbName;

    @Override
    DeliveryLedger newLedger(Clock clock) {
        dbName = "memory:ledger" + UUID.randomUUID().toString().replace("-", "");
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dbName);
        ds.setCreateDatabase("create");
        Flyway.configure().dataSource(ds).locations("classpath:db/inbasket").load().migrate();
        return new JdbcDeliveryLedger(ds, clock);
    }

    @AfterEach
    void dropDatabase() {
        try (Connection ignored = DriverManager.getConnection("jdbc:derby:" + dbName + ";drop=true")) {
            // unreachable: Derby signals a successful drop with an exception
        } catch (SQLException expected) {
            // 08006: database dropped
        }
    }
}
