package org.inbasket.mailets.smime.ca;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.inbasket.mailets.smime.KeyAlgorithm;

/**
 * What the built-in CA creates.
 *
 * @param caSubject the distinguished name of a newly created CA, e.g. {@code CN=Inbasket S/MIME CA, O=Clinic}
 * @param caKeyAlgorithm the key type of a newly created CA
 * @param caValidity how long a newly created CA certificate is valid
 * @param certificateKeyAlgorithm the default key type of issued user certificates
 * @param certificateValidity how long issued certificates are valid (never beyond the CA's end)
 * @param crlValidity how long a generated CRL is current (its nextUpdate)
 * @param crlDistributionPoint a URL where clients can fetch the CRL, written into issued certificates
 */
public record CertificateAuthoritySettings(String caSubject, KeyAlgorithm caKeyAlgorithm, Duration caValidity,
                                           KeyAlgorithm certificateKeyAlgorithm, Duration certificateValidity,
                                           Duration crlValidity, Optional<URI> crlDistributionPoint) {
    /** CN=Inbasket Gateway S/MIME CA, RSA-3072 for 10 years; users RSA-2048 for 730 days; CRLs for 7 days. */
    public static final CertificateAuthoritySettings DEFAULT = new CertificateAuthoritySettings("CN=Inbasket Gateway S/MIME CA",
        KeyAlgorithm.RSA_3072, Duration.ofDays(3652), KeyAlgorithm.RSA_2048, Duration.ofDays(730), Duration.ofDays(7), Optional.empty());

    public CertificateAuthoritySettings {
        Objects.requireNonNull(caSubject, "caSubject");
        try {
            new X500Name(caSubject);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the CA subject '" + caSubject + "' is not a distinguished name", e);
        }
        Objects.requireNonNull(caKeyAlgorithm, "caKeyAlgorithm");
        Objects.requireNonNull(certificateKeyAlgorithm, "certificateKeyAlgorithm");
        requirePositive(caValidity, "caValidity");
        requirePositive(certificateValidity, "certificateValidity");
        requirePositive(crlValidity, "crlValidity");
        Objects.requireNonNull(crlDistributionPoint, "crlDistributionPoint");
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public CertificateAuthoritySettings withCertificateValidity(Duration validity) {
        return new CertificateAuthoritySettings(caSubject, caKeyAlgorithm, caValidity, certificateKeyAlgorithm, validity,
            crlValidity, crlDistributionPoint);
    }

    public CertificateAuthoritySettings withCertificateKeyAlgorithm(KeyAlgorithm algorithm) {
        return new CertificateAuthoritySettings(caSubject, caKeyAlgorithm, caValidity, algorithm, certificateValidity,
            crlValidity, crlDistributionPoint);
    }

    public CertificateAuthoritySettings withCaKeyAlgorithm(KeyAlgorithm algorithm) {
        return new CertificateAuthoritySettings(caSubject, algorithm, caValidity, certificateKeyAlgorithm, certificateValidity,
            crlValidity, crlDistributionPoint);
    }

    public CertificateAuthoritySettings withCrlDistributionPoint(URI uri) {
        return new CertificateAuthoritySettings(caSubject, caKeyAlgorithm, caValidity, certificateKeyAlgorithm, certificateValidity,
            crlValidity, Optional.of(uri));
    }
}
