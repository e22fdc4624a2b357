package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Messages and CMS objects made by other implementations (see src/test/resources/interop/README.md). */
class InteropSamplesTest {
    private static final Clock NOW = Clock.systemUTC();

    @Nested
    class MailClients {
        private final SmimeIdentity smime2 = SmimeIdentity.of(InteropFiles.pemKey("client-samples/smime-2.key"),
            InteropFiles.certificate("client-samples/smime-2.crt"));
        private final X509Certificate clientCa = InteropFiles.certificate("client-samples/ca_smime.crt");

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "outlook2013-encrypted.eml, aes-256-cbc",
            "thunderbird128-encrypted.eml, aes-128-cbc"})
        void encryptedSampleShouldDecryptWithTheRecipientKey(String file, String cipher) throws Exception {
            DecryptionResult result = new SmimeDecryptor().decrypt(InteropFiles.message("client-samples/" + file), List.of(smime2));

            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains(cipher);
            MimeMessage decrypted = result.message().orElseThrow();
            assertThat(SmimeMessages.kindOf(decrypted)).isEqualTo(SmimeKind.NONE);
            assertThat(decrypted.isMimeType("multipart/*")).isTrue();
            assertThat(decrypted.getSubject()).contains("from smime1 to smime2 (encrypted)");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "outlook2013-signed.eml, rsa-sha1",
            "thunderbird128-signed.eml, rsa-sha256"})
        void signedSampleShouldVerifyAgainstTheIssuingCa(String file, String algorithm) {
            VerificationResult result = new SmimeVerifier(List.of(clientCa), List.of(), NOW, true)
                .verify(InteropFiles.message("client-samples/" + file), List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.signer()).contains("smime1@hmailserver.test");
            assertThat(result.algorithm()).contains(algorithm);
            assertThat(result.harvestableCertificates()).extracting(SmimeCertificates::emailAddresses)
                .allSatisfy(addresses -> assertThat(addresses).contains("smime1@hmailserver.test"));
        }

        @Test
        void outlookSha1SignatureShouldBeWeakWhenSha1IsNotAccepted() {
            VerificationResult result = new SmimeVerifier(List.of(clientCa), List.of(), NOW, false)
                .verify(InteropFiles.message("client-samples/outlook2013-signed.eml"), List.of());

            assertThat(result.status()).isEqualTo(SignatureStatus.WEAK_ALGORITHM);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "outlook2013-signed-and-encrypted.eml, SIGNED_OPAQUE, rsa-sha1",
            "thunderbird128-signed-and-encrypted.eml, SIGNED_DETACHED, rsa-sha256"})
        void signedAndEncryptedSampleShouldDecryptThenVerify(String file, SmimeKind innerKind, String algorithm) {
            DecryptionResult decrypted = new SmimeDecryptor().decrypt(InteropFiles.message("client-samples/" + file), List.of(smime2));
            assertThat(decrypted.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            MimeMessage inner = decrypted.message().orElseThrow();
            assertThat(SmimeMessages.kindOf(inner)).isEqualTo(innerKind);

            VerificationResult verified = new SmimeVerifier(List.of(clientCa), List.of(), NOW, true).verify(inner, List.of());

            assertThat(verified.status()).as(verified.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(verified.signer()).contains("smime1@hmailserver.test");
            assertThat(verified.algorithm()).contains(algorithm);
        }

        @Test
        void signedSampleShouldBeUntrustedWithoutItsCa() {
            VerificationResult result = new SmimeVerifier(List.of(), List.of(), NOW, true)
                .verify(InteropFiles.message("client-samples/thunderbird128-signed.eml"), List.of());

            assertThat(result.status()).isEqualTo(SignatureStatus.UNTRUSTED);
        }

        @Test
        void legacyPkcs12OfTheSamplesShouldBeReadable() throws Exception {
            List<SmimeIdentity> identities = Pkcs12.read(InteropFiles.bytes("client-samples/smime-2-secret.pfx"), "smime2".toCharArray());

            assertThat(identities).hasSize(1);
            assertThat(identities.get(0).certificate()).isEqualTo(smime2.certificate());
            DecryptionResult result = new SmimeDecryptor().decrypt(InteropFiles.message("client-samples/outlook2013-encrypted.eml"), identities);
            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
        }
    }

    @Nested
    class Rfc9216 {
        private final SmimeIdentity bob = SmimeIdentity.of(InteropFiles.pemKey("rfc9216/lamps-bob.decrypt.p8.pem"),
            InteropFiles.certificate("rfc9216/lamps-bob.encrypt.crt"));
        private final SmimeIdentity dana = SmimeIdentity.of(InteropFiles.pemKey("rfc9216/lamps-dana.decrypt.p8.pem"),
            InteropFiles.certificate("rfc9216/lamps-dana.encrypt.crt"));
        private final List<X509Certificate> anchors = List.of(InteropFiles.certificate("rfc9216/lamps-rsa-ca.pem"),
            InteropFiles.certificate("rfc9216/lamps-ed25519-ca.pem"));

        private DecryptionResult decrypt(String file, SmimeIdentity key, String smimeType) {
            return new SmimeDecryptor().decrypt(InteropFiles.pkcs7Message(InteropFiles.bytes("rfc9216/" + file), smimeType), List.of(key));
        }

        private VerificationResult verify(MimeMessage message, List<X509Certificate> known) {
            return new SmimeVerifier(anchors, List.of(), NOW, true).verify(message, known);
        }

        @Test
        void oaepEnvelopeShouldDecryptForBob() throws Exception {
            DecryptionResult result = decrypt("encryptedForBobRSAOaep.p7m", bob, "enveloped-data");

            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains("aes-128-cbc");
            assertThat(TestMessages.bodyText(result.message().orElseThrow())).isEqualTo("This is some sample content.");
        }

        @Test
        void chaCha20Poly1305EnvelopeShouldDecryptForBob() {
            DecryptionResult result = decrypt("authEnvelopedForBobChaCha20Poly1305.p7m", bob, "authEnveloped-data");

            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains("chacha20-poly1305");
        }

        @Test
        void envelopeForBobAndDanaShouldDecryptForBobAndBeUnsupportedForDanasX25519Key() {
            assertThat(decrypt("encryptedForBobAndDana.p7m", bob, "enveloped-data").status()).isEqualTo(DecryptionStatus.DECRYPTED);

            DecryptionResult forDana = decrypt("encryptedForBobAndDana.p7m", dana, "enveloped-data");
            assertThat(forDana.status()).isEqualTo(DecryptionStatus.UNSUPPORTED_ALGORITHM);
            assertThat(forDana.reason()).isEqualTo("a X25519 key cannot be used with ecdh-sha256kdf");
        }

        @Test
        void x25519HkdfEnvelopeShouldBeUnsupported() {
            DecryptionResult result = decrypt("authEnvelopedForDanaX25519HKDF.p7m", dana, "authEnveloped-data");

            assertThat(result.status()).isEqualTo(DecryptionStatus.UNSUPPORTED_ALGORITHM);
            assertThat(result.message()).isEmpty();
        }

        @Test
        void kekEnvelopeShouldReportNoKey() {
            assertThat(decrypt("encryptedKekri.p7m", bob, "enveloped-data").status()).isEqualTo(DecryptionStatus.NO_KEY);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "signedByAliceRSA.p7m, rsa-sha256, alice@smime.example",
            "signedByAliceRSAPSS.p7m, rsassa-pss-sha256, alice@smime.example",
            "signedByCarlosEd25519.p7m, ed25519, carlos@smime.example"})
        void opaqueSignatureShouldVerify(String file, String algorithm, String signer) throws Exception {
            VerificationResult result = verify(InteropFiles.pkcs7Message(InteropFiles.bytes("rfc9216/" + file), "signed-data"), List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.algorithm()).contains(algorithm);
            assertThat(result.signer()).contains(signer);
            assertThat(result.content()).isPresent();
        }

        @Test
        void signatureWithoutCertificatesShouldNeedKnownCertificates() {
            MimeMessage message = InteropFiles.pkcs7Message(InteropFiles.bytes("rfc9216/signedByAliceAndCarlosNoCerts.p7m"), "signed-data");

            assertThat(verify(message, List.of()).status()).isEqualTo(SignatureStatus.UNTRUSTED);
            VerificationResult known = verify(message, List.of(InteropFiles.certificate("rfc9216/lamps-alice.crt"),
                InteropFiles.certificate("rfc9216/lamps-carlos.crt")));
            assertThat(known.status()).isEqualTo(SignatureStatus.VALID);
        }

        @Test
        void detachedEd25519SignatureShouldVerifyOverItsContent() {
            byte[] signature = InteropFiles.bytes("rfc9216/signedByCarlosDetached.p7m");
            SmimeVerifier verifier = new SmimeVerifier(anchors, List.of(), NOW, true);

            VerificationResult result = verifier.verifyDetached("This is some sample content.".getBytes(), signature, List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.algorithm()).contains("ed25519");
            assertThat(verifier.verifyDetached("This is some other content.".getBytes(), signature, List.of()).status())
                .isEqualTo(SignatureStatus.INVALID);
        }
    }

    @Nested
    class Rfc4134 {
        private final SmimeIdentity bob = SmimeIdentity.of(InteropFiles.derKey("rfc4134/BobPrivRSAEncrypt.pri"),
            InteropFiles.certificate("rfc4134/BobRSASignByCarl.cer"));

        @Test
        void tripleDesMessageShouldDecryptForBob() throws Exception {
            DecryptionResult result = new SmimeDecryptor().decrypt(InteropFiles.message("rfc4134/5.3.eml"), List.of(bob));

            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains("des-ede3-cbc");
            assertThat(TestMessages.bodyText(result.message().orElseThrow())).startsWith("This is some sample content.");
        }

        @Test
        void rc2EnvelopeShouldBeUnsupported() {
            DecryptionResult result = new SmimeDecryptor().decrypt(
                InteropFiles.pkcs7Message(InteropFiles.bytes("rfc4134/5.2.bin"), "enveloped-data"), List.of(bob));

            assertThat(result.status()).isEqualTo(DecryptionStatus.UNSUPPORTED_ALGORITHM);
            assertThat(result.reason()).contains("rc2-cbc");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"4.8.eml", "4.9.eml"})
        void dsaSignedMessageShouldVerifyAgainstCarl(String file) {
            VerificationResult result = new SmimeVerifier(List.of(InteropFiles.certificate("rfc4134/CarlDSSSelf.cer")), List.of(), NOW, true)
                .verify(InteropFiles.message("rfc4134/" + file), List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.algorithm()).contains("dsa-sha1");
            assertThat(result.signer()).contains("alicedss@example.com");
        }

        @Test
        void rsaSignedDataShouldVerifyAgainstCarl() {
            VerificationResult result = new SmimeVerifier(List.of(InteropFiles.certificate("rfc4134/CarlRSASelf.cer")), List.of(), NOW, true)
                .verify(InteropFiles.pkcs7Message(InteropFiles.bytes("rfc4134/4.2.bin"), "signed-data"), List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.signer()).contains("alicersa@example.com");
        }
    }
}
