package org.inbasket.gateway.services;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Singleton;
import javax.sql.DataSource;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.webadmin.Routes;
import org.apache.mailet.MailetContext;
import org.inbasket.gateway.admin.AuditRoutes;
import org.inbasket.gateway.admin.CertificateRoutes;
import org.inbasket.gateway.admin.CoverageRoutes;
import org.inbasket.gateway.admin.MetricsRoutes;
import org.inbasket.gateway.admin.PickupRoutes;
import org.inbasket.gateway.admin.ReportRoutes;
import org.inbasket.gateway.admin.TriageRoutes;
import org.inbasket.gateway.config.ConfigException;
import org.inbasket.gateway.config.Secrets;
import org.inbasket.gateway.metrics.MailBacklog;
import org.inbasket.gateway.metrics.MeteredReportFacts;
import org.inbasket.gateway.metrics.ReportMetrics;
import org.inbasket.gateway.portal.PickupPortal;
import org.inbasket.gateway.portal.PortalConfiguration;
import org.inbasket.gateway.portal.web.MailClientAutoconfig;
import org.inbasket.gateway.reports.ReportingPickupStore;
import org.inbasket.gateway.reports.Reports;
import org.inbasket.mailets.audit.AuditTrail;
import org.inbasket.mailets.audit.JdbcAuditTrail;
import org.inbasket.mailets.pickup.PickupNotifications;
import org.inbasket.mailets.pickup.PickupStore;
import org.inbasket.mailets.reports.JdbcReportFacts;
import org.inbasket.mailets.reports.ReportFacts;
import org.inbasket.mailets.smime.PemTrustStore;
import org.inbasket.mailets.smime.SmimeException;
import org.inbasket.mailets.smime.SmimeTrustStore;
import org.inbasket.mailets.smime.ca.CertificateAuthority;
import org.inbasket.mailets.smime.ca.CertificateAuthoritySettings;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.JdbcCertificateDirectory;
import org.inbasket.mailets.smime.Pkcs12;
import org.inbasket.mailets.smime.directory.Pkcs12PrivateKeyDirectory;
import org.inbasket.mailets.smime.directory.PrivateKeyDirectory;
import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.autoreply.JdbcReplyLedger;
import org.inbasket.mailets.triage.autoreply.ReplyLedger;
import org.inbasket.mailets.triage.coverage.CombinedCoverageSchedule;
import org.inbasket.mailets.triage.coverage.CoverageSchedule;
import org.inbasket.mailets.triage.coverage.FileCoverageSchedule;
import org.inbasket.mailets.triage.coverage.JdbcCoverageSchedule;
import org.inbasket.mailets.triage.coverage.MutableCoverageSchedule;
import org.inbasket.mailets.triage.pool.JdbcPoolDirectory;
import org.inbasket.mailets.triage.pool.PoolDirectory;
import org.inbasket.mailets.triage.pool.PoolRules;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * The services our mailets inject and the gateway's own long-lived parts: S/MIME keys, certificates and the
 * built-in CA; the triage stores; the pickup portal; the audit trail. Everything persistent is in the gateway's database or
 * under {@code <data>/var}; secrets the gateway makes for itself are owner-only files beside what they guard.
 *
 * @see ClinicalServices for what runs after James has started
 */
public final class ClinicalServicesModule extends AbstractModule {
    private final SmimeCaChoice ca;
    private final Path confDir;
    private final Path runtimeConfDir;
    private final Path dataDir;
    private final Path tlsKeystore;
    private final String tlsPassword;
    private final AuditRetention auditRetention;
    private final MailClientAutoconfig.MailServers mailServers;

