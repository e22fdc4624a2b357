package org.inbasket.gateway.james;

import java.io.FileNotFoundException;

import javax.inject.Singleton;
import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.inbasket.mailets.delivery.RelayLedger;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The persistent mail queues ({@code spool} between SMTP and the mailets, {@code outgoing} for remote
 * delivery) on an embedded ActiveMQ broker whose KahaDB journal lives in {@code <data>/var/store/activemq}.
 * A message is acknowledged to the SMTP client only once it is in the journal, so it survives a crash.
 * ActiveMQ is 5.17.7 (CVE-2023-46604 fixed); the broker's OpenWire connector listens on loopback only.
 * The queues the mailets use ({@code MailQueueFactory<?>}, RemoteDelivery's among them) relay each mail once:
 * {@link RelayOnceMailQueueFactory} (ADR 0066); the admin API sees the plain queues.
 */
public class MailQueueModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(KahaDBPersistenceAdapter.class).in(Scopes.SINGLETON);
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
        bind(ActiveMQMailQueueFactory.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(EmbeddedActiveMQ broker) {
        return broker.getConnectionFactory();
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(ActiveMQMailQueueFactory factory) {
        factory.setUseJMX(true);
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(MailQueueFactory<? extends ManageableMailQueue> factory, RelayLedger relayLedger) {
        return new RelayOnceMailQueueFactory(factory, relayLedger);
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> plainQueues(ActiveMQMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    ActiveMQConfiguration configuration(PropertiesProvider properties) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(properties.getConfigurations("activemq"));
        } catch (FileNotFoundException e) {
            return ActiveMQConfiguration.getDefault();
        }
    }

    @ProvidesIntoSet
    InitializationOperation startMetrics(ActiveMQMetricCollector collector) {
        return InitilizationOperationBuilder.forClass(ActiveMQMetricCollector.class).init(collector::start);
    }
}
