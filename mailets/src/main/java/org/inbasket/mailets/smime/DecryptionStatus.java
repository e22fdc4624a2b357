package org.inbasket.mailets.smime;

/** Outcome of {@link SmimeDecryptor#decrypt}. */
public enum DecryptionStatus {
    /** Decrypted with one of the given keys. */
    DECRYPTED("decrypted"),
    /** The message is not S/MIME encrypted; nothing was done. */
    NOT_ENCRYPTED("none"),
    /** Encrypted, but to none of the given keys (the message is for someone else, or we lack the key). */
    NO_KEY("no-key"),
    /** A given key is a recipient, but decryption failed: damaged or tampered data, or a wrong key. */
    FAILED("failed"),
    /** The CMS structure is truncated, badly encoded or not CMS at all. */
    MALFORMED("malformed"),
    /** The cipher or key management algorithm is not supported (or not accepted as too weak). */
    UNSUPPORTED_ALGORITHM("unsupported-algorithm");

    private final String token;

    DecryptionStatus(String token) {
        this.token = token;
    }

    /** @return the lower-case token used in headers and mail attributes */
    public String token() {
        return token;
    }
}
