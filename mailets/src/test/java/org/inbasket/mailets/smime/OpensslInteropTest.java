package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import javax.mail.internet.MimeMessage;

import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Interop both ways with {@code openssl cms} (OpenSSL 3). */
class OpensslInteropTest {
    private static final String CONTENT = "Content-Type: text/plain; charset=us-ascii\r\n\r\nPotassium normal, continue the dose.\r\n";
    private static TestPki pki;
    private static SmimeIdentity rsa;
    private static SmimeIdentity ec;

    @TempDir
    Path directory;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Openssl Interop CA");
        rsa = pki.issue("patient@example.com", KeyType.RSA);
        ec = pki.issue("nurse@clinic.example", KeyType.EC);
    }

    private Path write(String name, byte[] content) throws Exception {
        Path file = directory.resolve(name);
        Files.write(file, content);
        return file;
    }

    private void writeIdentity(SmimeIdentity identity) throws Exception {
        write("key.pem", SmimeKeys.toPkcs8Pem(identity.privateKey()).getBytes(StandardCharsets.US_ASCII));
        write("cert.pem", SmimeCertificates.toPem(identity.certificate()).getBytes(StandardCharsets.US_ASCII));
        write("ca.pem", SmimeCertificates.toPem(pki.caCertificate()).getBytes(StandardCharsets.US_ASCII));
    }

    private ExternalProcess.Result openssl(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return ExternalProcess.run(directory, command);
    }

    private static SmimeVerifier verifier(boolean acceptSha1) {
        return new SmimeVerifier(List.of(pki.caCertificate()), List.of(), Clock.systemUTC(), acceptSha1);
    }

    @Nested
    class WhatWeProduce {
        static Stream<Arguments> allowedAlgorithms() {
            return SmimeRoundTripTest.allowedAlgorithms();
        }

        @ParameterizedTest(name = "{0} {1} {2}")
        @MethodSource("allowedAlgorithms")
        void encryptedMessageShouldDecryptWithOpenssl(ContentCipher cipher, RsaKeyTransport transport, KeyType keyType) throws Exception {
            SmimeIdentity recipient = keyType == KeyType.RSA ? rsa : ec;
            writeIdentity(recipient);
            MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT.withCipher(cipher).withRsaKeyTransport(transport))
                .encrypt(TestMessages.plain(), List.of(recipient.certificate()));
            write("encrypted.eml", TestMessages.bytes(encrypted));

            ExternalProcess.Result result = openssl("cms", "-decrypt", "-in", "encrypted.eml", "-inkey", "key.pem", "-recip", "cert.pem");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("Your potassium is back to normal.").contains("Subject: " + TestMessages.SUBJECT)
                .contains("hp=cipher");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(KeyType.class)
        void signedMessageShouldVerifyWithOpenssl(KeyType keyType) throws Exception {
            SmimeIdentity signer = keyType == KeyType.RSA ? rsa : ec;
            writeIdentity(signer);
            write("signed.eml", TestMessages.bytes(new SmimeSigner().sign(TestMessages.multipart(), signer)));

            ExternalProcess.Result result = openssl("cms", "-verify", "-in", "signed.eml", "-CAfile", "ca.pem", "-purpose", "smimesign");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).contains("Verification successful");
            assertThat(result.out()).contains("See the attached report.");
        }

        @Test
        void tamperedSignedMessageShouldFailWithOpenssl() throws Exception {
            writeIdentity(rsa);
            String signed = TestMessages.text(new SmimeSigner().sign(TestMessages.plain(), rsa)).replace("potassium", "magnesium");
            write("signed.eml", signed.getBytes(StandardCharsets.US_ASCII));

            ExternalProcess.Result result = openssl("cms", "-verify", "-in", "signed.eml", "-CAfile", "ca.pem", "-purpose", "smimesign");

            assertThat(result.exitCode()).isNotZero();
        }

        @Test
        void signedThenEncryptedMessageShouldDecryptAndVerifyWithOpenssl() throws Exception {
            writeIdentity(rsa);
            MimeMessage signed = new SmimeSigner().sign(TestMessages.plain(), ec);
            MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT.withCipher(ContentCipher.AES_256_GCM))
                .encrypt(signed, List.of(rsa.certificate()));
            write("encrypted.eml", TestMessages.bytes(encrypted));

            ExternalProcess.Result decrypted = openssl("cms", "-decrypt", "-in", "encrypted.eml", "-inkey", "key.pem", "-recip", "cert.pem",
                "-out", "inner.eml");
            assertThat(decrypted.exitCode()).as(decrypted.toString()).isZero();
            ExternalProcess.Result verified = openssl("cms", "-verify", "-in", "inner.eml", "-CAfile", "ca.pem", "-purpose", "smimesign");

            assertThat(verified.exitCode()).as(verified.toString()).isZero();
            assertThat(verified.out()).contains("Your potassium is back to normal.");
        }

        @Test
        void pkcs12ShouldBeReadByOpensslWithModernAlgorithms() throws Exception {
            write("identity.p12", Pkcs12.write(rsa, "correct horse".toCharArray(), "patient@example.com"));

            ExternalProcess.Result info = openssl("pkcs12", "-info", "-in", "identity.p12", "-passin", "pass:correct horse", "-noout");
            ExternalProcess.Result keys = openssl("pkcs12", "-in", "identity.p12", "-passin", "pass:correct horse", "-nodes");

            assertThat(info.exitCode()).as(info.toString()).isZero();
            assertThat(info.stderr()).contains("MAC: sha256").contains("PBES2, PBKDF2, AES-256-CBC").contains("PRF hmacWithSHA256")
                .doesNotContain("RC2").doesNotContain("3DES");
            assertThat(keys.exitCode()).isZero();
            assertThat(keys.out()).contains("BEGIN PRIVATE KEY").contains("friendlyName: patient@example.com");
        }
    }

    @Nested
    class WhatOpensslProduces {
        private MimeMessage opensslEncrypted(SmimeIdentity recipient, String... options) throws Exception {
            writeIdentity(recipient);
            write("content.txt", CONTENT.getBytes(StandardCharsets.US_ASCII));
            String[] command = Stream.concat(Stream.of("cms", "-encrypt", "-in", "content.txt", "-out", "encrypted.eml", "-recip", "cert.pem"),
                Stream.of(options)).toArray(String[]::new);
            ExternalProcess.Result result = openssl(command);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            return TestMessages.parse(Files.readAllBytes(directory.resolve("encrypted.eml")));
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({
            "-aes256, rsa-pkcs1v15, aes-256-cbc",
            "-aes256, rsa-oaep, aes-256-cbc",
            "-aes-256-gcm, rsa-pkcs1v15, aes-256-gcm",
            "-aes-256-gcm, rsa-oaep, aes-256-gcm"})
        void rsaEnvelopeFromOpensslShouldDecrypt(String cipherOption, String padding, String expectedCipher) throws Exception {
            MimeMessage encrypted = padding.equals("rsa-oaep")
                ? opensslEncrypted(rsa, cipherOption, "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256")
                : opensslEncrypted(rsa, cipherOption);

            DecryptionResult result = new SmimeDecryptor().decrypt(encrypted, List.of(rsa));

            assertThat(result.status()).as(result.reason()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains(expectedCipher);
            assertThat(TestMessages.bodyText(result.message().orElseThrow())).isEqualTo("Potassium normal, continue the dose.\r\n");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"-aes256, aes-256-cbc", "-aes-256-gcm, aes-256-gcm"})
        void ecdhEnvelopeFromOpensslShouldDecrypt(String cipherOption, String expectedCipher) throws Exception {
            DecryptionResult result = new SmimeDecryptor().decrypt(opensslEncrypted(ec, cipherOption), List.of(ec));

            assertThat(result.status()).as(result.reason()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains(expectedCipher);
        }

        @Test
        void opensslEnvelopeShouldNotDecryptWithAnotherKey() throws Exception {
            SmimeIdentity other = pki.issue("patient@example.com", KeyType.RSA, options -> options.anotherKey());

            assertThat(new SmimeDecryptor().decrypt(opensslEncrypted(rsa, "-aes256"), List.of(other)).status())
                .isEqualTo(DecryptionStatus.NO_KEY);
        }

        private MimeMessage opensslSigned(SmimeIdentity signer, String... options) throws Exception {
            writeIdentity(signer);
            write("content.txt", CONTENT.getBytes(StandardCharsets.US_ASCII));
            String[] command = Stream.concat(Stream.of("cms", "-sign", "-in", "content.txt", "-out", "signed.eml", "-signer", "cert.pem",
                "-inkey", "key.pem", "-certfile", "ca.pem"), Stream.of(options)).toArray(String[]::new);
            ExternalProcess.Result result = openssl(command);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            return TestMessages.parse(Files.readAllBytes(directory.resolve("signed.eml")));
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource({
            "RSA, detached, SIGNED_DETACHED, rsa-sha256",
            "RSA, opaque, SIGNED_OPAQUE, rsa-sha256",
            "EC, detached, SIGNED_DETACHED, ecdsa-sha256",
            "EC, opaque, SIGNED_OPAQUE, ecdsa-sha256"})
        void opensslSignatureShouldVerify(KeyType keyType, String form, SmimeKind kind, String algorithm) throws Exception {
            SmimeIdentity signer = keyType == KeyType.RSA ? rsa : ec;
            MimeMessage signed = form.equals("opaque") ? opensslSigned(signer, "-nodetach") : opensslSigned(signer);

            assertThat(SmimeMessages.kindOf(signed)).isEqualTo(kind);
            VerificationResult result = verifier(true).verify(signed, List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.algorithm()).contains(algorithm);
            assertThat(result.signer()).contains(signer == rsa ? "patient@example.com" : "nurse@clinic.example");
        }

        @Test
        void opensslSha1SignatureShouldBeWeakWhenSha1IsNotAccepted() throws Exception {
            MimeMessage signed = opensslSigned(rsa, "-md", "sha1");

            assertThat(verifier(false).verify(signed, List.of()).status()).isEqualTo(SignatureStatus.WEAK_ALGORITHM);
            assertThat(verifier(true).verify(signed, List.of()).status()).isEqualTo(SignatureStatus.VALID);
        }

        @Test
        void opensslSignedThenEncryptedMessageShouldDecryptThenVerify() throws Exception {
            opensslSigned(ec, "-nodetach");
            writeIdentity(rsa);
            ExternalProcess.Result encrypted = openssl("cms", "-encrypt", "-in", "signed.eml", "-out", "encrypted.eml", "-aes-256-gcm", "cert.pem");
            assertThat(encrypted.exitCode()).as(encrypted.toString()).isZero();

            DecryptionResult decrypted = new SmimeDecryptor().decrypt(
                TestMessages.parse(Files.readAllBytes(directory.resolve("encrypted.eml"))), List.of(rsa));
            VerificationResult verified = verifier(true).verify(decrypted.message().orElseThrow(), List.of());

            assertThat(verified.status()).as(verified.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(verified.signer()).contains("nurse@clinic.example");
        }
    }
}
