package org.inbasket.mailets.pickup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Link tokens: 256 random bits from {@link SecureRandom}, written in base64url (43 characters), stored only as
 * their SHA-256.
 *
 * <p>SECURITY: a token is a bearer secret for the landing page only; it does not log anybody in.</p>
 */
public final class PickupTokens {
    /** Random bytes in a token: 256 bits, twice the 128 bits required. */
    public static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PickupTokens() {
    }

    /** A new random token. */
    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the text has the shape of a token (cheap rejection of junk before any lookup). */
    public static boolean looksLikeToken(String candidate) {
        return candidate != null && candidate.matches("[A-Za-z0-9_-]{43}");
    }

    /** The hex SHA-256 of a token, the only form in which tokens are stored. */
    public static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
