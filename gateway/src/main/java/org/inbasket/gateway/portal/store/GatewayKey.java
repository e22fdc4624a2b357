package org.inbasket.gateway.portal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway key: a 256-bit AES key kept in a file apart from the database, which wraps the per-message keys
 * of the pickup store and keys the HMAC of one-time codes.
 *
 * <p>The file holds one line, the key in base64; it is created with owner-only permissions at first start.
 * Its identifier (first 8 bytes of the SHA-256 of the key, in hex) is stored beside each wrapped key so a
 * wrong key file is detected instead of producing garbage.</p>
 *
 * <p>SECURITY: whoever has both the database and this file can read every stored message; back them up
 * separately. Losing the file makes every stored message unreadable (patients then need the clinic to send
 * again).</p>
 */
public final class GatewayKey {
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final String id;
    private final byte[] hmacKey;

    private GatewayKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
        this.id = computeId(raw);
        this.hmacKey = derive(raw, "inbasket-portal-code-hmac");
    }

    /** A key from raw bytes (tests). */
    public static GatewayKey of(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("gateway key must be " + KEY_BYTES + " bytes");
        }
        return new GatewayKey(raw.clone());
    }

    /** A fresh random key (tests). */
    public static GatewayKey random() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return new GatewayKey(raw);
    }

    /**
     * Loads the key file, creating it (and its directory) with a fresh random key when absent.
     *
     * @throws IllegalStateException naming the file when it exists but is unreadable or malformed
     */
    public static GatewayKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] raw = Base64.getDecoder().decode(text);
            if (raw.length != KEY_BYTES) {
                throw new IllegalStateException(file + ": gateway key must hold " + KEY_BYTES + " bytes in base64");
            }
            return new GatewayKey(raw);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(file + ": cannot read the gateway key (" + e.getMessage() + ")", e);
        }
    }

    private static void create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        byte[] text = (Base64.getEncoder().encodeToString(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            // Another process created it first: use theirs.
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Identifier of this key, stored beside wrapped keys. */
    public String id() {
        return id;
    }

    /** Encrypts with AES-256-GCM; the output is IV followed by ciphertext and tag. */
    public byte[] seal(byte[] plaintext, String context) {
        return seal(key, plaintext, context);
    }

    /** Reverses {@link #seal}; fails if the data or the context differ from sealing time. */
    public byte[] open(byte[] sealed, String context) throws GeneralSecurityException {
        return open(key, sealed, context);
    }

    /** HMAC-SHA256 (hex) with a key derived from the gateway key, for short secrets such as one-time codes. */
    public String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] seal(SecretKey key, byte[] plaintext, String context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, IV_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    static byte[] open(SecretKey key, byte[] sealed, String context) throws GeneralSecurityException {
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("sealed data too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    }

    /** A fresh random AES-256 key for one message. */
    static SecretKey newDataKey() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return new SecretKeySpec(raw, "AES");
    }

    private static String computeId(byte[] raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] derive(byte[] raw, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "GatewayKey[" + id + "]";
    }
}
