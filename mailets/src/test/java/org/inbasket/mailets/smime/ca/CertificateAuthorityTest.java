package org.inbasket.mailets.smime.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.inbasket.mailets.smime.DecryptionStatus;
import org.inbasket.mailets.smime.EncryptionOptions;
import org.inbasket.mailets.smime.KeyAlgorithm;
import org.inbasket.mailets.smime.Pkcs12;
import org.inbasket.mailets.smime.SignatureStatus;
import org.inbasket.mailets.smime.SmimeCertificates;
import org.inbasket.mailets.smime.SmimeDecryptor;
import org.inbasket.mailets.smime.SmimeEncryptor;
import org.inbasket.mailets.smime.SmimeException;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.SmimeSigner;
import org.inbasket.mailets.smime.SmimeVerifier;
import org.inbasket.mailets.smime.TestMessages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final char[] PASSWORD = "ca password".toCharArray();
    /** RSA-2048 for the CA keeps the suite fast; the default is RSA-3072. */
    private static final CertificateAuthoritySettings FAST = CertificateAuthoritySettings.DEFAULT.withCaKeyAlgorithm(KeyAlgorithm.RSA_2048);

    @TempDir
    static Path shared;
    private static CertificateAuthority ca;

    @BeforeAll
    static void createCa() throws Exception {
        ca = CertificateAuthority.openOrCreate(shared.resolve("ca"), PASSWORD, FAST, Clock.systemUTC());
    }

    private static ExternalResult openssl(Path directory, String... arguments) {
        return ExternalResult.run(directory, arguments);
    }

    @Nested
    class Lifecycle {
        @TempDir
        Path folder;

        @Test
        void openOrCreateShouldCreateTheCaOnceAndReopenIt() throws Exception {
            CertificateAuthority created = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, Clock.systemUTC());
            CertificateAuthority reopened = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, Clock.systemUTC());

            assertThat(reopened.certificate()).isEqualTo(created.certificate());
            assertThat(created.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Inbasket Gateway S/MIME CA");
            assertThat(created.certificate().getBasicConstraints()).isZero();
            assertThat(created.certificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
            assertThat(Files.readString(folder.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("ca.p12"))))
                .isEqualTo("rw-------");
        }

        @Test
        void openOrCreateShouldFailNamingTheFileWhenThePasswordIsWrong() throws Exception {
            CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, Clock.systemUTC());

            assertThatThrownBy(() -> CertificateAuthority.openOrCreate(folder, "wrong".toCharArray(), FAST, Clock.systemUTC()))
                .isInstanceOf(SmimeException.class)
                .hasMessageContaining(folder.resolve("ca.p12").toString())
                .hasMessageContaining("wrong password");
        }

        @Test
        void openExistingShouldUseAConfiguredCaWithItsOwnStateFolder() throws Exception {
            Path keystore = shared.resolve("ca").resolve("ca.p12");

            CertificateAuthority existing = CertificateAuthority.openExisting(keystore, PASSWORD, folder.resolve("state"), FAST, Clock.systemUTC());
            SmimeIdentity issued = existing.issue("nurse@clinic.example");

            assertThat(existing.certificate()).isEqualTo(ca.certificate());
            issued.certificate().verify(ca.certificate().getPublicKey());
            assertThat(existing.issuedCertificates()).containsExactly(issued.certificate());
        }

        @Test
        void openExistingShouldRejectAKeystoreWithoutCaKey() throws Exception {
            Path file = folder.resolve("user.p12");
            Files.write(file, CertificateAuthority.exportPkcs12(ca.issue("user@clinic.example"), PASSWORD));

            assertThatThrownBy(() -> CertificateAuthority.openExisting(file, PASSWORD, folder, FAST, Clock.systemUTC()))
                .isInstanceOf(SmimeException.class).hasMessageContaining("no CA key");
        }

        @Test
        void issueShouldRejectSomethingThatIsNotAnAddress() {
            assertThatThrownBy(() -> ca.issue("not an address")).isInstanceOf(SmimeException.class);
        }

        @Test
        void issueDomainShouldNameTheDomainAndItsPostmasterAndBeFitToSignAndEncrypt() throws Exception {
            X509Certificate certificate = ca.issueDomain("Clinic.Example").certificate();

            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=clinic.example");
            assertThat(SmimeCertificates.emailAddresses(certificate)).containsExactly("postmaster@clinic.example");
            List<String> names = certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
            assertThat(names).containsExactlyInAnyOrder("postmaster@clinic.example", "clinic.example");
            assertThat(SmimeCertificates.isFitForSigning(certificate)).isTrue();
            assertThat(SmimeCertificates.isFitForEncryption(certificate)).isTrue();
            certificate.verify(ca.certificate().getPublicKey());
        }

        @Test
        void issueDomainShouldRejectSomethingThatIsNotADomain() {
            for (String bad : List.of("not a domain", "dr.grey@clinic.example", "localhost", "-clinic.example", "clinic..example")) {
                assertThatThrownBy(() -> ca.issueDomain(bad)).as(bad).isInstanceOf(SmimeException.class)
                    .hasMessageContaining("not a domain name");
            }
        }

        @Test
        void issueShouldNotOutliveTheCa() throws Exception {
            CertificateAuthority young = CertificateAuthority.openOrCreate(folder, PASSWORD,
                new CertificateAuthoritySettings("CN=Short CA", KeyAlgorithm.EC_P256, Duration.ofDays(100), KeyAlgorithm.EC_P256,
                    Duration.ofDays(730), Duration.ofDays(7), java.util.Optional.empty()), Clock.systemUTC());

            SmimeIdentity issued = young.issue("user@clinic.example");

            assertThat(issued.certificate().getNotAfter()).isEqualTo(young.certificate().getNotAfter());
        }
    }

    @Nested
    class IssuedCertificates {
        @Test
        void rsaCertificateShouldCarryTheSmimeProfile() throws Exception {
            X509Certificate certificate = ca.issue("Dr.Grey@Clinic.Example").certificate();

            assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=dr.grey@clinic.example");
            assertThat(SmimeCertificates.emailAddresses(certificate)).containsExactly("dr.grey@clinic.example");
            assertThat(certificate.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_emailProtection.getId());
            boolean[] usage = certificate.getKeyUsage();
            assertThat(usage[0]).as("digitalSignature").isTrue();
            assertThat(usage[2]).as("keyEncipherment").isTrue();
            assertThat(usage[4]).as("keyAgreement").isFalse();
            assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
            assertThat(certificate.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId(), Extension.basicConstraints.getId());
            assertThat(certificate.getSerialNumber().bitLength()).isEqualTo(127);
            assertThat(Duration.between(Instant.now(), certificate.getNotAfter().toInstant())).isBetween(Duration.ofDays(729), Duration.ofDays(731));
            certificate.verify(ca.certificate().getPublicKey());
        }

        @Test
        void ecCertificateShouldUseKeyAgreementInsteadOfKeyEncipherment() throws Exception {
            X509Certificate certificate = ca.issue("nurse@clinic.example", KeyAlgorithm.EC_P256).certificate();

            assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(certificate.getKeyUsage()[4]).as("keyAgreement").isTrue();
            assertThat(certificate.getKeyUsage()[2]).as("keyEncipherment").isFalse();
            assertThat(SmimeCertificates.isFitForEncryption(certificate)).isTrue();
            assertThat(SmimeCertificates.isFitForSigning(certificate)).isTrue();
        }

        @Test
        void issuedIdentityShouldSignAndDecryptAndVerifyAgainstTheCa() throws Exception {
            SmimeIdentity grey = ca.issue("dr.grey@clinic.example", KeyAlgorithm.EC_P256);
            MimeMessage signed = new SmimeSigner().sign(TestMessages.plain(), grey);
            MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(signed, List.of(grey.certificate()));

            var decrypted = new SmimeDecryptor().decrypt(encrypted, List.of(grey));
            assertThat(decrypted.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            var verified = new SmimeVerifier(List.of(ca.certificate()), List.of(), Clock.systemUTC(), false)
                .verify(decrypted.message().orElseThrow(), List.of());
            assertThat(verified.status()).isEqualTo(SignatureStatus.VALID);
        }

        @Test
        void opensslShouldAcceptIssuedCertificatesForSmimeSigningAndEncryption(@TempDir Path directory) throws Exception {
            X509Certificate certificate = ca.issue("dr.grey@clinic.example").certificate();
            Files.writeString(directory.resolve("ca.pem"), SmimeCertificates.toPem(ca.certificate()));
            Files.writeString(directory.resolve("cert.pem"), SmimeCertificates.toPem(certificate));

            for (String purpose : List.of("smimesign", "smimeencrypt")) {
                ExternalResult result = openssl(directory, "verify", "-CAfile", "ca.pem", "-purpose", purpose, "cert.pem");
                assertThat(result.exitCode()).as(result.output()).isZero();
                assertThat(result.output()).contains("cert.pem: OK");
            }
        }

        @Test
        void exportedPkcs12ShouldBeReadByOpensslAndGiveTheSameKey(@TempDir Path directory) throws Exception {
            SmimeIdentity grey = ca.issue("dr.grey@clinic.example");
            Files.write(directory.resolve("grey.p12"), CertificateAuthority.exportPkcs12(grey, "export pw".toCharArray()));

            ExternalResult info = openssl(directory, "pkcs12", "-info", "-in", "grey.p12", "-passin", "pass:export pw", "-noout");

            assertThat(info.exitCode()).as(info.output()).isZero();
            assertThat(info.output()).contains("MAC: sha256").contains("PBES2, PBKDF2, AES-256-CBC").contains("PRF hmacWithSHA256");
            SmimeIdentity read = Pkcs12.read(Files.readAllBytes(directory.resolve("grey.p12")), "export pw".toCharArray()).get(0);
            assertThat(read.chain()).containsExactly(grey.certificate(), ca.certificate());
            assertThat(read.privateKey().getEncoded()).isEqualTo(grey.privateKey().getEncoded());
        }
    }

    @Nested
    class Revocation {
        @TempDir
        Path folder;

        @Test
        void revokedCertificateShouldBeListedInTheNextCrlAndFailVerification() throws Exception {
            CertificateAuthority authority = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, Clock.systemUTC());
            SmimeIdentity leaver = authority.issue("leaver@clinic.example");
            SmimeIdentity stayer = authority.issue("stayer@clinic.example");

            assertThat(authority.revoke(leaver.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE)).isTrue();
            assertThat(authority.revoke(leaver.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE)).isFalse();
            X509CRL crl = authority.generateCrl();

            crl.verify(authority.certificate().getPublicKey());
            assertThat(crl.isRevoked(leaver.certificate())).isTrue();
            assertThat(crl.isRevoked(stayer.certificate())).isFalse();
            assertThat(crl.getRevokedCertificate(leaver.certificate()).getRevocationReason()).hasToString("KEY_COMPROMISE");
            assertThat(authority.currentCrl()).contains(crl);
            SmimeVerifier verifier = new SmimeVerifier(List.of(authority.certificate()), List.of(crl), Clock.systemUTC(), false);
            assertThat(verifier.verify(new SmimeSigner().sign(TestMessages.plain(), leaver), List.of()).status())
                .isEqualTo(SignatureStatus.REVOKED);
            assertThat(verifier.verify(new SmimeSigner().sign(TestMessages.plain(), stayer), List.of()).status())
                .isEqualTo(SignatureStatus.VALID);
        }

        @Test
        void revokeShouldRefuseASerialThisCaNeverIssued() throws Exception {
            CertificateAuthority authority = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, Clock.systemUTC());

            assertThat(authority.revoke(java.math.BigInteger.TEN, RevocationReason.UNSPECIFIED)).isFalse();
        }

        @Test
        void crlNumbersShouldIncreaseAndTheCrlShouldVerifyWithOpenssl() throws Exception {
            CertificateAuthority authority = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, Clock.systemUTC());
            authority.revoke(authority.issue("leaver@clinic.example").certificate().getSerialNumber(), RevocationReason.SUPERSEDED);

            X509CRL first = authority.generateCrl();
            X509CRL second = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, Clock.systemUTC()).generateCrl();

            assertThat(crlNumber(second)).isEqualTo(crlNumber(first) + 1);
            assertThat(Duration.between(second.getThisUpdate().toInstant(), second.getNextUpdate().toInstant())).isEqualTo(Duration.ofDays(7));
            ExternalResult result = openssl(folder, "crl", "-in", "crl.pem", "-CAfile", "ca.pem", "-noout", "-text");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("verify OK").contains("Superseded");
        }

        @Test
        void refreshCrlShouldPublishAtFirstThenOnlyOnceHalfTheValidityHasPassed() throws Exception {
            Instant start = Instant.parse("2030-03-01T00:00:00Z");
            CertificateAuthority at = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, Clock.fixed(start, ZoneOffset.UTC));
            X509CRL first = at.refreshCrl().orElseThrow();
            assertThat(first.getNextUpdate().toInstant()).isEqualTo(start.plus(Duration.ofDays(7)));

            CertificateAuthority dayThree = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST,
                Clock.fixed(start.plus(Duration.ofDays(3)), ZoneOffset.UTC));
            assertThat(dayThree.refreshCrl()).isEmpty();

            CertificateAuthority dayFour = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST,
                Clock.fixed(start.plus(Duration.ofDays(4)), ZoneOffset.UTC));
            X509CRL renewed = dayFour.refreshCrl().orElseThrow();
            assertThat(crlNumber(renewed)).isEqualTo(crlNumber(first) + 1);
            assertThat(renewed.getNextUpdate().toInstant()).isEqualTo(start.plus(Duration.ofDays(11)));
            assertThat(dayFour.currentCrl()).contains(renewed);
        }

        private long crlNumber(X509CRL crl) {
            return org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(crl.getExtensionValue(Extension.cRLNumber.getId())).getOctets())
                .getValue().longValueExact();
        }
    }

    @Nested
    class Expiry {
        @TempDir
        Path folder;

        @Test
        void expiringWithinShouldListCurrentUnrevokedCertificatesEndingInTheWindow() throws Exception {
            Instant start = Instant.parse("2030-01-01T00:00:00Z");
            Clock clock = Clock.fixed(start, ZoneOffset.UTC);
            CertificateAuthority shortLived = CertificateAuthority.openOrCreate(folder, PASSWORD,
                FAST.withCertificateValidity(Duration.ofDays(20)), clock);
            X509Certificate soon = shortLived.issue("soon@clinic.example").certificate();
            X509Certificate revoked = shortLived.issue("revoked@clinic.example").certificate();
            shortLived.revoke(revoked.getSerialNumber(), RevocationReason.CESSATION_OF_OPERATION);
            CertificateAuthority longLived = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST, clock);
            longLived.issue("later@clinic.example");

            assertThat(longLived.expiringWithin(Duration.ofDays(30))).containsExactly(soon);
            assertThat(longLived.expiringWithin(Duration.ofDays(10))).isEmpty();
            CertificateAuthority afterwards = CertificateAuthority.openOrCreate(folder, PASSWORD, FAST,
                Clock.fixed(start.plus(Duration.ofDays(40)), ZoneOffset.UTC));
            assertThat(afterwards.expiringWithin(Duration.ofDays(30))).isEmpty();
        }
    }
}