    /**
     * @param confDir        the operator's configuration folder (triage files are read and watched there)
     * @param runtimeConfDir the rendered configuration (portal.properties with the gateway's settings filled in)
     * @param auditRetention how long audit entries are kept ({@link Duration#ZERO}: forever)
     * @param mailServers    what the portal's mail client autoconfiguration names (hostname and ports)
     * @param ca             the S/MIME CA to use (built-in or an existing one) and the users' key type
     */
    public ClinicalServicesModule(Path confDir, Path runtimeConfDir, Path dataDir, Path tlsKeystore, String tlsPassword,
                                  Duration auditRetention, MailClientAutoconfig.MailServers mailServers, SmimeCaChoice ca) {
        this.ca = ca;
        this.confDir = confDir;
        this.runtimeConfDir = runtimeConfDir;
        this.dataDir = dataDir;
        this.tlsKeystore = tlsKeystore;
        this.tlsPassword = tlsPassword;
        this.auditRetention = new AuditRetention(auditRetention);
        this.mailServers = mailServers;
    }

    @Override
    protected void configure() {
        bind(CertificateIssuingUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(CertificateIssuingUsersRepository.class);
        bind(ClinicalServices.class).in(Scopes.SINGLETON);
        bind(AuditRetention.class).toInstance(auditRetention);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(ClinicalServicesProbe.class);
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(CertificateRoutes.class);
        routes.addBinding().to(TriageRoutes.class);
        routes.addBinding().to(CoverageRoutes.class);
        routes.addBinding().to(PickupRoutes.class);
        routes.addBinding().to(AuditRoutes.class);
        routes.addBinding().to(MetricsRoutes.class);
        routes.addBinding().to(ReportRoutes.class);
        bind(MailBacklog.class).in(Scopes.SINGLETON);
        bind(ReportMetrics.class).in(Scopes.SINGLETON);
        bind(Reports.class).in(Scopes.SINGLETON);
    }

    private Path smimeDir() {
        return dataDir.resolve("var").resolve("smime");
    }

    @Provides
    @Singleton
    CertificateDirectory certificateDirectory(DataSource dataSource, PoolDirectory pools) {
        return new PoolAwareCertificateDirectory(new JdbcCertificateDirectory(dataSource), pools);
    }

    @Provides
    @Singleton
    PrivateKeyDirectory privateKeyDirectory() {
        String password = Secrets.readOrCreate(smimeDir().resolve("keys.password"));
        // keys.password is generated (Secrets.random(): 32 characters); the fast STORE profile only for such a
        // password: an operator who replaced it with a shorter one keeps the 100,000-iteration files.
        Pkcs12.Profile profile = password.length() >= Pkcs12.STORE_MIN_PASSWORD ? Pkcs12.Profile.STORE : Pkcs12.Profile.MODERN;
        return new Pkcs12PrivateKeyDirectory(smimeDir().resolve("keys"), password.toCharArray(), profile);
    }

    @Provides
    @Singleton
    CertificateAuthority certificateAuthority(Clock clock) {
        CertificateAuthoritySettings settings = CertificateAuthoritySettings.DEFAULT.withCertificateKeyAlgorithm(ca.certificateKey());
        if (ca.keystore().isPresent()) {
            try {
                return CertificateAuthority.openExisting(ca.keystore().get(), ca.keystorePassword().toCharArray(),
                    smimeDir().resolve("ca"), settings, clock);
            } catch (SmimeException e) {
                throw new ConfigException("smime.ca.keystore " + ca.keystore().get() + ": cannot use it as the S/MIME CA: "
                    + e.getMessage(), e);
            }
        }
        String password = Secrets.readOrCreate(smimeDir().resolve("ca.password"));
        try {
            return CertificateAuthority.openOrCreate(smimeDir().resolve("ca"), password.toCharArray(), settings, clock);
        } catch (SmimeException e) {
            throw new ConfigException(smimeDir().resolve("ca") + ": cannot open or create the S/MIME CA: "
                + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    CertificateProvisioning certificateProvisioning(CertificateAuthority authority, CertificateDirectory certificates,
                                                    PrivateKeyDirectory keys, Clock clock) {
        return new CertificateProvisioning(authority, certificates, keys, clock);
    }

    /** Trust anchors: the built-in CA (with its CRL) and whatever the operator puts in {@code conf/smime/trust/}. */
    @Provides
    @Singleton
    SmimeTrustStore trustStore(CertificateAuthority authority) {
        List<Path> locations = new ArrayList<>();
        locations.add(authority.stateDirectory());
        Path operatorAnchors = confDir.resolve("smime").resolve("trust");
        if (Files.isDirectory(operatorAnchors)) {
            locations.add(operatorAnchors);
        }
        return new PemTrustStore(locations);
    }

    /** The hash-chained audit trail, in the gateway's database: the mailets' {@code Audit} steps and the portal write to it. */
    @Provides
    @Singleton
    AuditTrail auditTrail(DataSource dataSource, Clock clock) {
        return new JdbcAuditTrail(dataSource, clock);
    }

    /** Content-free facts for the reports (ADR 0052); recording them also feeds the response-time metrics. */
    @Provides
    @Singleton
    ReportFacts reportFacts(DataSource dataSource, ReportMetrics metrics) {
        return new MeteredReportFacts(new JdbcReportFacts(dataSource), metrics);
    }

    @Provides
    @Singleton
    ReplyLedger replyLedger(DataSource dataSource) {
        return new JdbcReplyLedger(dataSource);
    }

    /** Pools from {@code conf/triage/pools.conf} are written into the database at start; the admin API adds more. */
    @Provides
    @Singleton
    PoolDirectory poolDirectory(DataSource dataSource) {
        JdbcPoolDirectory directory = new JdbcPoolDirectory(dataSource);
        Path file = confDir.resolve("triage").resolve("pools.conf");
        if (Files.isRegularFile(file)) {
            try {
                PoolRules.load(file).seedInto(directory);
            } catch (ConfException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
        return directory;
    }

    @Provides
    @Singleton
    CombinedCoverageSchedule coverageSchedule(DataSource dataSource, Clock clock) {
        try {
            return new CombinedCoverageSchedule(
                new FileCoverageSchedule(confDir.resolve("triage").resolve("coverage.conf"), clock, Duration.ofSeconds(2)),
                new JdbcCoverageSchedule(dataSource));
        } catch (ConfException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    @Provides
    CoverageSchedule coverage(CombinedCoverageSchedule schedule) {
        return schedule;
    }

    @Provides
    MutableCoverageSchedule mutableCoverage(CombinedCoverageSchedule schedule) {
        return schedule;
    }

    @Provides
    @Singleton
    PickupPortal pickupPortal(DataSource dataSource, MailetContext mailetContext, Clock clock, AuditTrail auditTrail,
                              DomainList domains, UsersRepository users, PoolDirectory pools,
                              CertificateProvisioning provisioning, CertificateAuthority authority, ReportFacts reportFacts) {
        PortalConfiguration configuration = PortalConfiguration.load(runtimeConfDir.resolve("portal.properties"));
        return PickupPortal.builder()
            .configuration(configuration)
            .dataSource(dataSource)
            .gatewayKeyFile(dataDir.resolve("keys").resolve("portal.key"))
            .keyStore(loadKeyStore(), tlsPassword.toCharArray())
            .mailSubmitter(new MailetContextSubmitter(mailetContext))
            .auditSink(new TrailAuditSink(auditTrail))
            .mailClientAutoconfig(mailServers, () -> ClinicalServices.localDomains(domains))
            .clinicianKeys(new ClinicianKeyExport(users, pools, provisioning, authority))
            .pickupStoreDecorator(store -> new ReportingPickupStore(store, reportFacts, clock))
            .clock(clock)
            .build();
    }

    @Provides
    PickupStore pickupStore(PickupPortal portal) {
        return portal.pickupStore();
    }

    @Provides
    PickupNotifications pickupNotifications(PickupPortal portal) {
        return portal.notifications();
    }

    private KeyStore loadKeyStore() {
        try (InputStream in = Files.newInputStream(tlsKeystore)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, tlsPassword.toCharArray());
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(tlsKeystore + ": cannot open the TLS keystore for the portal: " + e.getMessage(), e);
        }
    }
}
