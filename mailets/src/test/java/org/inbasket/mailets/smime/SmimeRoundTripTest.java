package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmimeRoundTripTest {
    private static TestPki pki;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("RoundTrip CA");
    }

    static Stream<Arguments> allowedAlgorithms() {
        return Stream.of(
            Arguments.of(ContentCipher.AES_256_CBC, RsaKeyTransport.RSA_OAEP_SHA256, KeyType.RSA),
            Arguments.of(ContentCipher.AES_256_CBC, RsaKeyTransport.RSA_PKCS1_V15, KeyType.RSA),
            Arguments.of(ContentCipher.AES_256_GCM, RsaKeyTransport.RSA_OAEP_SHA256, KeyType.RSA),
            Arguments.of(ContentCipher.AES_256_GCM, RsaKeyTransport.RSA_PKCS1_V15, KeyType.RSA),
            Arguments.of(ContentCipher.AES_256_CBC, RsaKeyTransport.RSA_OAEP_SHA256, KeyType.EC),
            Arguments.of(ContentCipher.AES_256_GCM, RsaKeyTransport.RSA_OAEP_SHA256, KeyType.EC));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("allowedAlgorithms")
    void encryptedMessageShouldDecryptWithTheRecipientKeyOnly(ContentCipher cipher, RsaKeyTransport transport, KeyType keyType) throws Exception {
        SmimeIdentity recipient = pki.issue("patient@example.com", keyType);
        SmimeIdentity stranger = pki.issue("patient@example.com", keyType, options -> options.anotherKey());
        SmimeEncryptor encryptor = new SmimeEncryptor(EncryptionOptions.DEFAULT.withCipher(cipher).withRsaKeyTransport(transport));

        MimeMessage encrypted = encryptor.encrypt(TestMessages.plain(), List.of(recipient.certificate()));

        String smimeType = cipher == ContentCipher.AES_256_GCM ? "authEnveloped-data" : "enveloped-data";
        assertThat(MimeUtility.unfold(encrypted.getContentType()))
            .isEqualTo("application/pkcs7-mime; smime-type=" + smimeType + ";\tname=\"smime.p7m\"");
        assertThat(new ContentType(encrypted.getContentType()).getParameter("smime-type")).isEqualTo(smimeType);
        assertThat(encrypted.getHeader("Content-Transfer-Encoding", null)).isEqualTo("base64");
        assertThat(TestMessages.text(encrypted)).doesNotContain("potassium").doesNotContain(TestMessages.SUBJECT);

        DecryptionResult result = new SmimeDecryptor().decrypt(encrypted, List.of(recipient));
        assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
        assertThat(result.contentAlgorithm()).contains(cipher.parameterValue());
        MimeMessage decrypted = result.message().orElseThrow();
        assertThat(TestMessages.bodyText(decrypted)).isEqualTo("Your potassium is back to normal.\r\nDr Grey\r\n");
        assertThat(decrypted.getSubject()).isEqualTo(TestMessages.SUBJECT);
        assertThat(MimeUtility.unfold(decrypted.getContentType())).isEqualTo("text/plain; charset=us-ascii;\thp=cipher; protected-headers=v1");

        DecryptionResult wrong = new SmimeDecryptor().decrypt(encrypted, List.of(stranger));
        assertThat(wrong.status()).isEqualTo(DecryptionStatus.NO_KEY);
        assertThat(wrong.message()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("allowedAlgorithms")
    void keyThatDoesNotBelongToTheCertificateShouldFailToDecrypt(ContentCipher cipher, RsaKeyTransport transport, KeyType keyType) throws Exception {
        SmimeIdentity recipient = pki.issue("patient@example.com", keyType);
        SmimeIdentity other = pki.issue("patient@example.com", keyType, options -> options.anotherKey());
        SmimeIdentity mismatched = new SmimeIdentity(other.privateKey(), recipient.chain());
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT.withCipher(cipher).withRsaKeyTransport(transport))
            .encrypt(TestMessages.plain(), List.of(recipient.certificate()));

        DecryptionResult result = new SmimeDecryptor().decrypt(encrypted, List.of(mismatched));

        assertThat(result.status()).isEqualTo(DecryptionStatus.FAILED);
        assertThat(result.message()).isEmpty();
    }

    @Test
    void oneEnvelopeShouldServeRsaAndEcRecipients() throws Exception {
        SmimeIdentity rsa = pki.issue("nurse@clinic.example", KeyType.RSA);
        SmimeIdentity ec = pki.issue("doctor@clinic.example", KeyType.EC);
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(TestMessages.multipart(),
            List.of(rsa.certificate(), ec.certificate()));

        for (SmimeIdentity reader : List.of(rsa, ec)) {
            DecryptionResult result = new SmimeDecryptor().decrypt(encrypted, List.of(reader));
            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.recipientCertificate()).contains(reader.certificate());
            assertThat(result.message().orElseThrow().isMimeType("multipart/mixed")).isTrue();
        }
    }

    @Test
    void subjectShouldStayInClearWhenConfigured() throws Exception {
        SmimeIdentity recipient = pki.issue("patient@example.com", KeyType.RSA);
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT.withSubjectInClear())
            .encrypt(TestMessages.plain(), List.of(recipient.certificate()));

        assertThat(encrypted.getSubject()).isEqualTo(TestMessages.SUBJECT);
        MimeMessage decrypted = new SmimeDecryptor().decrypt(encrypted, List.of(recipient)).message().orElseThrow();
        assertThat(decrypted.getContentType()).isEqualTo("text/plain; charset=us-ascii");
        assertThat(decrypted.getSubject()).isEqualTo(TestMessages.SUBJECT);
    }

    @Test
    void protectedSubjectShouldBeReplacedOutsideAndKeptInside() throws Exception {
        SmimeIdentity recipient = pki.issue("patient@example.com", KeyType.RSA);
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(TestMessages.plain(), List.of(recipient.certificate()));

        assertThat(encrypted.getSubject()).isEqualTo("[...]");
        assertThat(encrypted.getMessageID()).isEqualTo("<plain-1@clinic.example>");
        assertThat(encrypted.getHeader("From", null)).isEqualTo("dr.grey@clinic.example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void signedMessageShouldVerify(KeyType keyType) throws Exception {
        SmimeIdentity signer = pki.issue("dr.grey@clinic.example", keyType);
        MimeMessage signed = new SmimeSigner().sign(TestMessages.multipart(), signer);

        ContentType type = new ContentType(signed.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/signed");
        assertThat(type.getParameter("protocol")).isEqualTo("application/pkcs7-signature");
        assertThat(type.getParameter("micalg")).isEqualTo("sha-256");
        assertThat(signed.getMessageID()).isEqualTo("<multi-1@clinic.example>");

        VerificationResult result = new SmimeVerifier(List.of(pki.caCertificate()), List.of(), java.time.Clock.systemUTC(), true)
            .verify(TestMessages.parse(TestMessages.bytes(signed)), List.of());
        assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
        assertThat(result.signer()).contains("dr.grey@clinic.example");
        assertThat(result.algorithm()).contains(keyType == KeyType.RSA ? "rsa-sha256" : "ecdsa-sha256");
        assertThat(result.harvestableCertificates()).containsExactly(signer.certificate());
    }

    static Stream<KeyType> keyTypes() {
        return Stream.of(KeyType.RSA, KeyType.EC);
    }
}
