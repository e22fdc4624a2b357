package org.inbasket.mailets.smime;


/** How the content key is wrapped for a recipient with an RSA certificate. EC recipients always use ECDH. */
public enum RsaKeyTransport implements ParameterValue {
    /** RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017, RFC 4055). The default. */
    RSA_OAEP_SHA256("rsa-oaep-sha256"),
    /** RSAES-PKCS1-v1_5: only for legacy peers that cannot read OAEP (Outlook before 2016, gpgsm 2.2). */
    RSA_PKCS1_V15("rsa-pkcs1v15");

    private final String parameterValue;

    RsaKeyTransport(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    @Override
    public String parameterValue() {
        return parameterValue;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static RsaKeyTransport parse(String value) {
        return ParameterValue.parse(RsaKeyTransport.class, value, "RSA key transport");
    }
}
