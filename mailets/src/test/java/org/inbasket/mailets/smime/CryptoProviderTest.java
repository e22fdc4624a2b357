package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Signature;
import java.util.List;
import java.util.Locale;

import javax.mail.internet.MimeMessage;

import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.mail.smime.SMIMEEnveloped;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The native provider for RSA private-key operations (ADR 0015): present on the platform the gateway ships for,
 * and able to use keys as the key directory holds them (read back from PKCS#12 by Bouncy Castle).
 */
class CryptoProviderTest {
    private static final TestPki PKI = TestPki.create("Native Provider Test CA");
    private static SmimeIdentity stored;

    @BeforeAll
    static void keyAsStored() throws Exception {
        char[] password = "test-password".toCharArray();
        SmimeIdentity issued = PKI.issue("dr.grey@clinic.example", TestPki.KeyType.RSA);
        stored = Pkcs12.read(Pkcs12.write(issued, password, "dr.grey"), password).get(0);
    }

    @Test
    void nativeProviderIsUsedOnLinuxX8664() {
        assumeTrue(linuxX8664(), "the shipped native library is for linux-x86_64 only");
        assertThat(CryptoProvider.nativeRsa()).isPresent();
        assertThat(CryptoProvider.rsaDescription()).contains("native AWS-LC");
    }

    @Test
    void nativeSignatureOfAStoredKeyVerifiesWithTheJdk() throws Exception {
        assumeTrue(CryptoProvider.nativeRsa().isPresent(), "no native provider on this platform");
        byte[] data = "lab results are ready".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withRSA", CryptoProvider.nativeRsa().get());
        signer.initSign(stored.privateKey());
        signer.update(data);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(stored.certificate().getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(RsaKeyTransport.class)
    void nativeUnwrapOpensWhatWeEncrypt(RsaKeyTransport transport) throws Exception {
        assumeTrue(CryptoProvider.nativeRsa().isPresent(), "no native provider on this platform");
        for (ContentCipher cipher : List.of(ContentCipher.AES_256_CBC, ContentCipher.AES_256_GCM)) {
            MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT.withCipher(cipher).withRsaKeyTransport(transport))
                .encrypt(TestMessages.plain(), List.of(stored.certificate()));
            MimeMessage reparsed = TestMessages.parse(TestMessages.bytes(encrypted));
            RecipientInformation recipient = recipientOf(reparsed, cipher);

            assertThat(SmimeDecryptor.nativeUnwrap(recipient, stored.privateKey(), cipher == ContentCipher.AES_256_GCM))
                .as("%s with %s", cipher, transport)
                .hasValueSatisfying(content -> assertThat(new String(content, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains(TestMessages.bodyText(TestMessages.plain()).strip()));
        }
    }

    @Test
    void theWrongKeyGivesEmptySoTheUsualPathReportsTheError() throws Exception {
        assumeTrue(CryptoProvider.nativeRsa().isPresent(), "no native provider on this platform");
        SmimeIdentity other = PKI.issue("dr.house@clinic.example", TestPki.KeyType.RSA);
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(TestMessages.plain(), List.of(stored.certificate()));
        RecipientInformation recipient = recipientOf(TestMessages.parse(TestMessages.bytes(encrypted)), ContentCipher.AES_256_CBC);

        assertThat(SmimeDecryptor.nativeUnwrap(recipient, other.privateKey(), false)).isEmpty();
    }

    private static RecipientInformation recipientOf(MimeMessage message, ContentCipher cipher) throws Exception {
        if (cipher == ContentCipher.AES_256_GCM) {
            return new org.bouncycastle.mail.smime.SMIMEAuthEnveloped(message).getRecipientInfos().getRecipients().iterator().next();
        }
        return new SMIMEEnveloped(message).getRecipientInfos().getRecipients().iterator().next();
    }

    private static boolean linuxX8664() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }
}
