package org.inbasket.mailets.smime;


import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;

/** Content encryption algorithms the gateway produces (decryption accepts more, see {@link SmimeDecryptor}). */
public enum ContentCipher implements ParameterValue {
    /** AES-256 in CBC mode, CMS EnvelopedData, {@code smime-type=enveloped-data} (RFC 8551). The default. */
    AES_256_CBC("aes-256-cbc", CMSAlgorithm.AES256_CBC, false),
    /** AES-256 in GCM mode, CMS AuthEnvelopedData (RFC 5083, 5084), {@code smime-type=authEnveloped-data}. */
    AES_256_GCM("aes-256-gcm", CMSAlgorithm.AES256_GCM, true);

    private final String parameterValue;
    private final ASN1ObjectIdentifier oid;
    private final boolean authenticated;

    ContentCipher(String parameterValue, ASN1ObjectIdentifier oid, boolean authenticated) {
        this.parameterValue = parameterValue;
        this.oid = oid;
        this.authenticated = authenticated;
    }

    /** @return the name used in configuration and headers, e.g. {@code aes-256-cbc} */
    @Override
    public String parameterValue() {
        return parameterValue;
    }

    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** @return true for AEAD ciphers, which use AuthEnvelopedData */
    public boolean authenticated() {
        return authenticated;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ContentCipher parse(String value) {
        return ParameterValue.parse(ContentCipher.class, value, "content cipher");
    }
}
