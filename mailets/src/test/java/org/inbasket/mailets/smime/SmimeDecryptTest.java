package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.inbasket.mailets.smime.directory.InMemoryPrivateKeyDirectory;
import org.inbasket.mailets.smime.directory.PrivateKeyDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmimeDecryptTest {
    private static TestPki pki;
    private static SmimeIdentity grey;
    private static SmimeIdentity domain;
    private PrivateKeyDirectory keys;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Decrypt Mailet CA");
        grey = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        domain = pki.issue("gateway@clinic.example", KeyType.EC);
    }

    @BeforeEach
    void fillKeys() {
        keys = new InMemoryPrivateKeyDirectory();
        keys.add("dr.grey@clinic.example", grey);
        keys.add("clinic.example", domain);
    }

    private SmimeDecrypt mailet(String... parameters) throws MessagingException {
        return MailetFixtures.init(new SmimeDecrypt(keys), "SmimeDecrypt", parameters);
    }

    private static MimeMessage encryptedFor(ContentCipher cipher, SmimeIdentity... readers) throws SmimeException {
        return new SmimeEncryptor(EncryptionOptions.DEFAULT.withCipher(cipher)).encrypt(TestMessages.plain(), TestPki.certificates(readers));
    }

    @Test
    void serviceShouldDecryptWithTheRecipientKeyAndStampTheResult() throws Exception {
        FakeMail mail = MailetFixtures.mail(encryptedFor(ContentCipher.AES_256_GCM, grey), "patient@example.com", "dr.grey@clinic.example");

        mailet().service(mail);

        assertThat(mail.getState()).isNull();
        assertThat(TestMessages.bodyText(mail.getMessage())).contains("potassium");
        assertThat(mail.getMessage().getSubject()).isEqualTo(TestMessages.SUBJECT);
        assertThat(mail.getMessage().getHeader(SmimeHeaders.ENCRYPTION, null)).isEqualTo("decrypted; alg=aes-256-gcm");
        assertThat(mail.getAttribute(SmimeMailAttributes.ENCRYPTION).map(Attribute::getValue).map(value -> value.value().toString()))
            .contains("decrypted");
    }

    @Test
    void serviceShouldUseTheDomainKey() throws Exception {
        FakeMail mail = MailetFixtures.mail(encryptedFor(ContentCipher.AES_256_CBC, domain), "patient@example.com", "nurse@clinic.example");

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader(SmimeHeaders.ENCRYPTION, null)).isEqualTo("decrypted; alg=aes-256-cbc");
    }

    @Test
    void serviceShouldNotUseTheDomainKeyWhenDisabled() throws Exception {
        FakeMail mail = MailetFixtures.mail(encryptedFor(ContentCipher.AES_256_CBC, domain), "patient@example.com", "nurse@clinic.example");

        mailet("useDomainKey", "false").service(mail);

        assertThat(SmimeMessages.kindOf(mail.getMessage())).isEqualTo(SmimeKind.ENVELOPED);
        assertThat(mail.getMessage().getHeader(SmimeHeaders.ENCRYPTION, null)).startsWith("no-key; alg=aes-256-cbc; reason=");
    }

    @Test
    void serviceShouldLeaveTheMailEncryptedWhenNoLocalKeyFits() throws Exception {
        SmimeIdentity stranger = pki.issue("someone@example.org", KeyType.RSA);
        MimeMessage encrypted = encryptedFor(ContentCipher.AES_256_CBC, stranger);
        FakeMail mail = MailetFixtures.mail(encrypted, "patient@example.com", "dr.grey@clinic.example");

        mailet().service(mail);

        assertThat(mail.getState()).isNull();
        assertThat(SmimeMessages.kindOf(mail.getMessage())).isEqualTo(SmimeKind.ENVELOPED);
        assertThat(mail.getAttribute(SmimeMailAttributes.ENCRYPTION).map(Attribute::getValue).map(value -> value.value().toString()))
            .contains("no-key");
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWhenNoKeyFitsAndConfiguredSo() throws Exception {
        SmimeIdentity stranger = pki.issue("someone@example.org", KeyType.RSA);
        FakeMail mail = MailetFixtures.mail(encryptedFor(ContentCipher.AES_256_CBC, stranger), "patient@example.com", "dr.grey@clinic.example");

        mailet("onNoKey", "error", "errorProcessor", "smime-error").service(mail);

        assertThat(mail.getState()).isEqualTo("smime-error");
    }

    @Test
    void serviceShouldSendATamperedMailToTheErrorProcessorStillEncrypted() throws Exception {
        MimeMessage encrypted = encryptedFor(ContentCipher.AES_256_GCM, grey);
        byte[] der = SmimeMessages.readCmsBytes(encrypted);
        der[der.length - 30] ^= 0x20;
        String text = TestMessages.text(encrypted);
        MimeMessage tampered = TestMessages.parse(text.substring(0, text.indexOf("\r\n\r\n") + 4) + Base64.getMimeEncoder().encodeToString(der));
        FakeMail mail = MailetFixtures.mail(tampered, "patient@example.com", "dr.grey@clinic.example");

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
        assertThat(mail.getErrorMessage()).startsWith("failed: the integrity check failed");
        assertThat(SmimeMessages.kindOf(mail.getMessage())).isEqualTo(SmimeKind.AUTH_ENVELOPED);
    }

    @Test
    void serviceShouldSendATruncatedMailToTheErrorProcessor() throws Exception {
        String text = TestMessages.text(encryptedFor(ContentCipher.AES_256_CBC, grey));
        FakeMail mail = MailetFixtures.mail(TestMessages.parse(text.substring(0, text.length() / 2)), "patient@example.com",
            "dr.grey@clinic.example");

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
        assertThat(mail.getErrorMessage()).startsWith("malformed:");
    }

    @Test
    void serviceShouldRemoveAForgedResultHeaderFromAPlainMail() throws Exception {
        MimeMessage forged = TestMessages.plain();
        forged.addHeader(SmimeHeaders.ENCRYPTION, "decrypted; alg=aes-256-gcm");
        forged.addHeader(SmimeHeaders.ENCRYPTION, "decrypted");
        FakeMail mail = MailetFixtures.mail(forged, "patient@example.com", "dr.grey@clinic.example");

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader(SmimeHeaders.ENCRYPTION)).isNull();
        assertThat(mail.getState()).isNull();
    }

    @Test
    void serviceShouldReplaceAForgedResultHeaderOnAnEncryptedMail() throws Exception {
        SmimeIdentity stranger = pki.issue("someone@example.org", KeyType.RSA);
        MimeMessage encrypted = encryptedFor(ContentCipher.AES_256_CBC, stranger);
        encrypted.addHeader(SmimeHeaders.ENCRYPTION, "decrypted; alg=aes-256-gcm");
        FakeMail mail = MailetFixtures.mail(encrypted, "patient@example.com", "dr.grey@clinic.example");

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader(SmimeHeaders.ENCRYPTION)).hasSize(1);
        assertThat(mail.getMessage().getHeader(SmimeHeaders.ENCRYPTION, null)).startsWith("no-key");
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWhenTheKeyStoreFails() throws Exception {
        FakeMail mail = MailetFixtures.mail(encryptedFor(ContentCipher.AES_256_CBC, grey), "patient@example.com", "dr.grey@clinic.example");

        MailetFixtures.init(new SmimeDecrypt(FailingDirectories.keys()), "SmimeDecrypt").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
        assertThat(SmimeMessages.kindOf(mail.getMessage())).isEqualTo(SmimeKind.ENVELOPED);
    }

    @Test
    void serviceShouldDecryptTheOutlookSampleForItsRecipient() throws Exception {
        keys.add("smime2@hmailserver.test", SmimeIdentity.of(InteropFiles.pemKey("client-samples/smime-2.key"),
            InteropFiles.certificate("client-samples/smime-2.crt")));
        FakeMail mail = MailetFixtures.mail(InteropFiles.message("client-samples/outlook2013-signed-and-encrypted.eml"),
            "smime1@hmailserver.test", "smime2@hmailserver.test");

        mailet().service(mail);

        assertThat(SmimeMessages.kindOf(mail.getMessage())).isEqualTo(SmimeKind.SIGNED_OPAQUE);
        assertThat(mail.getMessage().getHeader(SmimeHeaders.ENCRYPTION, null)).isEqualTo("decrypted; alg=aes-256-cbc");
    }

    @Test
    void initShouldRejectAMistypedBoolean() {
        assertThatThrownBy(() -> mailet("useDomainKey", "ture")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("useDomainKey='ture' must be true or false");
    }

    @Test
    void initShouldRejectAnUnknownOnNoKey() {
        assertThatThrownBy(() -> mailet("onNoKey", "drop")).isInstanceOf(MessagingException.class);
    }
}
