package org.inbasket.mailets.smime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * The result headers the S/MIME mailets stamp, for mail clients (filters, columns, rules) and people.
 *
 * <pre>
 * X-Inbasket-Smime-Signature: valid; signer="dr.grey@clinic.example"; alg=rsa-sha256; from=match
 * X-Inbasket-Smime-Signature: valid; signer="dr.grey@clinic.example"; alg=rsa-sha256; from=match; crl=current
 * X-Inbasket-Smime-Signature: invalid; signer="dr.grey@clinic.example"; alg=rsa-sha256;
 *         reason="the content was altered after it was signed"
 * X-Inbasket-Smime-Encryption: decrypted; alg=aes-256-cbc
 * </pre>
 *
 * <p>Syntax: a status token, then {@code ; name=value} parameters in the RFC 2045 style (tokens or quoted
 * strings), printable ASCII only. {@code crl} ({@code current} or {@code out-of-date}) says whether revocation
 * was checked against a CRL of the signer's issuer that is still current; without a CRL it is left out. The status tokens are {@link SignatureStatus#token()} and
 * {@link DecryptionStatus#token()}. Reasons come from a fixed vocabulary and never quote message content.
 * The mailets delete every incoming copy of their header before stamping, so a sender cannot forge them.</p>
 */
public final class SmimeHeaders {
    public static final String SIGNATURE = "X-Inbasket-Smime-Signature";
    public static final String ENCRYPTION = "X-Inbasket-Smime-Encryption";
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private SmimeHeaders() {
    }

    /** @return the header value for a verification result; {@code fromMatches} when the signer is known */
    static String signature(VerificationResult result, Optional<Boolean> fromMatches) {
        Map<String, String> parameters = new LinkedHashMap<>();
        result.signer().ifPresent(signer -> parameters.put("signer", signer));
        result.algorithm().ifPresent(algorithm -> parameters.put("alg", algorithm));
        fromMatches.ifPresent(matches -> parameters.put("from", matches ? "match" : "mismatch"));
        if (result.isValid()) {
            result.crl().ifPresent(crl -> parameters.put("crl", crl));
        } else {
            parameters.put("reason", result.reason());
        }
        return format(result.status().token(), parameters);
    }

    /** @return the header value for a decryption result */
    static String encryption(DecryptionResult result) {
        Map<String, String> parameters = new LinkedHashMap<>();
        result.contentAlgorithm().ifPresent(algorithm -> parameters.put("alg", algorithm));
        if (!result.isDecrypted()) {
            parameters.put("reason", result.reason());
        }
        return format(result.status().token(), parameters);
    }

    static String format(String status, Map<String, String> parameters) {
        StringBuilder value = new StringBuilder(status);
        parameters.forEach((name, parameter) -> value.append("; ").append(name).append('=').append(quoteIfNeeded(parameter)));
        return value.toString();
    }

    static String quoteIfNeeded(String value) {
        String printable = value.chars()
            .map(c -> c < 0x20 || c > 0x7e ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
        boolean token = !printable.isEmpty() && printable.chars().noneMatch(c -> c == ' ' || TSPECIALS.indexOf(c) >= 0);
        if (token) {
            return printable;
        }
        return '"' + printable.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Removes every copy of a header; @return true when one was there */
    static boolean strip(MimeMessage message, String name) throws MessagingException {
        if (message.getHeader(name) == null) {
            return false;
        }
        message.removeHeader(name);
        return true;
    }

    /** Replaces every copy of a header by one with this value, folded to fit mail line lengths. */
    static void stamp(MimeMessage message, String name, String value) throws MessagingException {
        message.setHeader(name, javax.mail.internet.MimeUtility.fold(name.length() + 2, value));
    }

    /** @return the address of the first From, when there is a parseable one */
    static Optional<String> fromAddress(MimeMessage message) {
        try {
            String from = message.getHeader("From", ",");
            if (from == null) {
                return Optional.empty();
            }
            InternetAddress[] addresses = InternetAddress.parseHeader(from, false);
            return addresses.length == 0 ? Optional.empty() : Optional.of(SmimeCertificates.normalizeAddress(addresses[0].getAddress()));
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }
}
