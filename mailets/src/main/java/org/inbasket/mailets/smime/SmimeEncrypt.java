package org.inbasket.mailets.smime;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.inbasket.mailets.delivery.TransientFailures;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.DirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts a mail with S/MIME to every recipient's certificate, in one CMS envelope.
 *
 * <p>Each recipient's certificate comes from the {@link CertificateDirectory}: the current one fit for
 * encryption. Put {@link HasRecipientCertificate} in front so that only recipients with a certificate
 * reach this mailet (James splits the mail); recipients without one must go elsewhere (the pickup store,
 * or a quarantine). A mail that is already S/MIME encrypted is left as it is.</p>
 *
 * <p>Parameters:</p>
 * <ul>
 *   <li>{@code contentCipher}: {@code aes-256-cbc} (default, EnvelopedData) or {@code aes-256-gcm}
 *       (AuthEnvelopedData, RFC 5083);</li>
 *   <li>{@code rsaKeyTransport}: {@code rsa-oaep-sha256} (default) or {@code rsa-pkcs1v15} (legacy peers
 *       only); EC certificates always use ECDH key agreement;</li>
 *   <li>{@code subject}: {@code protect} (default, see ADR 0011: the outer Subject becomes the placeholder
 *       and the real header fields travel encrypted) or {@code keep};</li>
 *   <li>{@code subjectPlaceholder}: the outer Subject when protected, default {@code [...]};</li>
 *   <li>{@code errorProcessor}: where a mail goes when it cannot be encrypted, default {@code error}.</li>
 * </ul>
 *
 * <p>Failure: a recipient without a usable certificate, a certificate the gateway cannot encrypt to, or a
 * directory failure sends the whole mail, unencrypted but undelivered, to {@code errorProcessor} with the
 * reason in the attribute {@link SmimeMailAttributes#ERROR} and the mail's error message. The log names
 * the mail and the reason, never content or subject.</p>
 *
 * <p>SECURITY: fail closed. The mail never continues in clear after this mailet unless it was already
 * encrypted. The directory decides who can read the mail: only trusted sources (the built-in CA, the
 * operator, verified signatures) may add certificates to it.</p>
 */
public class SmimeEncrypt extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmimeEncrypt.class);

    private final CertificateDirectory directory;
    private final Clock clock;
    private SmimeEncryptor encryptor;
    private String errorProcessor;

    @Inject
    public SmimeEncrypt(CertificateDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("contentCipher", "rsaKeyTransport", "subject", "subjectPlaceholder", "errorProcessor"));
        MailetParameters parameters = new MailetParameters(getMailetConfig());
        ContentCipher cipher = parameters.parsed("contentCipher", ContentCipher.AES_256_CBC.parameterValue(), ContentCipher::parse);
        RsaKeyTransport transport = parameters.parsed("rsaKeyTransport", RsaKeyTransport.RSA_OAEP_SHA256.parameterValue(),
            RsaKeyTransport::parse);
        boolean protect = parameters.oneOf("subject", "protect", "protect", "keep").equals("protect");
        String placeholder = parameters.string("subjectPlaceholder", EncryptionOptions.DEFAULT_SUBJECT_PLACEHOLDER);
        if (!protect && getInitParameter("subjectPlaceholder") != null) {
            throw new MessagingException("mailet " + getMailetName() + ": subjectPlaceholder is only used with subject=protect");
        }
        EncryptionOptions options;
        try {
            options = new EncryptionOptions(cipher, transport, protect ? Optional.of(placeholder) : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new MessagingException("mailet " + getMailetName() + ": parameter subjectPlaceholder: " + e.getMessage());
        }
        encryptor = new SmimeEncryptor(options);
        errorProcessor = parameters.processor("errorProcessor", Mail.ERROR);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getRecipients().isEmpty()) {
            return;
        }
        MimeMessage message = mail.getMessage();
        if (SmimeMessages.kindOf(message).isEncrypted()) {
            LOGGER.debug("Mail {} is already S/MIME encrypted, left as it is", mail.getName());
            return;
        }
        List<X509Certificate> certificates = new ArrayList<>();
        int missing = 0;
        try {
            for (MailAddress recipient : mail.getRecipients()) {
                List<X509Certificate> found = directory.findEncryptionCertificates(recipient.asString(), clock.instant());
                if (!found.isEmpty()) {
                    found.stream().filter(c -> !certificates.contains(c)).forEach(certificates::add);
                } else {
                    missing++;
                }
            }
        } catch (DirectoryException e) {
            if (TransientFailures.isTransient(e)) {
                // The database is restarting: James's error handling gives the mail to RetryLater (ADR 0067).
                throw new MessagingException("the certificate directory is unavailable for now", e);
            }
            fail(mail, "the certificate directory failed: " + e.getMessage());
            return;
        }
        if (missing > 0) {
            fail(mail, "no valid encryption certificate for " + missing + " of " + mail.getRecipients().size() + " recipient(s)");
            return;
        }
        try {
            mail.setMessage(encryptor.encrypt(message, certificates));
        } catch (SmimeException e) {
            fail(mail, e.getMessage());
        }
    }

    private void fail(Mail mail, String reason) {
        LOGGER.warn("S/MIME encryption failed for mail {}: {}", mail.getName(), reason);
        SmimeMailAttributes.sendToErrorProcessor(mail, errorProcessor, "encrypt", reason);
    }

    @Override
    public String getMailetInfo() {
        return "S/MIME encryption to every recipient's certificate";
    }
}
