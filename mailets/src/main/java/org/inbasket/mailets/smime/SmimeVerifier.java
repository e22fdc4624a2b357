package org.inbasket.mailets.smime;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimePart;

import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.mail.smime.SMIMESigned;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * Verifies S/MIME signatures: detached ({@code multipart/signed}) and opaque ({@code signed-data}).
 *
 * <p>For each signer: the signature must match the content; the digest must not be MD5 (nor SHA-1 unless
 * SHA-1 is accepted: Outlook 2013 still signs with it); the signer's certificate must be current at the
 * verification time, allowed to sign e-mail (RFC 8550: key usage digitalSignature or nonRepudiation,
 * emailProtection when extended key usage is present), chain to a configured trust anchor (PKIX), and not
 * be listed, nor any certificate of its chain, in a CRL signed by its issuer (CRLs from the trust store
 * and from the signature; without a CRL revocation is not checked; a CRL past its nextUpdate still revokes
 * what it lists, and the result says {@code crl=out-of-date}). A message is {@code VALID} when one
 * signer is; otherwise the first signer's failure is reported.</p>
 *
 * <p>The verifier does not unwrap encryption: decrypt first ({@link SmimeDecryptor}), then verify the
 * result, which handles signed-inside-encrypted messages of both the Outlook (opaque) and Thunderbird
 * (multipart/signed) kind. Never throws for bad input. Thread-safe.</p>
 */
public final class SmimeVerifier {
    static final String CRL_CURRENT = "current";
    static final String CRL_OUT_OF_DATE = "out-of-date";
    private final Set<TrustAnchor> anchors;
    private final Set<X509Certificate> anchorCertificates;
    private final List<X509CRL> crls;
    private final Clock clock;
    private final boolean acceptSha1;

    /**
     * @param trustAnchors certificates trusted as chain ends
     * @param crls locally known CRLs
     * @param clock the verification time
     * @param acceptSha1 whether SHA-1 signatures (legacy Outlook) may be {@code VALID}
     */
    public SmimeVerifier(Collection<X509Certificate> trustAnchors, Collection<X509CRL> crls, Clock clock, boolean acceptSha1) {
        this.anchorCertificates = Set.copyOf(trustAnchors);
        Set<TrustAnchor> trust = new HashSet<>();
        for (X509Certificate anchor : trustAnchors) {
            trust.add(new TrustAnchor(anchor, null));
        }
        this.anchors = Set.copyOf(trust);
        this.crls = List.copyOf(crls);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.acceptSha1 = acceptSha1;
    }

    public SmimeVerifier(SmimeTrustStore trustStore, Clock clock, boolean acceptSha1) {
        this(trustStore.trustAnchors(), trustStore.crls(), clock, acceptSha1);
    }

    /**
     * @param message the message (or part) whose top level may be signed
     * @param knownCertificates extra certificates to find the signer's certificate and intermediates in,
     *     for signatures that do not carry them (for example the directory's certificates of the sender)
     */
    public VerificationResult verify(MimePart message, Collection<X509Certificate> knownCertificates) {
        SmimeKind kind = SmimeMessages.kindOf(message);
        if (kind.isEncrypted()) {
            return VerificationResult.of(SignatureStatus.ENCRYPTED, "the message is encrypted; decrypt it to check a signature");
        }
        if (kind == SmimeKind.MALFORMED) {
            return VerificationResult.of(SignatureStatus.MALFORMED, "the S/MIME part is not a readable CMS structure");
        }
        if (!kind.isSigned()) {
            return VerificationResult.of(SignatureStatus.NOT_SIGNED, "the message is not signed");
        }
        SMIMESigned signed;
        try {
            signed = kind == SmimeKind.SIGNED_DETACHED
                ? new SMIMESigned((MimeMultipart) message.getContent())
                : new SMIMESigned(message);
        } catch (MessagingException | CMSException | SMIMEException | IOException | ClassCastException e) {
            return VerificationResult.of(SignatureStatus.MALFORMED, "the signature is damaged, truncated or not CMS");
        } catch (RuntimeException e) {
            return VerificationResult.of(SignatureStatus.MALFORMED, "the signature cannot be parsed");
        }
        return verifySafely(signed, knownCertificates, content(signed));
    }

