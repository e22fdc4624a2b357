package org.inbasket.mailets.smime.ca;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x509.CRLReason;

/** Why a certificate is revoked (RFC 5280 CRLReason), as written into the CRL. */
public enum RevocationReason {
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

    public String parameterValue() {
        return parameterValue;
    }

    /** @return the RFC 5280 reason code */
    public int code() {
        return code;
    }

    static RevocationReason fromCode(int code) {
        return Arrays.stream(values()).filter(reason -> reason.code == code).findFirst().orElse(UNSPECIFIED);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static RevocationReason parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
            .filter(reason -> reason.parameterValue.equals(wanted))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown revocation reason '" + value + "', expected one of "
                + Arrays.stream(values()).map(RevocationReason::parameterValue).collect(Collectors.joining(", "))));
    }
}
