package org.inbasket.gateway.portal.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises uploaded files by their first bytes, never by the name or the type the browser claims.
 */
public final class UploadTypes {
    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm",
        "hevs", "mif1", "msf1");

    private UploadTypes() {
    }

    /** The detected MIME type, if the bytes start like a JPEG, PNG, GIF, WebP, HEIC/HEIF image or a PDF. */
    public static Optional<String> detect(byte[] data) {
        if (starts(data, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(data, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (ascii(data, 0, "GIF87a") || ascii(data, 0, "GIF89a")) {
            return Optional.of("image/gif");
        }
        if (ascii(data, 0, "RIFF") && ascii(data, 8, "WEBP")) {
            return Optional.of("image/webp");
        }
        if (ascii(data, 4, "ftyp") && data.length >= 12) {
            String brand = new String(data, 8, 4, StandardCharsets.US_ASCII);
            if (HEIF_BRANDS.contains(brand)) {
                return Optional.of(brand.startsWith("hei") || brand.startsWith("hev") ? "image/heic" : "image/heif");
            }
        }
        if (ascii(data, 0, "%PDF-")) {
            return Optional.of("application/pdf");
        }
        return Optional.empty();
    }

    /** The usual extension for a detected type. */
    public static String extension(String type) {
        return switch (type) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/gif" -> ".gif";
            case "image/webp" -> ".webp";
            case "image/heic" -> ".heic";
            case "image/heif" -> ".heif";
            case "application/pdf" -> ".pdf";
            default -> "";
        };
    }

    private static boolean starts(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] data, int offset, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        return data.length >= offset + expected.length
            && Arrays.equals(data, offset, offset + expected.length, expected, 0, expected.length);
    }
}
