package org.inbasket.mailets.smime.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.inbasket.mailets.smime.SafeFiles;
import org.inbasket.mailets.smime.SmimeCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CertificateDirectory} kept as a folder of certificate files, which an operator can also fill by
 * hand (drop a {@code .pem}, {@code .crt}, {@code .cer} or {@code .der} file in; PEM files may hold several
 * certificates).
 *
 * <p>Certificates added through the API are written as {@code <sha256-fingerprint>.pem} (written to a
 * temporary file, then moved into place). The folder is read when created and read again whenever its
 * modification time changes, so files added or removed by hand are seen on the next lookup; a file
 * edited in place (without a rename) is seen at the next change of the folder. File systems with coarse
 * timestamps (FAT: 2 seconds, some network file systems: 1 second) can give a second change the same
 * modification time as the one before it: while the folder's last change is less than {@value #RACY_MILLIS}
 * ms older than the last read, every lookup reads it again. Unreadable files are skipped with a warning naming
 * the file.</p>
 *
 * <p>SECURITY: whoever can write to the folder decides which certificates mail is encrypted to; give it to
 * the gateway's user only. Thread-safe within one JVM; do not share the folder between two gateways.</p>
 */
public final class FileCertificateDirectory implements CertificateDirectory {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileCertificateDirectory.class);
    private static final List<String> EXTENSIONS = List.of(".pem", ".crt", ".cer", ".der");

    /** How close to a read the folder's last change may be before a later change could share its timestamp. */
    static final long RACY_MILLIS = 2_000;

    private final Path directory;
    private final Map<String, Stored> byFingerprint = new LinkedHashMap<>();
    private FileTime loadedVersion;
    /** Wall-clock time at which the folder was last read (or written by this directory). */
    private long loadedAtMillis;

    /** @param directory the folder; created when missing */
    public FileCertificateDirectory(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DirectoryException("cannot create the certificate folder " + directory, e);
        }
        refresh();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized List<String> add(X509Certificate certificate) {
        List<String> addresses = CertificateDirectory.addressesOf(certificate);
        refresh();
        String fingerprint = SmimeCertificates.fingerprint(certificate);
        if (byFingerprint.containsKey(fingerprint)) {
            return addresses;
        }
        Path file = directory.resolve(fingerprint + ".pem");
        write(file, SmimeCertificates.toPem(certificate));
        byFingerprint.put(fingerprint, new Stored(certificate, file, addresses));
        markCurrent();
        return addresses;
    }

    @Override
    public synchronized List<X509Certificate> list(String address) {
        refresh();
        String wanted = SmimeCertificates.normalizeAddress(address);
        List<X509Certificate> result = new ArrayList<>();
        for (Stored stored : byFingerprint.values()) {
            if (stored.addresses.contains(wanted)) {
                result.add(stored.certificate);
            }
        }
        return result;
    }

    @Override
    public synchronized List<X509Certificate> listAll() {
        refresh();
        return byFingerprint.values().stream().map(Stored::certificate).toList();
    }

    @Override
    public synchronized boolean remove(X509Certificate certificate) {
        refresh();
        String fingerprint = SmimeCertificates.fingerprint(certificate);
        Stored stored = byFingerprint.remove(fingerprint);
        if (stored == null) {
            return false;
        }
        List<X509Certificate> remaining = byFingerprint.values().stream()
            .filter(other -> other.file.equals(stored.file))
            .map(Stored::certificate)
            .toList();
        try {
            if (remaining.isEmpty()) {
                Files.deleteIfExists(stored.file);
            } else {
                write(stored.file, SmimeCertificates.toPem(remaining.toArray()));
            }
        } catch (IOException e) {
            throw new DirectoryException("cannot remove a certificate from " + stored.file, e);
        }
        markCurrent();
        return true;
    }

    /**
     * Reads the folder again when its modification time changed since the last read, or when that time is too close
     * to the last read to prove that nothing changed after it (coarse timestamps).
     */
    private void refresh() {
        FileTime version = version();
        if (version.equals(loadedVersion) && loadedAtMillis - version.toMillis() > RACY_MILLIS) {
            return;
        }
        long readAt = System.currentTimeMillis();
        Map<String, Stored> loaded = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(file) || EXTENSIONS.stream().noneMatch(name::endsWith)) {
                    continue;
                }
                for (X509Certificate certificate : read(file)) {
                    List<String> addresses = SmimeCertificates.emailAddresses(certificate);
                    if (addresses.isEmpty()) {
                        LOGGER.warn("Skipping a certificate without e-mail address in {}", file);
                        continue;
                    }
                    loaded.putIfAbsent(SmimeCertificates.fingerprint(certificate), new Stored(certificate, file, addresses));
                }
            }
        } catch (IOException e) {
            throw new DirectoryException("cannot read the certificate folder " + directory, e);
        }
        byFingerprint.clear();
        byFingerprint.putAll(loaded);
        loadedVersion = version;
        loadedAtMillis = readAt;
    }

    private static List<X509Certificate> read(Path file) {
        try {
            return SmimeCertificates.readCertificates(Files.readAllBytes(file));
        } catch (IOException | CertificateException e) {
            LOGGER.warn("Skipping unreadable certificate file {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    private static void write(Path file, String pem) {
        try {
            SafeFiles.writeAtomically(file, pem.getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new DirectoryException("cannot write the certificate file " + file, e);
        }
    }

    private void markCurrent() {
        loadedVersion = version();
        loadedAtMillis = System.currentTimeMillis();
    }

    private FileTime version() {
        try {
            return Files.getLastModifiedTime(directory);
        } catch (IOException e) {
            throw new DirectoryException("cannot read the certificate folder " + directory, e);
        }
    }

    private record Stored(X509Certificate certificate, Path file, List<String> addresses) {
    }
}
