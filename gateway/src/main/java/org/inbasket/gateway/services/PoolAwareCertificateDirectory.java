package org.inbasket.gateway.services;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.triage.pool.PoolDirectory;

/**
 * The certificate directory, where mail to a pool is encrypted to the pool's own certificate and to every
 * current member's, in one envelope: each member opens pool mail with their own key, and the gateway (which
 * holds the pool's key) can still open it after membership changes.
 */
final class PoolAwareCertificateDirectory implements CertificateDirectory {
    private final CertificateDirectory delegate;
    private final PoolDirectory pools;

    PoolAwareCertificateDirectory(CertificateDirectory delegate, PoolDirectory pools) {
        this.delegate = delegate;
        this.pools = pools;
    }

    @Override
    public List<X509Certificate> findEncryptionCertificates(String address, Instant at) {
        Optional<MailAddress> pool = asPool(address);
        if (pool.isEmpty()) {
            return delegate.findEncryptionCertificates(address, at);
        }
        List<X509Certificate> certificates = new ArrayList<>(delegate.findEncryptionCertificates(address, at));
        for (MailAddress member : pools.members(pool.get())) {
            delegate.findEncryptionCertificate(member.asString(), at)
                .filter(certificate -> !certificates.contains(certificate))
                .ifPresent(certificates::add);
        }
        return certificates;
    }

    private Optional<MailAddress> asPool(String address) {
        try {
            MailAddress candidate = new MailAddress(address);
            return pools.isPool(candidate) ? Optional.of(candidate) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<X509Certificate> findEncryptionCertificate(String address, Instant at) {
        return delegate.findEncryptionCertificate(address, at);
    }

    @Override
    public List<String> add(X509Certificate certificate) {
        return delegate.add(certificate);
    }

    @Override
    public List<X509Certificate> list(String address) {
        return delegate.list(address);
    }

    @Override
    public List<X509Certificate> listAll() {
        return delegate.listAll();
    }

    @Override
    public boolean remove(X509Certificate certificate) {
        return delegate.remove(certificate);
    }
}
