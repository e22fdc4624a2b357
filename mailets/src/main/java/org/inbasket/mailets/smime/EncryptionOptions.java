package org.inbasket.mailets.smime;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link SmimeEncryptor} encrypts.
 *
 * @param cipher the content cipher
 * @param rsaKeyTransport key transport for RSA recipients (EC recipients use ECDH P-256/384/521 key agreement)
 * @param subjectPlaceholder when present, the outer Subject is replaced by this text and the real header
 *     fields travel inside the encrypted part as protected headers; when empty, the Subject stays in clear
 */
public record EncryptionOptions(ContentCipher cipher, RsaKeyTransport rsaKeyTransport, Optional<String> subjectPlaceholder) {
    /** The placeholder RFC 9788 suggests for an obscured Subject. */
    public static final String DEFAULT_SUBJECT_PLACEHOLDER = "[...]";

    /** AES-256-CBC, RSA-OAEP-SHA256, Subject protected behind {@value #DEFAULT_SUBJECT_PLACEHOLDER}. */
    public static final EncryptionOptions DEFAULT = new EncryptionOptions(ContentCipher.AES_256_CBC,
        RsaKeyTransport.RSA_OAEP_SHA256, Optional.of(DEFAULT_SUBJECT_PLACEHOLDER));

    public EncryptionOptions {
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(rsaKeyTransport, "rsaKeyTransport");
        Objects.requireNonNull(subjectPlaceholder, "subjectPlaceholder");
        subjectPlaceholder.ifPresent(placeholder -> {
            if (placeholder.isBlank() || placeholder.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException("the subject placeholder must be printable ASCII on one line");
            }
        });
    }

    public EncryptionOptions withCipher(ContentCipher newCipher) {
        return new EncryptionOptions(newCipher, rsaKeyTransport, subjectPlaceholder);
    }

    public EncryptionOptions withRsaKeyTransport(RsaKeyTransport newTransport) {
        return new EncryptionOptions(cipher, newTransport, subjectPlaceholder);
    }

    public EncryptionOptions withSubjectInClear() {
        return new EncryptionOptions(cipher, rsaKeyTransport, Optional.empty());
    }

    public EncryptionOptions withSubjectPlaceholder(String placeholder) {
        return new EncryptionOptions(cipher, rsaKeyTransport, Optional.of(placeholder));
    }
}
