package org.inbasket.mailets.smime;

/** What S/MIME layer, if any, the top level of a message is. */
public enum SmimeKind {
    /** Not an S/MIME structure. */
    NONE,
    /** {@code application/pkcs7-mime; smime-type=enveloped-data}: CMS EnvelopedData. */
    ENVELOPED,
    /** {@code application/pkcs7-mime; smime-type=authEnveloped-data}: CMS AuthEnvelopedData. */
    AUTH_ENVELOPED,
    /** {@code multipart/signed} with a PKCS#7 signature part: a detached signature. */
    SIGNED_DETACHED,
    /** {@code application/pkcs7-mime; smime-type=signed-data}: content inside the CMS SignedData. */
    SIGNED_OPAQUE,
    /** {@code smime-type=certs-only}: a certificate transport without content. */
    CERTS_ONLY,
    /** {@code smime-type=compressed-data} (RFC 3274). */
    COMPRESSED,
    /** A PKCS#7 MIME type whose CMS content could not be read. */
    MALFORMED;

    /** @return true for the two encrypted kinds */
    public boolean isEncrypted() {
        return this == ENVELOPED || this == AUTH_ENVELOPED;
    }

    /** @return true for the two signed kinds */
    public boolean isSigned() {
        return this == SIGNED_DETACHED || this == SIGNED_OPAQUE;
    }
}
