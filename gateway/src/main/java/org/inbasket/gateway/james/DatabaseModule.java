package org.inbasket.gateway.james;

import java.time.Clock;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

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
 * OpenJPA picks its SQL dialect from the live connection and creates James's tables on first start. Both are
 * opened early, on a thread of their own, by {@link DatabaseStartup}.
 */
public class DatabaseModule extends AbstractModule {
    private final DatabaseStartup startup;

    public DatabaseModule(DatabaseStartup startup) {
        this.startup = startup;
    }

    @Override
    protected void configure() {
        bind(DatabaseSettings.class).toInstance(startup.settings());
    }

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory() {
        return startup.entityManagerFactory();
    }

    @Provides
    @Singleton
    DataSource dataSource() {
        return startup.dataSource();
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
