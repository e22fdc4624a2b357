package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTrustStoreTest {
    @TempDir
    Path folder;

    @Test
    void trustStoreShouldReadAnchorsAndCrlsFromFilesAndFolders() throws Exception {
        TestPki first = TestPki.create("Trust A");
        TestPki second = TestPki.create("Trust B");
        Path anchors = Files.createDirectory(folder.resolve("anchors"));
        Files.writeString(anchors.resolve("a.pem"), SmimeCertificates.toPem(first.caCertificate()));
        Files.write(anchors.resolve("b.der"), second.caCertificate().getEncoded());
        Files.writeString(anchors.resolve("notes.txt"), "not a certificate");
        Files.writeString(anchors.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n");
        Path crl = folder.resolve("first.crl");
        Files.writeString(crl, SmimeCertificates.toPem(first.crlRevoking()));

        PemTrustStore store = new PemTrustStore(List.of(anchors, crl), Duration.ZERO);

        assertThat(store.trustAnchors()).containsExactlyInAnyOrder(first.caCertificate(), second.caCertificate());
        assertThat(store.crls()).hasSize(1);
    }

    @Test
    void trustStoreShouldPickUpANewCrlWithoutRestart() throws Exception {
        TestPki pki = TestPki.create("Trust C");
        SmimeIdentity leaver = pki.issue("leaver@clinic.example", KeyType.RSA);
        Files.writeString(folder.resolve("ca.pem"), SmimeCertificates.toPem(pki.caCertificate()));
        PemTrustStore store = new PemTrustStore(List.of(folder), Duration.ZERO);
        assertThat(store.crls()).isEmpty();

        Files.writeString(folder.resolve("crl.pem"), SmimeCertificates.toPem(pki.crlRevoking(leaver.certificate())));

        assertThat(store.crls()).singleElement().satisfies(crl -> assertThat(crl.isRevoked(leaver.certificate())).isTrue());
    }

    @Test
    void trustStoreShouldRejectAMissingLocation() {
        assertThatThrownBy(() -> new PemTrustStore(List.of(folder.resolve("typo")))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("typo");
    }
}
