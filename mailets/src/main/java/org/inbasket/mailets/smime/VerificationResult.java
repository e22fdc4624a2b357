package org.inbasket.mailets.smime;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.MimeBodyPart;

/**
 * What {@link SmimeVerifier} found.
 *
 * @param status the outcome for the best signer (a valid one if any)
 * @param reason a short explanation for operators and users, never message content
 * @param signerAddresses the e-mail addresses in the signer's certificate, when the certificate is known
 * @param signerCertificate the signer's certificate, when known
 * @param algorithm the signature algorithm, e.g. {@code rsa-sha256}, when known
 * @param harvestableCertificates on {@link SignatureStatus#VALID}: the signer's certificates (from the
 *     signature) that are trusted, current and fit for encrypting to the signer
 * @param content the signed content (for opaque signatures, what is inside), when readable
 * @param crl whether the CRLs known for the signer's issuer are {@code current} or {@code out-of-date}; empty
 *     when there is none (revocation then not checked)
 */
public record VerificationResult(SignatureStatus status, String reason, List<String> signerAddresses,
                                 Optional<X509Certificate> signerCertificate, Optional<String> algorithm,
                                 List<X509Certificate> harvestableCertificates, Optional<MimeBodyPart> content,
                                 Optional<String> crl) {
    public VerificationResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        signerAddresses = List.copyOf(signerAddresses);
        Objects.requireNonNull(signerCertificate, "signerCertificate");
        Objects.requireNonNull(algorithm, "algorithm");
        harvestableCertificates = List.copyOf(harvestableCertificates);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(crl, "crl");
    }

    static VerificationResult of(SignatureStatus status, String reason) {
        return new VerificationResult(status, reason, List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
            Optional.empty());
    }

    public boolean isValid() {
        return status == SignatureStatus.VALID;
    }

    /** @return the first address of the signer's certificate */
    public Optional<String> signer() {
        return signerAddresses.stream().findFirst();
    }
}
