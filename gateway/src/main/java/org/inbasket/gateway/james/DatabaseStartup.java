package org.inbasket.gateway.james;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;
import org.flywaydb.core.Flyway;
import org.inbasket.gateway.config.DatabaseSettings;
import org.inbasket.gateway.portal.store.PortalDatabase;

/**
 * Opens the gateway's database on a thread of its own as soon as the settings are known, while the main thread
 * generates keys and assembles James: the embedded Derby database is created or booted, Flyway migrates the
 * gateway's tables, then OpenJPA builds James's tables (its first {@code EntityManager} synchronizes the
 * mappings). On the first start that is about 5 of the 15 to 18 seconds to ready on this two-core machine, and
 * none of it needs the main thread. {@link DatabaseModule} hands out the results; a failure here (wrong URL,
 * password, a migration that does not apply) is rethrown there, where it was thrown before, so startup still
 * stops with the same one-line error.
 */
public final class DatabaseStartup {
    private final DatabaseSettings settings;
    private final CompletableFuture<DataSource> dataSource = new CompletableFuture<>();
    private final CompletableFuture<EntityManagerFactory> entityManagerFactory = new CompletableFuture<>();

    private DatabaseStartup(DatabaseSettings settings) {
        this.settings = settings;
    }

    /** Starts opening the database now (daemon thread {@code database-startup}). */
    public static DatabaseStartup begin(DatabaseSettings settings) {
        DatabaseStartup startup = new DatabaseStartup(settings);
        Thread thread = new Thread(startup::open, "database-startup");
        thread.setDaemon(true);
        thread.start();
        return startup;
    }

    public DatabaseSettings settings() {
        return settings;
    }

    private void open() {
        try {
            dataSource.complete(migratedDataSource());
        } catch (Throwable e) {
            dataSource.completeExceptionally(e);
            entityManagerFactory.completeExceptionally(e);
            return;
        }
        try {
            EntityManagerFactory emf = newEntityManagerFactory();
            // OpenJPA creates James's tables when the first EntityManager is made: do it here, not in the
            // first mailbox operation on the main thread.
            emf.createEntityManager().close();
            entityManagerFactory.complete(emf);
        } catch (Throwable e) {
            entityManagerFactory.completeExceptionally(e);
        }
    }

    private DataSource migratedDataSource() {
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
            // All pending migrations in one transaction: on a new database that is one lock and one commit
            // instead of one per file, and a failed first start leaves no half-made schema behind.
            .group(true)
            .load()
            .migrate();
        return ds;
    }

    private EntityManagerFactory newEntityManagerFactory() {
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

    /** The migrated pool for the gateway's own tables; waits for it, rethrows what failed. */
    DataSource dataSource() {
        return await(dataSource);
    }

    /** James's persistence unit with its tables in place; waits for it, rethrows what failed. */
    EntityManagerFactory entityManagerFactory() {
        return await(entityManagerFactory);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the database was being opened", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
