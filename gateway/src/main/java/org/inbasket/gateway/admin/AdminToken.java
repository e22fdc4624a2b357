package org.inbasket.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.inbasket.gateway.config.Secrets;

/**
 * The admin API's bearer token: a random secret the gateway makes at first start in
 * {@code <data>/admin.token} (owner-only) and that every admin request must present.
 *
 * <p>SECURITY: the secret never appears in {@link #toString()}, logs or error answers. {@link #matches} hashes
 * both sides with SHA-256 and compares the digests with {@link MessageDigest#isEqual}, so the time it takes
 * depends neither on where the first wrong character is nor on the presented token's length.</p>
 *
 * <p>BUGS: one token for every operator, no expiry; rotate it by deleting the file and restarting.</p>
 */
public final class AdminToken {
    public static final String FILE_NAME = "admin.token";

    private final byte[] digest;
    private final Path file;
    private final boolean createdNow;

    private AdminToken(String secret, Path file, boolean createdNow) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be empty");
        }
        this.digest = sha256(secret);
        this.file = file;
        this.createdNow = createdNow;
    }

    /** Reads {@code <dataDir>/admin.token}, or creates it (owner-only) with a new random secret. */
    public static AdminToken readOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        boolean existed = Files.exists(file);
        return new AdminToken(Secrets.readOrCreate(file), file, !existed);
    }

    /** A token held in memory only (tests). */
    public static AdminToken of(String secret) {
        return new AdminToken(secret, null, false);
    }

    /** @return whether {@code presented} is the token, in time independent of where they differ */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** @return the file holding the token ({@code null} for a token made by {@link #of}) */
    public Path file() {
        return file;
    }

    /** @return whether {@link #readOrCreate} created the file in this run */
    public boolean createdNow() {
        return createdNow;
    }

    @Override
    public String toString() {
        return "AdminToken[" + (file == null ? "in memory" : file) + "]";
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
