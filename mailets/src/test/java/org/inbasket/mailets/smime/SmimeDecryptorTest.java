package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmimeDecryptorTest {
    private static TestPki pki;
    private static SmimeIdentity recipient;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Decryptor CA");
        recipient = pki.issue("patient@example.com", KeyType.RSA);
    }

    private static MimeMessage encrypted(ContentCipher cipher) throws SmimeException {
        return new SmimeEncryptor(EncryptionOptions.DEFAULT.withCipher(cipher)).encrypt(TestMessages.plain(), List.of(recipient.certificate()));
    }

    private static MimeMessage withBody(MimeMessage message, byte[] der) throws Exception {
        String text = TestMessages.text(message);
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        return TestMessages.parse(text.substring(0, bodyStart) + Base64.getMimeEncoder().encodeToString(der) + "\r\n");
    }

    private static byte[] der(MimeMessage message) throws Exception {
        return SmimeMessages.readCmsBytes(message);
    }

    @Test
    void decryptShouldFailTheIntegrityCheckWhenGcmCiphertextWasTampered() throws Exception {
        MimeMessage message = encrypted(ContentCipher.AES_256_GCM);
        byte[] der = der(message);
        der[der.length - 40] ^= 0x01;

        DecryptionResult result = new SmimeDecryptor().decrypt(withBody(message, der), List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.FAILED);
        assertThat(result.message()).isEmpty();
    }

    @Test
    void decryptShouldFailWhenTheWrappedKeyWasTampered() throws Exception {
        MimeMessage message = encrypted(ContentCipher.AES_256_CBC);
        byte[] der = der(message);
        org.bouncycastle.asn1.cms.EnvelopedData envelope = org.bouncycastle.asn1.cms.EnvelopedData.getInstance(
            org.bouncycastle.asn1.cms.ContentInfo.getInstance(der).getContent());
        byte[] encryptedKey = ((org.bouncycastle.asn1.cms.KeyTransRecipientInfo) org.bouncycastle.asn1.cms.RecipientInfo
            .getInstance(envelope.getRecipientInfos().getObjectAt(0)).getInfo()).getEncryptedKey().getOctets();
        int at = indexOf(der, encryptedKey);
        der[at + encryptedKey.length - 10] ^= 0x55;

        DecryptionResult result = new SmimeDecryptor().decrypt(withBody(message, der), List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.FAILED);
    }

    @Test
    void decryptShouldReportMalformedWhenTheCmsIsTruncated() throws Exception {
        MimeMessage message = encrypted(ContentCipher.AES_256_CBC);
        byte[] der = der(message);
        byte[] truncated = java.util.Arrays.copyOf(der, der.length / 2);

        DecryptionResult result = new SmimeDecryptor().decrypt(withBody(message, truncated), List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.MALFORMED);
        assertThat(result.reason()).contains("truncated");
    }

    @Test
    void decryptShouldReportMalformedWhenTheBodyIsGarbageBase64() throws Exception {
        String text = TestMessages.text(encrypted(ContentCipher.AES_256_CBC));
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        MimeMessage garbage = TestMessages.parse(text.substring(0, bodyStart) + "%%%% not base64 at all !!!\r\n====\r\n");

        DecryptionResult result = new SmimeDecryptor().decrypt(garbage, List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.MALFORMED);
    }

    @Test
    void decryptShouldReportMalformedWhenTheBodyIsEmpty() throws Exception {
        String text = TestMessages.text(encrypted(ContentCipher.AES_256_CBC));
        int bodyStart = text.indexOf("\r\n\r\n") + 4;

        DecryptionResult result = new SmimeDecryptor().decrypt(TestMessages.parse(text.substring(0, bodyStart)), List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.MALFORMED);
    }

    @Test
    void decryptShouldReportNotEncryptedForAPlainMessage() {
        DecryptionResult result = new SmimeDecryptor().decrypt(TestMessages.plain(), List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.NOT_ENCRYPTED);
    }

    @Test
    void decryptShouldReportNoKeyWhenNoKeyIsGiven() throws Exception {
        DecryptionResult result = new SmimeDecryptor().decrypt(encrypted(ContentCipher.AES_256_CBC), List.of());

        assertThat(result.status()).isEqualTo(DecryptionStatus.NO_KEY);
    }

    @Test
    void decryptShouldReportMalformedWhenSignedDataIsLabelledAsEnvelope() throws Exception {
        SmimeIdentity signer = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        byte[] signature = new SmimeSigner().detachedSignature("x".getBytes(), signer);

        DecryptionResult result = new SmimeDecryptor().decrypt(withBody(encrypted(ContentCipher.AES_256_CBC), signature), List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.MALFORMED);
    }

    @Test
    void decryptShouldDetectAnEnvelopeWithoutSmimeTypeParameter() throws Exception {
        String text = TestMessages.text(encrypted(ContentCipher.AES_256_CBC))
            .replace("application/pkcs7-mime; smime-type=enveloped-data;", "application/x-pkcs7-mime;");

        DecryptionResult result = new SmimeDecryptor().decrypt(TestMessages.parse(text), List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
    }

    @Test
    void decryptShouldReadEnvelopesLargerThanEightKibibytes() throws Exception {
        MimeMessage large = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(TestMessages.ofSize(60_000), List.of(recipient.certificate()));

        DecryptionResult result = new SmimeDecryptor().decrypt(TestMessages.parse(TestMessages.bytes(large)), List.of(recipient));

        assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
        assertThat(TestMessages.bodyText(result.message().orElseThrow())).hasSizeGreaterThan(60_000);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }
}
