package org.inbasket.mailets.smime.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.inbasket.mailets.smime.SmimeCertificates;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCertificateDirectoryTest extends CertificateDirectoryContract {
    @TempDir
    Path folder;
    private FileCertificateDirectory directory;

    @BeforeEach
    void create() {
        directory = new FileCertificateDirectory(folder.resolve("certificates"));
    }

    @Override
    protected CertificateDirectory directory() {
        return directory;
    }

    @Override
    protected CertificateDirectory reopen() {
        return new FileCertificateDirectory(folder.resolve("certificates"));
    }

    @Test
    void addShouldWriteOnePemFileNamedByFingerprint() throws Exception {
        SmimeIdentity patient = pki.issue("patient@example.com", KeyType.RSA);

        directory.add(patient.certificate());

        Path file = directory.directory().resolve(SmimeCertificates.fingerprint(patient.certificate()) + ".pem");
        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----");
        try (var files = Files.list(directory.directory())) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void listShouldSeeFilesDroppedInByAnOperator() throws Exception {
        SmimeIdentity first = pki.issue("partner@other.example", KeyType.RSA);
        SmimeIdentity second = pki.issue("partner@other.example", KeyType.EC);
        directory.list("partner@other.example");
        Files.writeString(directory.directory().resolve("partner bundle.pem"),
            SmimeCertificates.toPem(first.certificate(), second.certificate()));
        Files.write(directory.directory().resolve("ignored.txt"), new byte[] {1, 2, 3});
        Files.writeString(directory.directory().resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        assertThat(directory.list("partner@other.example")).containsExactlyInAnyOrder(first.certificate(), second.certificate());
        assertThat(directory.findEncryptionCertificate("partner@other.example", Instant.now())).isPresent();
    }

    @Test
    void aFileDroppedInWithinTheSameTimestampTickShouldStillBeSeen() throws Exception {
        // A coarse file system (FAT, some NFS) gives the second change the same folder time as the read before it.
        SmimeIdentity partner = pki.issue("partner@other.example", KeyType.RSA);
        Path certificates = directory.directory();
        FileTime tick = FileTime.from(Instant.now().minusMillis(500));
        Files.setLastModifiedTime(certificates, tick);
        assertThat(directory.list("partner@other.example")).isEmpty();

        Files.writeString(certificates.resolve("partner.pem"), SmimeCertificates.toPem(partner.certificate()));
        Files.setLastModifiedTime(certificates, tick);

        assertThat(directory.list("partner@other.example")).containsExactly(partner.certificate());
    }

    @Test
    void aFolderReadWellAfterItsLastChangeShouldNotBeReadAgainUntilItChanges() throws Exception {
        SmimeIdentity partner = pki.issue("partner@other.example", KeyType.RSA);
        Path certificates = directory.directory();
        FileTime settled = FileTime.from(Instant.now().minus(Duration.ofMinutes(5)));
        Files.setLastModifiedTime(certificates, settled);
        assertThat(directory.list("partner@other.example")).isEmpty();

        // A file that appears without the folder time moving (only possible by hand, as here) waits for the next change.
        Files.writeString(certificates.resolve("partner.pem"), SmimeCertificates.toPem(partner.certificate()));
        Files.setLastModifiedTime(certificates, settled);
        assertThat(directory.list("partner@other.example")).isEmpty();

        Files.setLastModifiedTime(certificates, FileTime.from(Instant.now()));
        assertThat(directory.list("partner@other.example")).containsExactly(partner.certificate());
    }

    @Test
    void removeShouldRewriteABundleFileWithoutTheRemovedCertificate() throws Exception {
        SmimeIdentity first = pki.issue("partner@other.example", KeyType.RSA);
        SmimeIdentity second = pki.issue("partner@other.example", KeyType.EC);
        Files.writeString(directory.directory().resolve("bundle.pem"), SmimeCertificates.toPem(first.certificate(), second.certificate()));

        assertThat(directory.remove(first.certificate())).isTrue();

        assertThat(reopen().list("partner@other.example")).containsExactly(second.certificate());
    }
}
