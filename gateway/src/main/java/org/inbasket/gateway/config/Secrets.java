package org.inbasket.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random passwords the gateway makes for itself (TLS keystore, S/MIME key folder, CA, demo pool account) and
 * the owner-only files that keep them under the data directory.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** @return 192 random bits, URL-safe base64 */
    public static String random() {
        return random(24);
    }

    /** @return {@code bytes} random bytes, URL-safe base64 without padding */
    public static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** Reads the secret kept in {@code file}, or creates the file (owner-only) with a new random one. */
    public static String readOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (secret.isEmpty()) {
                    throw new ConfigException(file + ": the secret file is empty; restore it from a backup");
                }
                return secret;
            }
            Files.createDirectories(file.getParent());
            String secret = random();
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            writeOwnerOnly(tmp, secret);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read or create the secret file: " + e.getMessage(), e);
        }
    }

    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        restrictToOwner(file);
    }

    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions apply
        }
    }
}
