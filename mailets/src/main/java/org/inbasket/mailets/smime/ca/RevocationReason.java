package org.inbasket.mailets.smime.ca;

import org.bouncycastle.asn1.x509.CRLReason;
import org.inbasket.mailets.smime.ParameterValue;

/** Why a certificate is revoked (RFC 5280 CRLReason), as written into the CRL. */
public enum RevocationReason implements ParameterValue {
    UNSPECIFIED("unspecified", CRLReason.unspecified),
    KEY_COMPROMISE("key-compromise", CRLReason.keyCompromise),
    AFFILIATION_CHANGED("affiliation-changed", CRLReason.affiliationChanged),
    SUPERSEDED("superseded", CRLReason.superseded),
    CESSATION_OF_OPERATION("cessation-of-operation", CRLReason.cessationOfOperation);

    private final String parameterValue;
    private final int code;

    RevocationReason(String parameterValue, int code) {
        this.parameterValue = parameterValue;
        this.code = code;
    }

    @Override
    public String parameterValue() {
        return parameterValue;
    }

    /** @return the RFC 5280 reason code */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static RevocationReason parse(String value) {
        return ParameterValue.parse(RevocationReason.class, value, "revocation reason");
    }
}
