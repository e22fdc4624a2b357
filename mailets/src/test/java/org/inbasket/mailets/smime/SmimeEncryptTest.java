package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryCertificateDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmimeEncryptTest {
    private static TestPki pki;
    private static SmimeIdentity patient;
    private static SmimeIdentity nurse;
    private CertificateDirectory directory;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Encrypt Mailet CA");
        patient = pki.issue("patient@example.com", KeyType.RSA);
        nurse = pki.issue("nurse@clinic.example", KeyType.EC);
    }

    @BeforeEach
    void fillDirectory() {
        directory = new InMemoryCertificateDirectory();
        directory.add(patient.certificate());
        directory.add(nurse.certificate());
    }

    private SmimeEncrypt mailet(String... parameters) throws MessagingException {
        return mailet(directory, parameters);
    }

    private static SmimeEncrypt mailet(CertificateDirectory directory, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("SmimeEncrypt");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        SmimeEncrypt mailet = new SmimeEncrypt(directory, Clock.systemUTC());
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(MimeMessage message, String... recipients) throws MessagingException {
        return FakeMail.builder().name("mail-1").mimeMessage(message).sender("dr.grey@clinic.example").recipients(recipients).build();
    }

    @Test
    void serviceShouldEncryptToEveryRecipientInOneEnvelopeWhenAllHaveCertificates() throws Exception {
        FakeMail mail = mail(TestMessages.plain(), "patient@example.com", "nurse@clinic.example");

        mailet().service(mail);

        assertThat(mail.getState()).isNull();
        MimeMessage encrypted = mail.getMessage();
        assertThat(new ContentType(encrypted.getContentType()).getParameter("smime-type")).isEqualTo("enveloped-data");
        for (SmimeIdentity reader : List.of(patient, nurse)) {
            DecryptionResult result = new SmimeDecryptor().decrypt(encrypted, List.of(reader));
            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(TestMessages.bodyText(result.message().orElseThrow())).contains("potassium");
        }
    }

    @Test
    void serviceShouldProtectTheSubjectByDefault() throws Exception {
        FakeMail mail = mail(TestMessages.plain(), "patient@example.com");

        mailet().service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("[...]");
        assertThat(TestMessages.text(mail.getMessage())).doesNotContain(TestMessages.SUBJECT);
    }

    @Test
    void serviceShouldKeepTheSubjectWhenConfigured() throws Exception {
        FakeMail mail = mail(TestMessages.plain(), "patient@example.com");

        mailet("subject", "keep").service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo(TestMessages.SUBJECT);
    }

    @Test
    void serviceShouldUseTheConfiguredPlaceholder() throws Exception {
        FakeMail mail = mail(TestMessages.plain(), "patient@example.com");

        mailet("subjectPlaceholder", "Secure message").service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("Secure message");
    }

    @Test
    void serviceShouldUseAuthEnvelopedDataWhenGcmIsConfigured() throws Exception {
        FakeMail mail = mail(TestMessages.plain(), "patient@example.com");

        mailet("contentCipher", "AES-256-GCM", "rsaKeyTransport", "rsa-pkcs1v15").service(mail);

        assertThat(new ContentType(mail.getMessage().getContentType()).getParameter("smime-type")).isEqualTo("authEnveloped-data");
        DecryptionResult result = new SmimeDecryptor().decrypt(mail.getMessage(), List.of(patient));
        assertThat(result.contentAlgorithm()).contains("aes-256-gcm");
    }

    @Test
    void serviceShouldNotEncryptAnAlreadyEncryptedMail() throws Exception {
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(TestMessages.plain(), List.of(nurse.certificate()));
        byte[] before = TestMessages.bytes(encrypted);
        FakeMail mail = mail(encrypted, "patient@example.com");

        mailet().service(mail);

        assertThat(TestMessages.bytes(mail.getMessage())).isEqualTo(before);
        assertThat(mail.getState()).isNull();
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWhenARecipientHasNoCertificate() throws Exception {
        FakeMail mail = mail(TestMessages.plain(), "patient@example.com", "stranger@example.org");

        mailet("errorProcessor", "smime-error").service(mail);

        assertThat(mail.getState()).isEqualTo("smime-error");
        assertThat(mail.getErrorMessage()).isEqualTo("no valid encryption certificate for 1 of 2 recipient(s)");
        assertThat(mail.getAttribute(SmimeMailAttributes.ERROR).map(Attribute::getValue).map(AttributeValue::value).map(Object::toString))
            .contains("no valid encryption certificate for 1 of 2 recipient(s)");
        assertThat(SmimeMessages.kindOf(mail.getMessage())).isEqualTo(SmimeKind.NONE);
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWhenTheOnlyCertificateExpired() throws Exception {
        CertificateDirectory expiredOnly = new InMemoryCertificateDirectory();
        expiredOnly.add(pki.issue("old@example.com", KeyType.RSA, options -> options.expired()).certificate());
        FakeMail mail = mail(TestMessages.plain(), "old@example.com");

        mailet(expiredOnly).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWhenTheDirectoryFails() throws Exception {
        FakeMail mail = mail(TestMessages.plain(), "patient@example.com");

        mailet(FailingDirectories.certificates()).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
        assertThat(mail.getErrorMessage()).contains("database unavailable");
        assertThat(SmimeMessages.kindOf(mail.getMessage())).isEqualTo(SmimeKind.NONE);
    }

    @Test
    void serviceShouldRecordAReasonThatSurvivesJsonSerialisation() throws Exception {
        FakeMail mail = mail(TestMessages.plain(), "stranger@example.org");

        mailet().service(mail);

        AttributeValue<?> value = mail.getAttribute(SmimeMailAttributes.ERROR).orElseThrow().getValue();
        assertThat(AttributeValue.fromJson(value.toJson().orElseThrow())).isEqualTo(value);
    }

    @Test
    void initShouldRejectAnUnknownParameter() {
        assertThatThrownBy(() -> mailet("cipher", "aes-256-cbc")).isInstanceOf(MessagingException.class).hasMessageContaining("cipher");
    }

    @Test
    void initShouldRejectAnUnknownCipherNamingTheParameter() {
        assertThatThrownBy(() -> mailet("contentCipher", "rc2-40")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("SmimeEncrypt").hasMessageContaining("contentCipher").hasMessageContaining("aes-256-gcm");
    }

    @Test
    void initShouldRejectAnUnknownKeyTransport() {
        assertThatThrownBy(() -> mailet("rsaKeyTransport", "oaep")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("rsaKeyTransport");
    }

    @Test
    void initShouldRejectAnUnknownSubjectMode() {
        assertThatThrownBy(() -> mailet("subject", "hide")).isInstanceOf(MessagingException.class).hasMessageContaining("protect, keep");
    }

    @Test
    void initShouldRejectAPlaceholderWhenTheSubjectIsKept() {
        assertThatThrownBy(() -> mailet("subject", "keep", "subjectPlaceholder", "x")).isInstanceOf(MessagingException.class);
    }

    @Test
    void initShouldRejectANonAsciiPlaceholder() {
        assertThatThrownBy(() -> mailet("subjectPlaceholder", "Nachricht f\u00fcr Sie")).isInstanceOf(MessagingException.class);
    }

    @Test
    void initShouldRejectAnErrorProcessorThatIsNotAName() {
        assertThatThrownBy(() -> mailet("errorProcessor", "two words")).isInstanceOf(MessagingException.class);
    }
}
