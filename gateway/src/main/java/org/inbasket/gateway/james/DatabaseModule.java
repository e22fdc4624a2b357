package org.inbasket.gateway.james;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;
import org.flywaydb.core.Flyway;
import org.inbasket.gateway.portal.store.PortalDatabase;
import org.inbasket.gateway.config.DatabaseSettings;
import org.inbasket.mailets.delivery.DeliveryLedger;
import org.inbasket.mailets.delivery.JdbcDeliveryLedger;
import org.inbasket.mailets.delivery.JdbcRelayLedger;
import org.inbasket.mailets.delivery.RelayLedger;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The gateway's database: one {@link EntityManagerFactory} (persistence unit {@code Global}, our
 * {@code META-INF/persistence.xml}) for James's JPA mailboxes, users, domains, recipient rewrites, sieve
 * scripts and mail repositories, and one pooled {@link DataSource} on the same database for the
 * gateway's own tables, migrated by Flyway from {@code classpath:db/inbasket} when first used. Embedded Derby under the data directory unless a PostgreSQL URL is configured;
 * OpenJPA picks its SQL dialect from the live connection and creates James's tables on first start.
 */
public class DatabaseModule extends AbstractModule {
    private final DatabaseSettings settings;

    public DatabaseModule(DatabaseSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(DatabaseSettings.class).toInstance(settings);
    }

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName", settings.driverClass());
        properties.put("openjpa.ConnectionURL", settings.url());
        if (!settings.user().isEmpty()) {
            properties.put("openjpa.ConnectionUserName", settings.user());
            properties.put("openjpa.ConnectionPassword", settings.password());
        }
        properties.put("openjpa.ConnectionProperties",
            "MaxTotal=" + settings.maxConnections() + ",TestOnBorrow=true,MaxWaitMillis=30000");
        properties.put("openjpa.Multithreaded", "true");
        properties.put("openjpa.Log", "DefaultLevel=WARN, Runtime=WARN, Tool=WARN, SQL=WARN");
        return Persistence.createEntityManagerFactory("Global", properties);
    }

    @Provides
    @Singleton
    DataSource dataSource() {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriverClassName(settings.driverClass());
        ds.setUrl(settings.url());
        if (!settings.user().isEmpty()) {
            ds.setUsername(settings.user());
            ds.setPassword(settings.password());
        }
        ds.setMaxTotal(settings.maxConnections());
        ds.setTestOnBorrow(true);
        ds.setDefaultAutoCommit(true);
        Flyway.configure()
            .dataSource(ds)
            .locations("classpath:db/inbasket")
            .placeholders(PortalDatabase.placeholders(ds))
            .table("inbasket_schema_history")
            .baselineOnMigrate(true)
            .baselineVersion("0")
            // Each area has its own version range (ADR 0002): a database at V40 must still take a new V2.
            .outOfOrder(true)
            .load()
            .migrate();
        return ds;
    }

    @Provides
    @Singleton
    DeliveryLedger deliveryLedger(DataSource dataSource) {
        return new JdbcDeliveryLedger(dataSource, Clock.systemUTC());
    }

    @Provides
    @Singleton
    RelayLedger relayLedger(DataSource dataSource) {
        return new JdbcRelayLedger(dataSource, Clock.systemUTC(), RelayOnceMailQueueFactory.LEASE);
    }
}
