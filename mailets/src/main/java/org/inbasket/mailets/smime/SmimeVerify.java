package org.inbasket.mailets.smime;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.DirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies an inbound S/MIME signature (detached or opaque) and stamps the result in
 * {@value SmimeHeaders#SIGNATURE} (see {@link SmimeHeaders}), for example
 * {@code valid; signer="dr.grey@clinic.example"; alg=rsa-sha256; from=match}.
 *
 * <p>Trust anchors and CRLs come from the {@link SmimeTrustStore}; the signer's certificate must chain to
 * an anchor, be current, allowed to sign e-mail (emailProtection) and not revoked by a CRL present
 * ({@link SmimeVerifier}). {@code from=match} says the From address is one of the certificate's
 * addresses; {@code mismatch} deserves the reader's attention even when the signature is valid. The mail
 * itself is not changed otherwise: a mail client can still check the signature itself.</p>
 *
 * <p>Every incoming {@value SmimeHeaders#SIGNATURE} header is removed first, so run this mailet on all
 * inbound mail ({@code match="All"}), after {@link SmimeDecrypt}; unsigned mail only loses that header.</p>
 *
 * <p>Parameters:</p>
 * <ul>
 *   <li>{@code harvest}: {@code true} (default): the certificates of a valid signer that are fit for
 *       encryption are added to the {@link CertificateDirectory}, so replies can be encrypted;</li>
 *   <li>{@code acceptSha1}: {@code true} (default, Outlook 2013 signs with SHA-1) or {@code false}
 *       (SHA-1 signatures become {@code weak-algorithm}).</li>
 * </ul>
 *
 * <p>Failure: a bad signature is a result, not an error: it is stamped and the mail goes on. Harvesting
 * is a convenience: a directory failure is logged at WARN and does not stop the mail.</p>
 *
 * <p>SECURITY: the header is trustworthy only because incoming copies are removed here; mailets after this
 * one must not add it. Harvesting lets any sender whose certificate chains to a trust anchor register an
 * encryption certificate for the addresses in it: trust only CAs that verify e-mail addresses.</p>
 */
public class SmimeVerify extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmimeVerify.class);

    private final CertificateDirectory directory;
    private final SmimeTrustStore trustStore;
    private final Clock clock;
    private boolean harvest;
    private boolean acceptSha1;

    @Inject
    public SmimeVerify(CertificateDirectory directory, SmimeTrustStore trustStore, Clock clock) {
        this.directory = directory;
        this.trustStore = trustStore;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("harvest", "acceptSha1"));
        MailetParameters parameters = new MailetParameters(getMailetConfig());
        harvest = parameters.bool("harvest", true);
        acceptSha1 = parameters.bool("acceptSha1", true);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        boolean stripped = SmimeHeaders.strip(message, SmimeHeaders.SIGNATURE);
        SmimeKind kind = SmimeMessages.kindOf(message);
        if (kind == SmimeKind.NONE || kind == SmimeKind.CERTS_ONLY || kind == SmimeKind.COMPRESSED) {
            if (stripped) {
                message.saveChanges();
            }
            return;
        }
        Optional<String> from = SmimeHeaders.fromAddress(message);
        VerificationResult result = new SmimeVerifier(trustStore, clock, acceptSha1).verify(message, knownCertificates(from));
        Optional<Boolean> fromMatches = result.signerCertificate().isPresent()
            ? Optional.of(from.isPresent() && result.signerAddresses().contains(from.get()))
            : Optional.empty();
        SmimeHeaders.stamp(message, SmimeHeaders.SIGNATURE, SmimeHeaders.signature(result, fromMatches));
        message.saveChanges();
        SmimeMailAttributes.set(mail, SmimeMailAttributes.SIGNATURE, result.status().token());
        result.signer().ifPresent(signer -> SmimeMailAttributes.set(mail, SmimeMailAttributes.SIGNER, signer));
        if (!result.isValid()) {
            LOGGER.info("Mail {} signature status {}: {}", mail.getName(), result.status().token(), result.reason());
        }
        if (harvest && result.isValid()) {
            harvest(mail, result.harvestableCertificates());
        }
    }

    private List<X509Certificate> knownCertificates(Optional<String> from) {
        if (from.isEmpty()) {
            return List.of();
        }
        try {
            return directory.list(from.get());
        } catch (DirectoryException e) {
            LOGGER.warn("Certificate directory lookup failed, verifying with the signature's certificates only: {}", e.getMessage());
            return List.of();
        }
    }

    private void harvest(Mail mail, List<X509Certificate> certificates) {
        for (X509Certificate certificate : certificates) {
            try {
                directory.add(certificate);
            } catch (DirectoryException | IllegalArgumentException e) {
                LOGGER.warn("Could not keep the signer's certificate {} of mail {}: {}", SmimeCertificates.fingerprint(certificate),
                    mail.getName(), e.getMessage());
            }
        }
    }

    @Override
    public String getMailetInfo() {
        return "S/MIME signature verification with result headers";
    }
}
