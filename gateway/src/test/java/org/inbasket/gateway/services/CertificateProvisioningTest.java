package org.inbasket.gateway.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.smime.ca.CertificateAuthority;
import org.inbasket.mailets.smime.ca.CertificateAuthoritySettings;
import org.inbasket.mailets.smime.directory.InMemoryCertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryPrivateKeyDirectory;
import org.inbasket.mailets.triage.pool.MemoryPoolDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates for every user, and pool mail encrypted to the pool and each member. */
class CertificateProvisioningTest {
    @TempDir
    Path ca;
    InMemoryCertificateDirectory certificates;
    InMemoryPrivateKeyDirectory keys;
    CertificateProvisioning provisioning;

    @BeforeEach
    void setUp() throws Exception {
        certificates = new InMemoryCertificateDirectory();
        keys = new InMemoryPrivateKeyDirectory();
        CertificateAuthority authority = CertificateAuthority.openOrCreate(ca, "ca-password".toCharArray(),
            CertificateAuthoritySettings.DEFAULT, Clock.systemUTC());
        provisioning = new CertificateProvisioning(authority, certificates, keys, Clock.systemUTC());
    }

    @Test
    void ensureCertificateShouldIssueOnceAndFileKeyAndCertificate() throws Exception {
        assertThat(provisioning.ensureCertificate("dr.grey@clinic.example")).isTrue();
        assertThat(provisioning.ensureCertificate("dr.grey@clinic.example")).isFalse();
        assertThat(certificates.list("dr.grey@clinic.example")).hasSize(1);
        assertThat(keys.list("dr.grey@clinic.example")).hasSize(1);
        assertThat(certificates.findEncryptionCertificate("dr.grey@clinic.example", Instant.now())).isPresent();
    }

    @Test
    void ensureAllShouldCountOnlyNewCertificatesAndGoOnAfterABadAddress() {
        int issued = provisioning.ensureAll(List.of("a@clinic.example", "not an address", "b@clinic.example"));
        assertThat(issued).isEqualTo(2);
        assertThat(provisioning.ensureAll(List.of("a@clinic.example", "b@clinic.example"))).isZero();
    }

    @Test
    void domainIdentitiesShouldBeIssuedOnceUnderTheBareDomainAndNotForSingleLabelDomains() throws Exception {
        provisioning.ensureDomainIdentities(List.of("localhost", "clinic.example", "branch.clinic.example"));

        assertThat(keys.owners()).containsExactlyInAnyOrder("clinic.example", "branch.clinic.example");
        var first = keys.list("clinic.example").get(0).certificate();
        assertThat(provisioning.ensureDomainIdentity("clinic.example").certificate()).isEqualTo(first);
        assertThat(keys.list("clinic.example")).hasSize(1);
        // The domain key does not become a personal certificate in the directory (postmaster keeps its own).
        assertThat(certificates.list("postmaster@clinic.example")).isEmpty();
        var renewed = provisioning.issueDomain("clinic.example").certificate();
        // Renewal keeps the old key (it still decrypts mail sent to the old certificate).
        assertThat(keys.list("clinic.example")).extracting(identity -> identity.certificate()).containsExactlyInAnyOrder(first, renewed);
    }

    @Test
    void currentIdentityShouldBeTheUnrevokedKeyEvenWhenTheDatesAreTheSame() throws Exception {
        // A fixed clock: both certificates get the same dates, as a renewal in the same second or certificates
        // capped at an existing CA's end do (a regression: the export picked by date alone, and could hand out
        // the revoked key, which opens none of the new mail).
        Clock fixed = Clock.fixed(Instant.parse("2026-12-07T19:00:00Z"), java.time.ZoneOffset.UTC);
        CertificateAuthority authority = CertificateAuthority.openOrCreate(ca.resolve("fixed"), "ca-password".toCharArray(),
            CertificateAuthoritySettings.DEFAULT, fixed);
        CertificateProvisioning sameSecond = new CertificateProvisioning(authority, certificates, keys, fixed);
        for (int round = 0; round < 4; round++) {
            String address = "clinician" + round + "@clinic.example";
            X509Certificate revoked = sameSecond.issue(address).certificate();
            certificates.remove(revoked);
            X509Certificate renewed = sameSecond.issue(address).certificate();
            assertThat(renewed.getNotAfter()).isEqualTo(revoked.getNotAfter());

            assertThat(keys.list(address)).hasSize(2);
            assertThat(sameSecond.currentIdentity(address)).get()
                .extracting(identity -> identity.certificate()).isEqualTo(renewed);
        }
        assertThat(sameSecond.currentIdentity("nobody@clinic.example")).isEmpty();
    }

    @Test
    void poolMailShouldBeEncryptedToThePoolAndEveryMemberWithACertificate() throws Exception {
        MemoryPoolDirectory pools = new MemoryPoolDirectory();
        MailAddress pool = new MailAddress("rn-pool@clinic.example");
        pools.createPool(pool);
        pools.addMember(pool, new MailAddress("nurse.joy@clinic.example"));
        pools.addMember(pool, new MailAddress("nurse.new@clinic.example"));
        provisioning.ensureAll(List.of("rn-pool@clinic.example", "nurse.joy@clinic.example", "dr.grey@clinic.example"));
        PoolAwareCertificateDirectory directory = new PoolAwareCertificateDirectory(certificates, pools);

        List<X509Certificate> forPool = directory.findEncryptionCertificates("rn-pool@clinic.example", Instant.now());
        assertThat(forPool).hasSize(2);
        assertThat(forPool).extracting(c -> c.getSubjectX500Principal().getName())
            .anyMatch(n -> n.contains("rn-pool")).anyMatch(n -> n.contains("nurse.joy"));
        assertThat(directory.findEncryptionCertificates("dr.grey@clinic.example", Instant.now())).hasSize(1);
        assertThat(directory.findEncryptionCertificates("nobody@clinic.example", Instant.now())).isEmpty();
    }
}
