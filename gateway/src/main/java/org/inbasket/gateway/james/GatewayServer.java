package org.inbasket.gateway.james;

import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.events.EventBus;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.InconsistencyQuotasSolvingRoutesModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.MailetContainerModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.ReIndexingModule;
import org.apache.james.modules.server.SieveRoutesModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminReIndexingTaskSerializationModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.utils.GuiceProbe;
import org.inbasket.gateway.admin.AdminToken;
import org.inbasket.gateway.admin.AdminTokenModule;
import org.inbasket.gateway.config.ConfigException;
import org.inbasket.gateway.config.DatabaseSettings;
import org.inbasket.gateway.services.ClinicalServices;
import org.inbasket.gateway.services.ClinicalServicesProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.util.Modules;

/**
 * The gateway as a Guice assembly of James 3.8.1 modules and our own: SMTP (MX and submission), IMAP and
 * IMAPS, WebAdmin (behind the admin token), the mailet container reading {@code mailetcontainer.xml}, JPA storage, Lucene search and
 * the ActiveMQ queues. POP3, LMTP, ManageSieve, JMX and JMAP are deliberately absent.
 */
public final class GatewayServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayServer.class);

    private final GuiceJamesServer james;
    private final DatabaseStartup databaseStartup;
    private final DatabaseSettings database;
    private volatile boolean stopped;
    private volatile ClinicalServices services;

    /** @param adminToken the bearer token every WebAdmin request must carry (replaces James's JWT or no-auth filter) */
    public GatewayServer(Configuration configuration, DatabaseStartup databaseStartup, AdminToken adminToken,
                         List<Module> extraModules) {
        this.databaseStartup = databaseStartup;
        this.database = databaseStartup.settings();
        Module protocols = Modules.combine(
            new ProtocolHandlerModule(),
            new SMTPServerModule(),
            new IMAPServerModule(),
            Modules.override(new WebAdminServerModule()).with(new AdminTokenModule(adminToken)),
            new NoJwtModule(),
            new DataRoutesModules(),
            new MailboxRoutesModule(),
            new InconsistencyQuotasSolvingRoutesModule(),
            new MailQueueRoutesModule(),
            new MailRepositoriesRoutesModule(),
            new ReIndexingModule(),
            new WebAdminReIndexingTaskSerializationModule(),
            new SieveRoutesModule());
        Module storage = Modules.combine(
            new DatabaseModule(databaseStartup),
            new DataModule(),
            new MailboxModule(),
            new MailboxStoreModule(),
            Modules.override(new DefaultEventModule()).with(new SafeEventBusModule()),
            new MemoryDeadLetterModule(),
            new MailQueueModule(),
            new NaiveDelegationStoreModule(),
            new RawPostDequeueDecoratorModule(),
            new TaskManagerModule());
        this.james = GuiceJamesServer.forConfiguration(configuration)
            .combineWith(new MailetProcessingModule(), storage, protocols, new GatewayCoreModule())
            .combineWith(extraModules);
    }

    /** James's event wiring with the mailbox event bus replaced by {@link ConcurrentInVmEventBus}. */
    private static final class SafeEventBusModule extends AbstractModule {
        @Override
        protected void configure() {
            bind(ConcurrentInVmEventBus.class).in(Scopes.SINGLETON);
            bind(EventBus.class).to(ConcurrentInVmEventBus.class);
        }
    }

    /** Wiring that belongs to the gateway itself rather than to any one James service. */
    private static final class GatewayCoreModule extends AbstractModule {
        @Override
        protected void configure() {
            // mailetcontainer.xml must define its processors: no silent fallback to a built-in pipeline.
            bind(MailetContainerModule.DefaultProcessorsConfigurationSupplier.class).toInstance(() -> {
                throw new ConfigException("mailetcontainer.xml: no <processors> element: the gateway ships no "
                    + "fallback pipeline");
            });
            Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(GatewayProbe.class);
        }
    }

    /** Starts James, then the gateway's own services (certificates, portal, maintenance). */
    public void start() throws Exception {
        james.start();
        services = james.getProbe(ClinicalServicesProbe.class).services();
        services.start();
    }

    public <T extends GuiceProbe> T probe(Class<T> type) {
        return james.getProbe(type);
    }

    /** Stops James (protocols, spooler, queues) and then closes the database. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (services != null) {
            try {
                services.stop();
            } catch (RuntimeException e) {
                LOGGER.warn("error while stopping the gateway's services", e);
            }
        }
        try {
            james.stop();
        } catch (RuntimeException e) {
            LOGGER.warn("error while stopping James services", e);
        }
        shutdownEmbeddedDerby();
    }

    private void shutdownEmbeddedDerby() {
        if (!database.isEmbeddedDerby()) {
            return;
        }
        try {
            java.sql.DriverManager.getConnection("jdbc:derby:;shutdown=true");
        } catch (java.sql.SQLException e) {
            // Derby reports a successful system shutdown as SQLState XJ015.
            if (!"XJ015".equals(e.getSQLState())) {
                LOGGER.warn("embedded database did not shut down cleanly: {}", e.getMessage());
            }
        }
    }
}
