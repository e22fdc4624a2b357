package org.inbasket.gateway.services;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.inbasket.mailets.smime.SmimeException;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.ca.CertificateAuthority;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.PrivateKeyDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every local user has an S/MIME key and certificate from the built-in CA, so that mail is encrypted at rest
 * from the first message: issued when the user is created, and at start and in maintenance for any user that
 * has none (users made before this feature, or an issue that failed).
 */
public final class CertificateProvisioning {
    private static final Logger LOGGER = LoggerFactory.getLogger(CertificateProvisioning.class);
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final CertificateAuthority authority;
    private final CertificateDirectory certificates;
    private final PrivateKeyDirectory keys;
    private final Clock clock;

    public CertificateProvisioning(CertificateAuthority authority, CertificateDirectory certificates,
                                   PrivateKeyDirectory keys, Clock clock) {
        this.authority = authority;
        this.certificates = certificates;
        this.keys = keys;
        this.clock = clock;
    }

    /** @return true when a certificate was issued now; false when the user already had a usable one */
    public synchronized boolean ensureCertificate(String address) throws SmimeException {
        boolean hasCertificate = certificates.findEncryptionCertificate(address, clock.instant()).isPresent();
        boolean hasKey = !keys.list(address).isEmpty();
        if (hasCertificate && hasKey) {
            return false;
        }
        return issue(address) != null;
    }

    /**
     * The key and certificate to hand the user (PKCS#12 export) among those filed for the address: one whose
     * certificate is in the directory now (not revoked) first, then the latest to expire, then the latest issued. The
     * dates alone do not decide: a renewal in the same second as the revoked issue, or certificates capped at an
     * existing CA's end, have the same dates, and a revoked key opens none of the new mail.
     */
    public Optional<SmimeIdentity> currentIdentity(String address) {
        return currentIdentity(address, identity -> true);
    }

    /** As {@link #currentIdentity(String)}, among the identities that {@code eligible} accepts. */
    public Optional<SmimeIdentity> currentIdentity(String address, Predicate<SmimeIdentity> eligible) {
        Set<X509Certificate> current = new HashSet<>(certificates.list(address));
        return keys.list(address).stream().filter(eligible).max(Comparator
            .comparing((SmimeIdentity identity) -> current.contains(identity.certificate()))
            .thenComparing(identity -> identity.certificate().getNotAfter())
            .thenComparing(identity -> identity.certificate().getNotBefore()));
    }

    /** Issues a new certificate for the address (also on request, for renewal) and files key and certificate. */
    public synchronized SmimeIdentity issue(String address) throws SmimeException {
        SmimeIdentity identity = authority.issue(address);
        keys.add(address, identity);
        certificates.add(identity.certificate());
        LOGGER.info("Issued an S/MIME certificate for {} (serial {})", address,
            identity.certificate().getSerialNumber().toString(16));
        return identity;
    }

    /**
     * The key of a local domain (stored under the bare domain name): signs for the domain when configured
     * ({@code smime.sign.with}) and decrypts mail that partner gateways encrypt to the domain.
     *
     * @return the domain's current signing identity, issued now if it had none
     */
    public synchronized SmimeIdentity ensureDomainIdentity(String domain) throws SmimeException {
        Optional<SmimeIdentity> current = keys.findSigningKey(domain, clock.instant());
        if (current.isPresent()) {
            return current.get();
        }
        return issueDomain(domain);
    }

    /** Issues a new key and certificate for a local domain (also on request, for renewal). */
    public synchronized SmimeIdentity issueDomain(String domain) throws SmimeException {
        SmimeIdentity identity = authority.issueDomain(domain);
        keys.add(domain, identity);
        LOGGER.info("Issued the S/MIME domain certificate for {} (serial {})", domain,
            identity.certificate().getSerialNumber().toString(16));
        return identity;
    }

    /**
     * As {@link #ensureDomainIdentity}, for every domain with a dot (James's single-label default domain, such as
     * {@code localhost}, gets none); a failure for one is logged and the others go on.
     */
    public void ensureDomainIdentities(Iterable<String> domains) {
        for (String domain : domains) {
            if (!domain.contains(".")) {
                continue;
            }
            try {
                ensureDomainIdentity(domain);
            } catch (SmimeException | RuntimeException e) {
                LOGGER.warn("Could not issue the S/MIME domain certificate for {}: {}", domain, e.getMessage());
            }
        }
    }

    /** Issues where missing; a failure for one address is logged and the others go on. */
    public int ensureAll(Iterable<String> addresses) {
        int issued = 0;
        for (String address : addresses) {
            try {
                if (ensureCertificate(address)) {
                    issued++;
                }
            } catch (SmimeException | RuntimeException e) {
                LOGGER.warn("Could not issue an S/MIME certificate for {}: {}", address, e.getMessage());
            }
        }
        return issued;
    }

    /** Logs a warning per certificate of the CA that expires within 30 days; @return how many */
    public int warnExpiring() {
        try {
            List<java.security.cert.X509Certificate> expiring = authority.expiringWithin(EXPIRY_WARNING);
            for (java.security.cert.X509Certificate certificate : expiring) {
                LOGGER.warn("S/MIME certificate {} (serial {}) expires on {}; issue a new one",
                    certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
            }
            return expiring.size();
        } catch (SmimeException e) {
            LOGGER.warn("Could not list expiring S/MIME certificates: {}", e.getMessage());
            return 0;
        }
    }

    /**
     * Publishes the CA's CRL when there is none or half its validity has passed (at start and in maintenance), so
     * that this gateway's verifier and anyone fetching the CRL always have a current one.
     *
     * @return true when a CRL was written now
     */
    public boolean refreshCrl() {
        try {
            Optional<java.security.cert.X509CRL> written = authority.refreshCrl();
            written.ifPresent(crl -> LOGGER.info("Published the S/MIME CA's CRL ({} revoked, current until {})",
                crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size(),
                crl.getNextUpdate().toInstant()));
            return written.isPresent();
        } catch (SmimeException e) {
            LOGGER.warn("Could not publish the S/MIME CA's CRL: {}", e.getMessage());
            return false;
        }
    }

    public CertificateAuthority authority() {
        return authority;
    }
}
