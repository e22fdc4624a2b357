package org.inbasket.mailets.delivery;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;

/** The JDBC relay ledger on embedded Derby, with the shipped Flyway migrations applied. */
class JdbcRelayLedgerTest extends RelayLedgerContract {
    private String dbName;

    @Override
    RelayLedger newLedger(Clock clock, Duration lease) {
        dbName = "memory:relay" + UUID.randomUUID().toString().replace("-", "");
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dbName);
        ds.setCreateDatabase("create");
        Flyway.configure().dataSource(ds).locations("classpath:db/inbasket").load().migrate();
        return new JdbcRelayLedger(ds, clock, lease);
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
