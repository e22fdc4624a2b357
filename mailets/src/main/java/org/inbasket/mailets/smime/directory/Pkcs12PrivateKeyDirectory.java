package org.inbasket.mailets.smime.directory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.inbasket.mailets.smime.Pkcs12;
import org.inbasket.mailets.smime.SafeFiles;
import org.inbasket.mailets.smime.SmimeCertificates;
import org.inbasket.mailets.smime.SmimeException;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PrivateKeyDirectory} on disk: {@code <folder>/<owner>/<sha256-fingerprint>.p12}, each file a
 * PKCS#12 protected by one store password ({@link Pkcs12.Profile#MODERN}, or {@link Pkcs12.Profile#STORE} when the
 * caller says the password is machine-generated).
 *
 * <p>The owner folder name is the owner with every character outside {@code a-z 0-9 . _ + @ -} (and a
 * leading dot) written as {@code %XX}, so no owner can climb out of the folder. Decrypted keys are cached
 * per owner and read again when the owner's folder changes. Files are written owner-only ({@code 0600})
 * where the file system supports POSIX permissions. A file that cannot be read (wrong password, damage) is
 * skipped with a warning naming it, so one bad file does not stop the others.</p>
 *
 * <p>SECURITY: the password protects every key; keep it out of the data folder (for example in the
 * gateway's configuration, readable by the gateway only). Back the folder up with the password.</p>
 */
public final class Pkcs12PrivateKeyDirectory implements PrivateKeyDirectory {
    private static final Logger LOGGER = LoggerFactory.getLogger(Pkcs12PrivateKeyDirectory.class);

    private final Path directory;
    private final char[] password;
    private final Pkcs12.Profile profile;
    private final Map<String, Cached> cache = new HashMap<>();

    /**
     * @param directory the folder; created when missing
     * @param password the store password (copied)
     */
    public Pkcs12PrivateKeyDirectory(Path directory, char[] password) {
        this(directory, password, Pkcs12.Profile.MODERN);
    }

    /**
     * @param directory the folder; created when missing
     * @param password the store password (copied)
     * @param profile how new files are written: {@link Pkcs12.Profile#STORE} only for a random password of at least
     *     {@value Pkcs12#STORE_MIN_PASSWORD} characters (files already written are read whatever their profile)
     */
    public Pkcs12PrivateKeyDirectory(Path directory, char[] password, Pkcs12.Profile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        if (profile == Pkcs12.Profile.STORE && password.length < Pkcs12.STORE_MIN_PASSWORD) {
            throw new IllegalArgumentException("the STORE profile needs a random password of at least "
                + Pkcs12.STORE_MIN_PASSWORD + " characters");
        }
        this.directory = Objects.requireNonNull(directory, "directory");
        if (password.length == 0) {
            throw new IllegalArgumentException("the key store password must not be empty");
        }
        this.password = Arrays.copyOf(password, password.length);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DirectoryException("cannot create the key folder " + directory, e);
        }
    }

    @Override
    public synchronized void add(String owner, SmimeIdentity identity) {
        String normalized = PrivateKeyDirectory.normalizeOwner(owner);
        Path ownerFolder = ownerFolder(normalized);
        try {
            Files.createDirectories(ownerFolder);
            byte[] pkcs12 = Pkcs12.write(identity, password, normalized, profile);
            Path file = ownerFolder.resolve(SmimeCertificates.fingerprint(identity.certificate()) + ".p12");
            SafeFiles.writeAtomically(file, pkcs12, true);
        } catch (IOException | SmimeException e) {
            throw new DirectoryException("cannot store a key for " + normalized, e);
        }
        cache.remove(normalized);
    }

    @Override
    public synchronized List<SmimeIdentity> list(String owner) {
        String normalized = PrivateKeyDirectory.normalizeOwner(owner);
        Path ownerFolder = ownerFolder(normalized);
        if (!Files.isDirectory(ownerFolder)) {
            return List.of();
        }
        FileTime version = version(ownerFolder);
        Cached cached = cache.get(normalized);
        if (cached != null && cached.version.equals(version)) {
            return cached.identities;
        }
        List<SmimeIdentity> identities = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ownerFolder, "*.p12")) {
            for (Path file : files) {
                try {
                    identities.addAll(Pkcs12.read(Files.readAllBytes(file), password));
                } catch (SmimeException | IOException e) {
                    LOGGER.warn("Skipping unreadable key file {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new DirectoryException("cannot read the key folder of " + normalized, e);
        }
        List<SmimeIdentity> result = List.copyOf(identities);
        cache.put(normalized, new Cached(version, result));
        return result;
    }

    @Override
    public synchronized boolean remove(String owner, X509Certificate certificate) {
        String normalized = PrivateKeyDirectory.normalizeOwner(owner);
        Path ownerFolder = ownerFolder(normalized);
        Path file = ownerFolder.resolve(SmimeCertificates.fingerprint(certificate) + ".p12");
        try {
            boolean removed = Files.deleteIfExists(file);
            if (removed) {
                cache.remove(normalized);
                try (DirectoryStream<Path> rest = Files.newDirectoryStream(ownerFolder)) {
                    if (!rest.iterator().hasNext()) {
                        Files.delete(ownerFolder);
                    }
                }
            }
            return removed;
        } catch (IOException e) {
            throw new DirectoryException("cannot remove a key of " + normalized, e);
        }
    }

    @Override
    public synchronized List<String> owners() {
        List<String> owners = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path folder : folders) {
                owners.add(decode(folder.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new DirectoryException("cannot list the key folder " + directory, e);
        }
        owners.sort(String::compareTo);
        return owners;
    }

    private Path ownerFolder(String normalizedOwner) {
        return directory.resolve(encode(normalizedOwner));
    }

    static String encode(String owner) {
        StringBuilder name = new StringBuilder();
        byte[] bytes = owner.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_' || b == '+' || b == '@' || b == '-'
                || (b == '.' && i > 0);
            if (plain) {
                name.append((char) b);
            } else {
                name.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) b));
            }
        }
        return name.toString();
    }

    static String decode(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                bytes.write(HexFormat.fromHexDigits(name, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static FileTime version(Path folder) {
        try {
            return Files.getLastModifiedTime(folder);
        } catch (IOException e) {
            throw new DirectoryException("cannot read the key folder " + folder, e);
        }
    }

    private record Cached(FileTime version, List<SmimeIdentity> identities) {
    }
}
