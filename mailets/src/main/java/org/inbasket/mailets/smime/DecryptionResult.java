package org.inbasket.mailets.smime;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

/**
 * What {@link SmimeDecryptor} found.
 *
 * @param status the outcome
 * @param reason a short explanation for operators, never message content
 * @param message the decrypted message (outer header fields, inner body) when {@link DecryptionStatus#DECRYPTED}
 * @param contentAlgorithm the content cipher, e.g. {@code aes-256-cbc}, once known
 * @param recipientCertificate the certificate of the key that decrypted
 */
public record DecryptionResult(DecryptionStatus status, String reason, Optional<MimeMessage> message,
                               Optional<String> contentAlgorithm, Optional<X509Certificate> recipientCertificate) {
    public DecryptionResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(contentAlgorithm, "contentAlgorithm");
        Objects.requireNonNull(recipientCertificate, "recipientCertificate");
    }

    static DecryptionResult failure(DecryptionStatus status, String reason, Optional<String> contentAlgorithm) {
        return new DecryptionResult(status, reason, Optional.empty(), contentAlgorithm, Optional.empty());
    }

    static DecryptionResult failure(DecryptionStatus status, String reason) {
        return failure(status, reason, Optional.empty());
    }

    public boolean isDecrypted() {
        return status == DecryptionStatus.DECRYPTED;
    }
}
