package org.inbasket.gateway.services;

import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.inbasket.gateway.portal.ClinicianKeys;
import org.inbasket.mailets.smime.Pkcs12;
import org.inbasket.mailets.smime.SmimeCertificates;
import org.inbasket.mailets.smime.SmimeException;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.ca.CertificateAuthority;
import org.inbasket.mailets.triage.pool.PoolDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClinicianKeys} over James's users repository (the password IMAP and SMTP AUTH check), the pool
 * directory, the private key directory and the built-in CA; the PKCS#12 is the admin API's export.
 *
 * <p>SECURITY: pools are refused even with a right password (their shared account's key decrypts every
 * member's pool copy). Only keys stored under the signed-in address whose certificate names that address
 * are exported. Failures are logged by class only.</p>
 */
final class ClinicianKeyExport implements ClinicianKeys {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClinicianKeyExport.class);

    private final UsersRepository users;
    private final PoolDirectory pools;
    private final CertificateProvisioning provisioning;
    private final CertificateAuthority authority;

    ClinicianKeyExport(UsersRepository users, PoolDirectory pools, CertificateProvisioning provisioning,
                       CertificateAuthority authority) {
        this.users = users;
        this.pools = pools;
        this.provisioning = provisioning;
        this.authority = authority;
    }

    @Override
    public boolean authenticate(MailAddress address, String password) {
        if (pools.isPool(address)) {
            return false;
        }
        try {
            return users.test(Username.fromMailAddress(address), password);
        } catch (UsersRepositoryException | IllegalArgumentException e) {
            LOGGER.warn("Clinician sign-in check failed: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    @Override
    public Optional<byte[]> pkcs12(MailAddress address, char[] password, boolean legacy) {
        String owner = address.asString().toLowerCase(Locale.ROOT);
        Optional<SmimeIdentity> own = provisioning.currentIdentity(owner,
            identity -> SmimeCertificates.emailAddresses(identity.certificate()).stream()
                .anyMatch(named -> named.equalsIgnoreCase(owner)));
        if (own.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CertificateAuthority.exportPkcs12(own.get(), password,
                legacy ? Pkcs12.Profile.LEGACY : Pkcs12.Profile.MODERN));
        } catch (SmimeException e) {
            throw new IllegalStateException("cannot export a key as PKCS#12", e);
        }
    }

    @Override
    public String caCertificatePem() {
        return SmimeCertificates.toPem(authority.certificate());
    }
}
