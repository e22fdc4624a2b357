package org.inbasket.gateway.portal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.mail.MessagingException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.sql.DataSource;

import org.apache.james.core.MailAddress;

import org.inbasket.gateway.portal.auth.AccountStoreException;
import org.inbasket.gateway.portal.auth.JdbcPortalAccountStore;
import org.inbasket.gateway.portal.auth.PasswordHasher;
import org.inbasket.gateway.portal.auth.PortalAccountStore;
import org.inbasket.gateway.portal.store.GatewayKey;
import org.inbasket.gateway.portal.store.JdbcPickupStore;
import org.inbasket.gateway.portal.web.FailureLimiter;
import org.inbasket.gateway.portal.web.InFlightExchanges;
import org.inbasket.gateway.portal.web.MailClientAutoconfig;
import org.inbasket.gateway.portal.web.PortalContext;
import org.inbasket.gateway.portal.web.PortalHandler;
import org.inbasket.gateway.portal.web.PortalMail;
import org.inbasket.gateway.portal.web.SessionManager;
import org.inbasket.gateway.portal.web.Templates;
import org.inbasket.mailets.pickup.PickupNotifications;
import org.inbasket.mailets.pickup.PickupStore;
import org.inbasket.mailets.pickup.PickupStoreException;
import org.inbasket.mailets.pickup.PickupSummary;
import org.inbasket.mailets.pickup.TemplatePickupNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * The secure pickup portal: the web server patients use, plus the pickup store and notification composer that
 * the {@code StoreForPickup} mailet needs.
 *
 * <p>Build it once with {@link #builder()}, bind {@link #pickupStore()} and {@link #notifications()} for the
 * mailet, call {@link #start()} with the server and {@link #stop()} at shutdown, and schedule
 * {@link #runMaintenance()} (for example every 15 minutes). {@link #revoke} and {@link #revokeByRfcMessageId}
 * serve the admin API.</p>
 *
 * <p>Server: the JDK's {@code com.sun.net.httpserver} ({@link HttpsServer} with the given key store, TLS 1.2
 * and 1.3 only; or plain HTTP when {@code tls=false}, for a TLS-terminating reverse proxy). See ADR 0030.</p>
 *
 * <p>SECURITY: this is the gateway's only Internet-facing web surface for patients. See {@code docs/portal.md}
 * for the threat model.</p>
 */
public final class PickupPortal {
    private static final Logger LOGGER = LoggerFactory.getLogger(PickupPortal.class);
    /** How long stop() lets requests in progress finish. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final PortalConfiguration config;
    private final PickupStore pickupStore;
    private final PortalAccountStore accounts;
    private final TemplatePickupNotifications notifications;
    private final PortalContext context;
    private final Optional<SSLContext> sslContext;
    private final Optional<MailClientAutoconfig.MailServers> mailServers;
    private final Supplier<List<String>> mailDomains;
    private final Optional<ClinicianKeys> clinicianKeys;
    private HttpServer server;
    private InFlightExchanges inFlight;
    private ExecutorService executor;

    /** What one maintenance run did. */
    public record MaintenanceReport(int reminders, int purgedMessages, int purgedCodes, int liveSessions) {
    }

    private PickupPortal(Builder b) {
        this.config = Objects.requireNonNull(b.config, "configuration");
        this.mailServers = Optional.ofNullable(b.mailServers);
        this.mailDomains = b.mailDomains;
        this.clinicianKeys = Optional.ofNullable(b.clinicianKeys);
        MailSubmitter submitter = Objects.requireNonNull(b.submitter, "mailSubmitter");
        AuditSink audit = Objects.requireNonNull(b.audit, "auditSink");
        Clock clock = Objects.requireNonNull(b.clock, "clock");
        GatewayKey key = b.gatewayKey != null ? b.gatewayKey
            : GatewayKey.loadOrCreate(Objects.requireNonNull(b.gatewayKeyFile, "gatewayKeyFile or gatewayKey"));
        PickupStore store;
        if (b.pickupStore != null && b.accounts != null) {
            store = b.pickupStore;
            this.accounts = b.accounts;
        } else {
            DataSource dataSource = Objects.requireNonNull(b.dataSource, "dataSource (or both stores)");
            store = b.pickupStore != null ? b.pickupStore
                : new JdbcPickupStore(dataSource, key, clock, config.linkExpiry());
            this.accounts = b.accounts != null ? b.accounts : new JdbcPortalAccountStore(dataSource);
        }
        this.pickupStore = b.pickupStoreDecorator == null ? store : b.pickupStoreDecorator.apply(store);
        this.notifications = new TemplatePickupNotifications(config.clinicName(), config.clinicPhone(),
            config.publicUrl(), config.mailFrom(), config.templatesDir(), config.timeZone());
        PortalMail mail = new PortalMail(config.clinicName(), config.clinicPhone(), config.publicUrl().toString(),
            config.mailFrom(), config.templatesDir(), config.timeZone());
        this.context = new PortalContext(config, pickupStore, accounts, key,
            b.hasher != null ? b.hasher : new PasswordHasher(), submitter, audit, clock,
            new SessionManager(clock, config.sessionIdleTimeout(), config.sessionMaxAge(), config.sessionMaxCount()),
            new FailureLimiter(clock, config.rateLimitFailures(), config.rateLimitWindow()), new Templates(), mail);
        if (config.tls()) {
            if (b.keyStore == null) {
                throw new PortalConfigurationException(config.source() + ": tls=true needs the gateway's key store "
                    + "(PickupPortal.Builder.keyStore)");
            }
            this.sslContext = Optional.of(sslContext(b.keyStore, b.keyPassword));
        } else {
            this.sslContext = Optional.empty();
        }
    }

    private static SSLContext sslContext(KeyStore keyStore, char[] password) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, password);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(factory.getKeyManagers(), null, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new PortalConfigurationException("Portal: the key store cannot be used for TLS ("
                + e.getMessage() + ")", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The store the {@code StoreForPickup} mailet writes to (bind it in Guice). */
    public PickupStore pickupStore() {
        return pickupStore;
    }

    /** The notification composer the {@code StoreForPickup} mailet uses (bind it in Guice). */
    public PickupNotifications notifications() {
        return notifications;
    }

    public PortalConfiguration configuration() {
        return config;
    }

    /** Starts the web server; does nothing when {@code enabled=false}. */
    public synchronized void start() throws IOException {
        if (!config.enabled() || server != null) {
            return;
        }
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: about 40 ms
        // per response. The JDK reads this once, when its first HTTP server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        if (sslContext.isPresent()) {
            HttpsServer https = HttpsServer.create(address, 128);
            SSLContext ssl = sslContext.get();
            https.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setProtocols(Arrays.stream(ssl.getProtocols())
                        .filter(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2")).toArray(String[]::new));
                    parameters.setSSLParameters(ssl);
                }
            });
            server = https;
        } else {
            server = HttpServer.create(address, 128);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "portal-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = Executors.newFixedThreadPool(config.threads(), threads);
        server.setExecutor(executor);
        inFlight = new InFlightExchanges();
        server.createContext("/", new PortalHandler(context, clinicianKeys)).getFilters().add(inFlight);
        if (mailServers.isPresent()) {
            MailClientAutoconfig autoconfig = new MailClientAutoconfig(mailServers.get(), config.clinicName(), mailDomains);
            MailClientAutoconfig.PATHS.forEach(path -> server.createContext(path, autoconfig).getFilters().add(inFlight));
        }
        server.start();
        LOGGER.info("Portal listening on {}:{} ({})", config.bindAddress(), boundPort(),
            sslContext.isPresent() ? "HTTPS" : "plain HTTP behind a proxy");
    }

    /** The port the server listens on (useful with {@code port=0}); -1 when not started. */
    public synchronized int boundPort() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    /**
     * Stops the web server, letting requests in progress finish for up to two seconds; returns at once when none
     * is in progress (the JDK server's own {@code stop(2)} would always wait the two seconds).
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            if (!inFlight.awaitIdle(STOP_GRACE)) {
                LOGGER.info("Portal stopping with {} request(s) still in progress", inFlight.count());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        executor = null;
        inFlight = null;
    }

    /**
     * Periodic work: reminds patients of messages unopened for {@code unread.reminder.after} (once per message)
     * and tells the sender; deletes expired messages and codes; forgets expired sessions and rate-limit windows.
     * Reminder failures are logged and retried at the next run.
     */
    public MaintenanceReport runMaintenance() throws PickupStoreException, AccountStoreException {
        Instant now = context.clock().instant();
        int reminders = 0;
        if (!config.unreadReminderAfter().isZero()) {
            List<PickupSummary> due = pickupStore.unopenedAndNotReminded(now.minus(config.unreadReminderAfter()), now);
            for (PickupSummary summary : due) {
                if (remind(summary, now)) {
                    reminders++;
                }
            }
        }
        int purged = pickupStore.purgeExpired(now);
        int codes = accounts.purgeCodes(now);
        context.limiter().purge();
        int sessions = context.sessions().purge();
        return new MaintenanceReport(reminders, purged, codes, sessions);
    }

    private boolean remind(PickupSummary summary, Instant now) throws PickupStoreException {
        try {
            context.submitter().sendToPatient(config.mailFrom(), summary.patient(),
                context.mail().reminder(summary.patient(), summary.createdAt(), summary.expiresAt()));
            pickupStore.markReminded(summary.messageId(), now);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Reminder for message {} not sent: {}", summary.messageId(), e.getClass().getSimpleName());
            return false;
        }
        context.audit().record(new AuditEvent(now, AuditAction.REMINDER_SENT, summary.patient().asString(), "-",
            Optional.of(summary.messageId())));
        try {
            context.submitter().sendToStaff(config.mailFrom(), summary.counterpart(), context.mail().unreadNotice(
                summary.counterpart(), summary.patient(), summary.rfcMessageId(), summary.createdAt()));
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Unread notice for message {} not sent: {}", summary.messageId(), e.getClass().getSimpleName());
        }
        return true;
    }

    /**
     * The messages a patient can still see on the portal (admin API: to find one to revoke), oldest first;
     * expired and revoked ones are left out.
     */
    public List<PickupSummary> visibleTo(MailAddress patient) throws PickupStoreException {
        return pickupStore.listForPatient(patient, context.clock().instant());
    }

    /**
     * Revokes one stored message (admin API): its link and page stop working at once.
     *
     * @param actor who revoked it, for the audit trail
     * @return false if the message is unknown or already revoked
     */
    public boolean revoke(String messageId, String actor) throws PickupStoreException {
        boolean revoked = pickupStore.revoke(messageId, context.clock().instant());
        if (revoked) {
            context.audit().record(new AuditEvent(context.clock().instant(), AuditAction.REVOKE, actor, "-",
                Optional.of(messageId)));
        }
        return revoked;
    }

    /**
     * Revokes every copy stored from the original with this Message-ID (the clinician finds it in their Sent
     * folder). Returns how many were revoked.
     */
    public int revokeByRfcMessageId(String rfcMessageId, String actor) throws PickupStoreException {
        int count = pickupStore.revokeByRfcMessageId(rfcMessageId, context.clock().instant());
        if (count > 0) {
            context.audit().record(new AuditEvent(context.clock().instant(), AuditAction.REVOKE, actor, "-",
                Optional.empty()));
        }
        return count;
    }

    /** Builds a {@link PickupPortal}. Required: configuration, mail submitter, audit sink, and either a data source
     * (JDBC stores) or both stores; the gateway key as a file or a key; a key store when {@code tls=true}. */
    public static final class Builder {
        private PortalConfiguration config;
        private DataSource dataSource;
        private PickupStore pickupStore;
        private PortalAccountStore accounts;
        private Path gatewayKeyFile;
        private GatewayKey gatewayKey;
        private KeyStore keyStore;
        private char[] keyPassword;
        private MailSubmitter submitter;
        private AuditSink audit;
        private Clock clock = Clock.systemUTC();
        private PasswordHasher hasher;
        private MailClientAutoconfig.MailServers mailServers;
        private Supplier<List<String>> mailDomains;
        private ClinicianKeys clinicianKeys;
        private java.util.function.UnaryOperator<PickupStore> pickupStoreDecorator;

        private Builder() {
        }

        public Builder configuration(PortalConfiguration value) {
            this.config = value;
            return this;
        }

        /** The gateway's database, migrated with {@code PortalDatabase.placeholders}; used for both stores. */
        public Builder dataSource(DataSource value) {
            this.dataSource = value;
            return this;
        }

        /** Replaces the JDBC pickup store (tests: an in-memory store). */
        public Builder pickupStore(PickupStore value) {
            this.pickupStore = value;
            return this;
        }

        /** Wraps the pickup store the portal and the mailets use (the gateway's reports listen to it). */
        public Builder pickupStoreDecorator(java.util.function.UnaryOperator<PickupStore> value) {
            this.pickupStoreDecorator = value;
            return this;
        }

        /** Replaces the JDBC account store (tests). */
        public Builder accountStore(PortalAccountStore value) {
            this.accounts = value;
            return this;
        }

        /** The gateway key file, created at first start (such as {@code <data>/keys/portal.key}). */
        public Builder gatewayKeyFile(Path value) {
            this.gatewayKeyFile = value;
            return this;
        }

        public Builder gatewayKey(GatewayKey value) {
            this.gatewayKey = value;
            return this;
        }

        /** The key store holding the portal's TLS key and certificate chain, and the key's password. */
        public Builder keyStore(KeyStore value, char[] password) {
            this.keyStore = value;
            this.keyPassword = password == null ? null : password.clone();
            return this;
        }

        public Builder mailSubmitter(MailSubmitter value) {
            this.submitter = value;
            return this;
        }

        public Builder auditSink(AuditSink value) {
            this.audit = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * Serves mail client autoconfiguration for these servers (Thunderbird, Outlook); none when not set.
         *
         * @param domains the gateway's local mail domains, asked at each request
         */
        public Builder mailClientAutoconfig(MailClientAutoconfig.MailServers value, Supplier<List<String>> domains) {
            this.mailServers = value;
            this.mailDomains = Objects.requireNonNull(domains, "domains");
            return this;
        }

        /** Serves the clinician certificate page ({@code /clinician/certificate}) with these keys; none when not set. */
        public Builder clinicianKeys(ClinicianKeys value) {
            this.clinicianKeys = value;
            return this;
        }

        /** Replaces the default Argon2id cost (tests use a cheap one). */
        public Builder passwordHasher(PasswordHasher value) {
            this.hasher = value;
            return this;
        }

        /**
         * @throws PortalConfigurationException or {@link NullPointerException} naming what is missing or unusable
         */
        public PickupPortal build() {
            return new PickupPortal(this);
        }
    }
}
