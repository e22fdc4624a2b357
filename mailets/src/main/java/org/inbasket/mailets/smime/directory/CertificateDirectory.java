package org.inbasket.mailets.smime.directory;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.inbasket.mailets.smime.SmimeCertificates;

/**
 * Certificates of correspondents (local users and outside recipients), found by e-mail address.
 *
 * <p>A certificate is stored once and indexed under every address it names (rfc822Name subject
 * alternative names and the subject's emailAddress). Addresses are compared case-insensitively. Stored
 * certificates are public data; the directory never holds private keys.</p>
 *
 * <p>Implementations: {@link InMemoryCertificateDirectory}, {@link FileCertificateDirectory} (a folder of
 * PEM files) and {@link JdbcCertificateDirectory} (Flyway migration V10). All are thread-safe and run
 * through one contract test. Storage failures are {@link DirectoryException}s.</p>
 */
public interface CertificateDirectory {
    /**
     * Stores a certificate under every address it names; storing it again changes nothing.
     *
     * @return the addresses it is stored under
     * @throws IllegalArgumentException when the certificate names no e-mail address
     */
    List<String> add(X509Certificate certificate);

    /** @return every certificate stored for the address, current or not */
    List<X509Certificate> list(String address);

    /** @return every stored certificate */
    List<X509Certificate> listAll();

    /** @return true when the certificate was stored and is now removed (from every address) */
    boolean remove(X509Certificate certificate);

    /**
     * The certificate to encrypt to: valid at {@code at}, fit for encryption (RSA with keyEncipherment or EC
     * with keyAgreement, emailProtection when extended key usage is present, not a CA); of several, the one
     * that stays valid longest. Trust is not checked here: the directory holds only certificates an operator
     * or a verified signature put there.
     */
    default Optional<X509Certificate> findEncryptionCertificate(String address, Instant at) {
        return list(address).stream()
            .filter(certificate -> SmimeCertificates.isValidAt(certificate, at))
            .filter(SmimeCertificates::isFitForEncryption)
            .max(Comparator.comparing(X509Certificate::getNotAfter).thenComparing(X509Certificate::getNotBefore));
    }

    /**
     * Every certificate mail to this address is encrypted to: by default the one {@link
     * #findEncryptionCertificate} picks. A directory that knows shared addresses (a pool read by several
     * people) returns one certificate per reader, so that one envelope opens for each of them.
     *
     * @return empty when the address has no usable certificate
     */
    default List<X509Certificate> findEncryptionCertificates(String address, Instant at) {
        return findEncryptionCertificate(address, at).map(List::of).orElse(List.of());
    }

    /** @return the addresses of a certificate, or an exception when it names none */
    static List<String> addressesOf(X509Certificate certificate) {
        List<String> addresses = SmimeCertificates.emailAddresses(certificate);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("the certificate " + SmimeCertificates.fingerprint(certificate) + " names no e-mail address");
        }
        return addresses;
    }
}
