package org.inbasket.gateway.portal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (Bouncy Castle), written in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}.
 *
 * <p>Default cost: 19 MiB, 2 iterations, 1 lane (the OWASP Password Storage Cheat Sheet minimum for
 * Argon2id). Verification reads the cost from the stored string, so the cost can be raised later without
 * invalidating old hashes.</p>
 */
public final class PasswordHasher {
    private static final Pattern PHC = Pattern.compile(
        "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKiB;
    private final int iterations;
    private final int lanes;

    /** The default cost (19 MiB, t=2, p=1). */
    public PasswordHasher() {
        this(19 * 1024, 2, 1);
    }

    public PasswordHasher(int memoryKiB, int iterations, int lanes) {
        if (memoryKiB < 8 * lanes || iterations < 1 || lanes < 1) {
            throw new IllegalArgumentException("invalid Argon2 cost");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.lanes = lanes;
    }

    /** Hashes a password with a fresh 16-byte salt. */
    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, memoryKiB, iterations, lanes);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + lanes + "$" + B64.encodeToString(salt)
            + "$" + B64.encodeToString(hash);
    }

    /** Whether the password matches the stored hash; false for a malformed hash. */
    public boolean verify(String password, String stored) {
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = argon2(password, B64D.decode(m.group(4)), Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int iterations, int lanes) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(iterations)
            .withParallelism(lanes)
            .withSalt(salt)
            .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
