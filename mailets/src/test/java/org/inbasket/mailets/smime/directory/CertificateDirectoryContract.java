package org.inbasket.mailets.smime.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.TestPki;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link CertificateDirectory} shares; one subclass per implementation. */
abstract class CertificateDirectoryContract {
    protected static TestPki pki;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Directory CA");
    }

    /** @return the directory under test, empty */
    protected abstract CertificateDirectory directory();

    /** @return the same stored data seen through a new instance (the same instance for in-memory) */
    protected abstract CertificateDirectory reopen();

    @Test
    void addShouldStoreUnderTheCertificateAddressCaseInsensitively() {
        SmimeIdentity patient = pki.issue("Patient@Example.com", KeyType.RSA);

        List<String> addresses = directory().add(patient.certificate());

        assertThat(addresses).containsExactly("patient@example.com");
        assertThat(directory().list("PATIENT@example.COM")).containsExactly(patient.certificate());
        assertThat(directory().list("other@example.com")).isEmpty();
    }

    @Test
    void addShouldBeIdempotent() {
        SmimeIdentity patient = pki.issue("patient@example.com", KeyType.RSA);

        directory().add(patient.certificate());
        directory().add(patient.certificate());

        assertThat(directory().list("patient@example.com")).hasSize(1);
        assertThat(directory().listAll()).hasSize(1);
    }

    @Test
    void addShouldRejectACertificateWithoutAddress() {
        assertThatThrownBy(() -> directory().add(pki.caCertificate())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("names no e-mail address");
    }

    @Test
    void findEncryptionCertificateShouldPickTheCurrentFitCertificateValidLongest() {
        SmimeIdentity expired = pki.issue("patient@example.com", KeyType.RSA, options -> options.expired());
        SmimeIdentity signOnly = pki.issue("patient@example.com", KeyType.RSA, options -> options.keyUsage = KeyUsage.digitalSignature);
        SmimeIdentity shorter = pki.issue("patient@example.com", KeyType.EC,
            options -> options.notAfter = Instant.now().plus(Duration.ofDays(30)));
        SmimeIdentity longer = pki.issue("patient@example.com", KeyType.RSA,
            options -> options.notAfter = Instant.now().plus(Duration.ofDays(700)));
        for (SmimeIdentity identity : List.of(expired, signOnly, shorter, longer)) {
            directory().add(identity.certificate());
        }

        assertThat(directory().findEncryptionCertificate("patient@example.com", Instant.now())).contains(longer.certificate());
        assertThat(directory().findEncryptionCertificate("patient@example.com", Instant.now().plus(Duration.ofDays(800)))).isEmpty();
        assertThat(directory().findEncryptionCertificate("nobody@example.com", Instant.now())).isEmpty();
    }

    @Test
    void findEncryptionCertificateShouldSkipACertificateWithoutEmailProtection() {
        directory().add(pki.issue("web@example.com", KeyType.RSA, options -> options.withoutEmailProtection()).certificate());

        assertThat(directory().findEncryptionCertificate("web@example.com", Instant.now())).isEmpty();
    }

    @Test
    void removeShouldForgetTheCertificateUnderEveryAddress() {
        SmimeIdentity kept = pki.issue("patient@example.com", KeyType.RSA);
        SmimeIdentity removed = pki.issue("patient@example.com", KeyType.EC);
        directory().add(kept.certificate());
        directory().add(removed.certificate());

        assertThat(directory().remove(removed.certificate())).isTrue();
        assertThat(directory().remove(removed.certificate())).isFalse();

        assertThat(directory().list("patient@example.com")).containsExactly(kept.certificate());
        assertThat(directory().listAll()).containsExactly(kept.certificate());
    }

    @Test
    void storedCertificatesShouldSurviveReopening() {
        SmimeIdentity patient = pki.issue("patient@example.com", KeyType.RSA);
        directory().add(patient.certificate());

        assertThat(reopen().findEncryptionCertificate("patient@example.com", Instant.now())).contains(patient.certificate());
    }

    @Test
    void concurrentAddsOfTheSameCertificateShouldStoreItOnce() {
        SmimeIdentity patient = pki.issue("patient@example.com", KeyType.RSA);
        List<CompletableFuture<List<String>>> adds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            adds.add(CompletableFuture.supplyAsync(() -> directory().add(patient.certificate())));
        }

        adds.forEach(add -> assertThat(add.join()).containsExactly("patient@example.com"));
        assertThat(directory().listAll()).hasSize(1);
    }
}
