package org.inbasket.mailets.smime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SmimeTrustStore} read from files and folders: every certificate found is a trust anchor, every
 * CRL a revocation list.
 *
 * <p>Each location is a file or a folder (not searched recursively). Certificates come from {@code .pem},
 * {@code .crt}, {@code .cer}, {@code .der} files (PEM may hold several, mixed with CRLs); CRLs from
 * {@code .crl} files (PEM or DER) and from CRL blocks in PEM files. Typical locations: the built-in CA's
 * folder ({@code ca.pem}, {@code crl.pem}) and a folder of partner CA certificates maintained by the
 * operator. The locations are read again, at most once per {@code recheckInterval}, when a file's size
 * or modification time changed, so a new CRL from the CA is picked up without a restart.</p>
 *
 * <p>SECURITY: any certificate placed in these locations can vouch for any sender; keep them writable by
 * the gateway's administrator only. A missing location is an error at construction (a typo would
 * otherwise silently trust nothing); an unreadable file is skipped with a warning.</p>
 */
public final class PemTrustStore implements SmimeTrustStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(PemTrustStore.class);
    private static final List<String> CERTIFICATE_EXTENSIONS = List.of(".pem", ".crt", ".cer", ".der");

    private final List<Path> locations;
    private final long recheckNanos;
    private long checkedAt;
    private List<String> loadedSignature = List.of();
    private List<X509Certificate> anchors = List.of();
    private List<X509CRL> crls = List.of();
    /** CRLs already reported as out of date (each is reported once while it stays loaded). */
    private final java.util.Set<X509CRL> reportedOutOfDate = new java.util.HashSet<>();

    /**
     * @param locations files and folders to read
     * @param recheckInterval how often to look for changed files
     * @throws IllegalArgumentException naming a location that does not exist
     */
    public PemTrustStore(List<Path> locations, Duration recheckInterval) {
        this.locations = List.copyOf(locations);
        this.recheckNanos = recheckInterval.toNanos();
        for (Path location : this.locations) {
            if (!Files.exists(location)) {
                throw new IllegalArgumentException("the trust store location " + location + " does not exist");
            }
        }
        reload(signature());
        reportOutOfDate();
        this.checkedAt = System.nanoTime();
    }

    /** Reads the locations, rechecking at most every 30 seconds. */
    public PemTrustStore(List<Path> locations) {
        this(locations, Duration.ofSeconds(30));
    }

    @Override
    public synchronized Collection<X509Certificate> trustAnchors() {
        refresh();
        return anchors;
    }

    @Override
    public synchronized Collection<X509CRL> crls() {
        refresh();
        return crls;
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - checkedAt < recheckNanos) {
            return;
        }
        checkedAt = now;
        List<String> signature = signature();
        if (!signature.equals(loadedSignature)) {
            reload(signature);
        }
        reportOutOfDate();
    }

    /** Warns once per loaded CRL that is past its nextUpdate: revocation is then checked against old news. */
    private void reportOutOfDate() {
        java.time.Instant now = java.time.Instant.now();
        reportedOutOfDate.retainAll(crls);
        for (X509CRL crl : crls) {
            if (crl.getNextUpdate() != null && now.isAfter(crl.getNextUpdate().toInstant()) && reportedOutOfDate.add(crl)) {
                LOGGER.warn("The CRL of {} is out of date since {}: put a newer one in the trust store; until then "
                    + "signatures by its certificates are stamped crl=out-of-date", crl.getIssuerX500Principal().getName(),
                    crl.getNextUpdate().toInstant());
            }
        }
    }

    private void reload(List<String> signature) {
        List<X509Certificate> newAnchors = new ArrayList<>();
        List<X509CRL> newCrls = new ArrayList<>();
        for (Path file : files()) {
            read(file, newAnchors, newCrls);
        }
        anchors = List.copyOf(newAnchors);
        crls = List.copyOf(newCrls);
        loadedSignature = signature;
    }

    private static void read(Path file, List<X509Certificate> anchors, List<X509CRL> crls) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            byte[] content = Files.readAllBytes(file);
            String text = new String(content, java.nio.charset.StandardCharsets.US_ASCII);
            if (name.endsWith(".crl")) {
                crls.addAll(text.contains("-----BEGIN") ? SmimeCertificates.readPemCrls(text) : List.of(SmimeCertificates.parseCrl(content)));
            } else if (text.contains("-----BEGIN")) {
                anchors.addAll(SmimeCertificates.readPemCertificates(text));
                crls.addAll(SmimeCertificates.readPemCrls(text));
            } else {
                anchors.add(SmimeCertificates.parse(content));
            }
        } catch (IOException | CertificateException e) {
            LOGGER.warn("Skipping unreadable trust store file {}: {}", file, e.getMessage());
        }
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path location : locations) {
            if (Files.isDirectory(location)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(location)) {
                    for (Path entry : entries) {
                        if (Files.isRegularFile(entry) && isTrustFile(entry)) {
                            files.add(entry);
                        }
                    }
                } catch (IOException e) {
                    LOGGER.warn("Cannot list trust store folder {}: {}", location, e.getMessage());
                }
            } else if (Files.isRegularFile(location)) {
                files.add(location);
            }
        }
        files.sort(Path::compareTo);
        return files;
    }

    private static boolean isTrustFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".crl") || CERTIFICATE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private List<String> signature() {
        List<String> signature = new ArrayList<>();
        for (Path file : files()) {
            try {
                signature.add(file + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                signature.add(file + ":unreadable");
            }
        }
        return signature;
    }

    @Override
    public String toString() {
        return "PemTrustStore" + Objects.toString(locations);
    }
}