    /**
     * Verifies a detached CMS signature over raw bytes (not MIME), for example RFC 9216's
     * {@code signedByCarlosDetached} over its sample text.
     */
    public VerificationResult verifyDetached(byte[] content, byte[] signature, Collection<X509Certificate> knownCertificates) {
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(new CMSProcessableByteArray(content), signature);
        } catch (CMSException | RuntimeException e) {
            return VerificationResult.of(SignatureStatus.MALFORMED, "the signature is damaged, truncated or not CMS");
        }
        return verifySafely(signed, knownCertificates, Optional.empty());
    }

    private VerificationResult verifySafely(CMSSignedData signed, Collection<X509Certificate> knownCertificates,
                                            Optional<MimeBodyPart> content) {
        try {
            return verify(signed, knownCertificates, content);
        } catch (RuntimeException e) {
            return VerificationResult.of(SignatureStatus.MALFORMED, "the signature cannot be processed");
        }
    }

    private VerificationResult verify(CMSSignedData signed, Collection<X509Certificate> knownCertificates,
                                      Optional<MimeBodyPart> content) {
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            return VerificationResult.of(SignatureStatus.MALFORMED, "the signature has no signer");
        }
        List<X509Certificate> embedded = certificates(signed.getCertificates());
        Map<String, X509Certificate> pool = new LinkedHashMap<>();
        for (X509Certificate certificate : embedded) {
            pool.put(SmimeCertificates.fingerprint(certificate), certificate);
        }
        for (X509Certificate certificate : knownCertificates) {
            pool.putIfAbsent(SmimeCertificates.fingerprint(certificate), certificate);
        }
        List<X509CRL> allCrls = new ArrayList<>(crls);
        allCrls.addAll(crls(signed.getCRLs()));

        VerificationResult first = null;
        for (SignerInformation signer : signers) {
            VerificationResult result = verifySigner(signer, pool.values(), embedded, allCrls, content);
            if (result.isValid()) {
                return result;
            }
            if (first == null) {
                first = result;
            }
        }
        return first;
    }

    private VerificationResult verifySigner(SignerInformation signer, Collection<X509Certificate> pool,
                                            List<X509Certificate> embedded, List<X509CRL> allCrls,
                                            Optional<MimeBodyPart> content) {
        String algorithm = AlgorithmNames.signature(signer.getDigestAlgOID(), signer.getEncryptionAlgOID());
        Optional<X509Certificate> found = signerCertificate(signer, pool);
        if (found.isEmpty()) {
            return new VerificationResult(SignatureStatus.UNTRUSTED,
                "the signer's certificate is neither in the signature nor known locally",
                List.of(), Optional.empty(), Optional.of(algorithm), List.of(), content, Optional.empty());
        }
        X509Certificate certificate = found.get();
        Outcome outcome = check(signer, certificate, pool, allCrls);
        List<X509Certificate> harvest = outcome.status == SignatureStatus.VALID
            ? harvestable(certificate, embedded, pool, allCrls)
            : List.of();
        return new VerificationResult(outcome.status, outcome.reason, SmimeCertificates.emailAddresses(certificate),
            Optional.of(certificate), Optional.of(algorithm), harvest, content, outcome.crl);
    }

    private Outcome check(SignerInformation signer, X509Certificate certificate, Collection<X509Certificate> pool,
                          List<X509CRL> allCrls) {
        Outcome signature = checkSignature(signer, certificate);
        if (signature != null) {
            return signature;
        }
        String digest = signer.getDigestAlgOID();
        if (PKCSObjectIdentifiers.md5.getId().equals(digest)
            || (!acceptSha1 && OIWObjectIdentifiers.idSHA1.getId().equals(digest))) {
            return new Outcome(SignatureStatus.WEAK_ALGORITHM,
                "the signature uses " + AlgorithmNames.digest(digest) + ", which is not accepted");
        }
        return checkCertificate(certificate, pool, allCrls);
    }

    private Outcome checkSignature(SignerInformation signer, X509Certificate certificate) {
        try {
            boolean matches = signer.verify(new JcaSimpleSignerInfoVerifierBuilder()
                .setProvider(CryptoProvider.bouncyCastle())
                .build(certificate));
            return matches ? null : new Outcome(SignatureStatus.INVALID, "the signature does not match the signer's key");
        } catch (CMSSignerDigestMismatchException e) {
            return new Outcome(SignatureStatus.INVALID, "the content was altered after it was signed");
        } catch (CMSVerifierCertificateNotValidException e) {
            return new Outcome(SignatureStatus.EXPIRED, "the signer's certificate was not valid at the signing time");
        } catch (OperatorCreationException e) {
            return new Outcome(SignatureStatus.UNSUPPORTED_ALGORITHM, "the signature algorithm is not supported");
        } catch (CMSException | RuntimeException e) {
            if (isUnsupported(e)) {
                return new Outcome(SignatureStatus.UNSUPPORTED_ALGORITHM, "the signature algorithm is not supported");
            }
            return new Outcome(SignatureStatus.INVALID, "the signature cannot be checked against the signer's key");
        }
    }

    private static boolean isUnsupported(Throwable throwable) {
        for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
            String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (cause instanceof NoSuchAlgorithmException || cause instanceof OperatorCreationException
                || text.contains("no such algorithm") || text.contains("not supported") || text.contains("unknown")) {
                return true;
            }
        }
        return false;
    }

    private Outcome checkCertificate(X509Certificate certificate, Collection<X509Certificate> pool, List<X509CRL> allCrls) {
        Instant now = clock.instant();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            return new Outcome(SignatureStatus.EXPIRED, "the signer's certificate expired on " + day(certificate.getNotAfter()));
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            return new Outcome(SignatureStatus.EXPIRED, "the signer's certificate is not valid before " + day(certificate.getNotBefore()));
        }
        if (!SmimeCertificates.isFitForSigning(certificate)) {
            return new Outcome(SignatureStatus.KEY_USAGE, SmimeCertificates.allowsEmailProtection(certificate)
                ? "the signer's certificate is not allowed to sign (key usage)"
                : "the signer's certificate is not allowed for e-mail (no emailProtection extended key usage)");
        }
        Optional<List<X509Certificate>> chain = chain(certificate, pool);
        if (chain.isEmpty()) {
            return new Outcome(SignatureStatus.UNTRUSTED, "the signer's certificate does not chain to a trusted authority");
        }
        Revocation revocation = revocation(chain.get(), allCrls, now);
        if (revocation.revokedOn().isPresent()) {
            return new Outcome(SignatureStatus.REVOKED,
                "the signer's certificate was revoked on " + day(Date.from(revocation.revokedOn().get())), revocation.crl());
        }
        return new Outcome(SignatureStatus.VALID, "the signature is valid", revocation.crl());
    }

    /** @return the certificate, its intermediates and the anchor's certificate, or empty when no path exists */
    private Optional<List<X509Certificate>> chain(X509Certificate certificate, Collection<X509Certificate> pool) {
        if (anchorCertificates.contains(certificate)) {
            return Optional.of(List.of(certificate));
        }
        if (anchors.isEmpty()) {
            return Optional.empty();
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(certificate);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            List<X509Certificate> candidates = new ArrayList<>(pool);
            candidates.add(certificate);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            path.add(result.getTrustAnchor().getTrustedCert());
            return Optional.of(path);
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What the CRLs say of a path: the revocation time of the first certificate on it that a CRL of its issuer
     * (signature checked) lists, and, for the first certificate, whether its issuer's CRLs are current. A CRL past
     * its nextUpdate still counts for the revocations it lists (they are not undone), but does not prove the others
     * current: {@code crl=out-of-date} on the result, and the operator gets a newer one (docs/mailets/smime.md).
     */
    private static Revocation revocation(List<X509Certificate> path, List<X509CRL> allCrls, Instant now) {
        Optional<String> signerCrl = Optional.empty();
        for (int i = 0; i < path.size(); i++) {
            X509Certificate subject = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : subject;
            for (X509CRL crl : allCrls) {
                if (!crl.getIssuerX500Principal().equals(subject.getIssuerX500Principal())) {
                    continue;
                }
                try {
                    crl.verify(issuer.getPublicKey());
                } catch (GeneralSecurityException | RuntimeException e) {
                    continue;
                }
                if (i == 0) {
                    boolean current = crl.getNextUpdate() == null || !now.isAfter(crl.getNextUpdate().toInstant());
                    if (current || signerCrl.isEmpty()) {
                        signerCrl = Optional.of(current ? CRL_CURRENT : CRL_OUT_OF_DATE);
                    }
                }
                X509CRLEntry entry = crl.getRevokedCertificate(subject.getSerialNumber());
                if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now)) {
                    return new Revocation(Optional.of(entry.getRevocationDate().toInstant()), signerCrl);
                }
            }
        }
        return new Revocation(Optional.empty(), signerCrl);
    }

    /** @param crl for the signer's certificate: {@code current} or {@code out-of-date}, empty without a CRL of its issuer */
    private record Revocation(Optional<Instant> revokedOn, Optional<String> crl) {
    }

    private List<X509Certificate> harvestable(X509Certificate signerCertificate, List<X509Certificate> embedded,
                                              Collection<X509Certificate> pool, List<X509CRL> allCrls) {
        Set<String> signerAddresses = new HashSet<>(SmimeCertificates.emailAddresses(signerCertificate));
        Instant now = clock.instant();
        List<X509Certificate> result = new ArrayList<>();
        for (X509Certificate candidate : embedded) {
            boolean sameOwner = SmimeCertificates.emailAddresses(candidate).stream().anyMatch(signerAddresses::contains);
            if (!sameOwner || !SmimeCertificates.isFitForEncryption(candidate) || !SmimeCertificates.isValidAt(candidate, now)) {
                continue;
            }
            Optional<List<X509Certificate>> chain = chain(candidate, pool);
            if (chain.isPresent() && revocation(chain.get(), allCrls, now).revokedOn().isEmpty()) {
                result.add(candidate);
            }
        }
        return result;
    }

    private static Optional<X509Certificate> signerCertificate(SignerInformation signer, Collection<X509Certificate> pool) {
        for (X509Certificate certificate : pool) {
            try {
                if (signer.getSID().match(new X509CertificateHolder(certificate.getEncoded()))) {
                    return Optional.of(certificate);
                }
            } catch (CertificateEncodingException | IOException e) {
                // an unencodable certificate cannot be the signer's
            }
        }
        return Optional.empty();
    }

    private static List<X509Certificate> certificates(Store<X509CertificateHolder> store) {
        List<X509Certificate> result = new ArrayList<>();
        for (X509CertificateHolder holder : store.getMatches(null)) {
            try {
                result.add(SmimeCertificates.toX509(holder));
            } catch (CertificateException e) {
                // skip an unreadable certificate; the signer lookup reports it missing
            }
        }
        return result;
    }

    private static List<X509CRL> crls(Store<X509CRLHolder> store) {
        List<X509CRL> result = new ArrayList<>();
        for (X509CRLHolder holder : store.getMatches(null)) {
            try {
                result.add(SmimeCertificates.parseCrl(holder.getEncoded()));
            } catch (CertificateException | IOException e) {
                // an unreadable CRL revokes nothing
            }
        }
        return result;
    }

    private static Optional<MimeBodyPart> content(SMIMESigned signed) {
        try {
            return Optional.ofNullable(signed.getContent());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String day(Date date) {
        return LocalDate.ofInstant(date.toInstant(), ZoneOffset.UTC).toString();
    }

    private record Outcome(SignatureStatus status, String reason, Optional<String> crl) {
        Outcome(SignatureStatus status, String reason) {
            this(status, reason, Optional.empty());
        }
    }

}
