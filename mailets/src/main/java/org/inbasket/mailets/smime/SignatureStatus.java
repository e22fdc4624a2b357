package org.inbasket.mailets.smime;

/** Outcome of {@link SmimeVerifier#verify}; {@link #token()} is what result headers show. */
public enum SignatureStatus {
    /** The signature matches the content and the signer's certificate is trusted, current, fit and not revoked. */
    VALID("valid"),
    /** The message carries no S/MIME signature at its top level. */
    NOT_SIGNED("none"),
    /** The message is still encrypted; a signature inside cannot be checked. */
    ENCRYPTED("encrypted"),
    /** The signature does not match: the content was altered after signing, or the signature is forged. */
    INVALID("invalid"),
    /** The signer's certificate does not chain to a configured trust anchor, or is missing. */
    UNTRUSTED("untrusted"),
    /** The signer's certificate is expired or not yet valid. */
    EXPIRED("expired"),
    /** A CRL from the issuer lists the signer's certificate (or one of its issuers). */
    REVOKED("revoked"),
    /** The certificate is not allowed to sign e-mail (key usage or missing emailProtection extended key usage). */
    KEY_USAGE("key-usage"),
    /** The digest is too weak to accept (MD5, or SHA-1 when SHA-1 is not accepted). */
    WEAK_ALGORITHM("weak-algorithm"),
    /** The signature or digest algorithm is not supported. */
    UNSUPPORTED_ALGORITHM("unsupported-algorithm"),
    /** The signature structure is truncated, badly encoded or not CMS. */
    MALFORMED("malformed");

    private final String token;

    SignatureStatus(String token) {
        this.token = token;
    }

    /** @return the lower-case token used in headers and mail attributes */
    public String token() {
        return token;
    }
}
