package org.inbasket.gateway.services;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.inbasket.gateway.portal.PickupPortal;
import org.inbasket.mailets.audit.AuditTrail;
import org.inbasket.mailets.reports.ReportFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs once James is up: certificates for users and local domains that have none, the CA's CRL, the
 * pickup portal's web server, and maintenance every 15 minutes (portal reminders and purges, audit retention, certificate checks, the CA's CRL). Stopped before James.
 */
public final class ClinicalServices {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClinicalServices.class);
    static final long MAINTENANCE_MINUTES = 15;

    private final UsersRepository users;
    private final DomainList domains;
    private final CertificateProvisioning certificates;
    private final PickupPortal portal;
    private final PoolMailboxes poolMailboxes;
    private final AuditTrail auditTrail;
    private final AuditRetention auditRetention;
    private final ReportFacts reportFacts;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    @Inject
    public ClinicalServices(UsersRepository users, DomainList domains, CertificateProvisioning certificates, PickupPortal portal,
                            PoolMailboxes poolMailboxes, AuditTrail auditTrail, AuditRetention auditRetention,
                            ReportFacts reportFacts, Clock clock) {
        this.users = users;
        this.domains = domains;
        this.certificates = certificates;
        this.portal = portal;
        this.poolMailboxes = poolMailboxes;
        this.auditTrail = auditTrail;
        this.auditRetention = auditRetention;
        this.reportFacts = reportFacts;
        this.clock = clock;
    }

    public synchronized void start() throws Exception {
        LOGGER.info(org.inbasket.mailets.smime.CryptoProvider.rsaDescription());
        poolMailboxes.synchronize();
        int issued = certificates.ensureAll(localUsers());
        if (issued > 0) {
            LOGGER.info("Issued S/MIME certificates to {} existing user(s)", issued);
        }
        certificates.ensureDomainIdentities(localDomains(domains));
        certificates.warnExpiring();
        certificates.refreshCrl();
        portal.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "inbasket-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::maintain, MAINTENANCE_MINUTES, MAINTENANCE_MINUTES, TimeUnit.MINUTES);
    }

    /** One maintenance pass; failures are logged, the next pass retries. */
    public void maintain() {
        try {
            PickupPortal.MaintenanceReport report = portal.runMaintenance();
            LOGGER.info("Portal maintenance: {} reminder(s), {} expired message(s) and {} code(s) purged",
                report.reminders(), report.purgedMessages(), report.purgedCodes());
        } catch (Exception e) {
            LOGGER.warn("Portal maintenance failed: {}", e.getMessage());
        }
        purgeAudit();
        try {
            poolMailboxes.synchronize();
            certificates.ensureAll(localUsers());
            certificates.ensureDomainIdentities(localDomains(domains));
            certificates.warnExpiring();
            certificates.refreshCrl();
        } catch (RuntimeException e) {
            LOGGER.warn("Certificate maintenance failed: {}", e.getMessage());
        }
    }

    /**
     * Purges audit entries and report facts older than the retention period; a broken chain is never purged
     * (ERROR).
     */
    void purgeAudit() {
        auditRetention.cutoff(clock.instant()).ifPresent(cutoff -> {
            try {
                int purged = auditTrail.purgeBefore(cutoff);
                if (purged > 0) {
                    LOGGER.info("Audit maintenance: {} entries older than {} purged", purged, cutoff);
                }
            } catch (IllegalStateException e) {
                LOGGER.error("Audit maintenance: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOGGER.warn("Audit maintenance failed: {}", e.getClass().getSimpleName());
            }
            try {
                int purged = reportFacts.purgeBefore(cutoff);
                if (purged > 0) {
                    LOGGER.info("Report maintenance: {} facts older than {} purged", purged, cutoff);
                }
            } catch (RuntimeException e) {
                LOGGER.warn("Report maintenance failed: {}", e.getClass().getSimpleName());
            }
        });
    }

    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        portal.stop();
    }

    public PickupPortal portal() {
        return portal;
    }

    public PoolMailboxes poolMailboxes() {
        return poolMailboxes;
    }

    public CertificateProvisioning certificates() {
        return certificates;
    }

    private List<String> localUsers() {
        List<String> addresses = new ArrayList<>();
        try {
            Iterator<Username> all = users.list();
            while (all.hasNext()) {
                addresses.add(all.next().asString());
            }
        } catch (UsersRepositoryException e) {
            LOGGER.warn("Cannot list users for certificate provisioning: {}", e.getMessage());
        }
        return addresses;
    }

    /**
     * The local mail domains, sorted (certificate provisioning, the autoconfiguration answer); none, with a warning,
     * when the domain list cannot be read.
     */
    static List<String> localDomains(DomainList domains) {
        try {
            return domains.getDomains().stream().map(Domain::asString).sorted().toList();
        } catch (DomainListException e) {
            LOGGER.warn("Cannot list the local domains: {}", e.getMessage());
            return List.of();
        }
    }
}
