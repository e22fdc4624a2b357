package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.inbasket.mailets.smime.directory.InMemoryPrivateKeyDirectory;
import org.inbasket.mailets.smime.directory.PrivateKeyDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmimeSignTest {
    private static TestPki pki;
    private static SmimeIdentity grey;
    private static SmimeIdentity domain;
    private PrivateKeyDirectory keys;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Sign Mailet CA");
        grey = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        domain = pki.issue("postmaster@clinic.example", KeyType.EC);
    }

    @BeforeEach
    void fillKeys() {
        keys = new InMemoryPrivateKeyDirectory();
        keys.add("dr.grey@clinic.example", grey);
        keys.add("clinic.example", domain);
    }

    private SmimeSign mailet(String... parameters) throws MessagingException {
        return MailetFixtures.init(new SmimeSign(keys, Clock.systemUTC()), "SmimeSign", parameters);
    }

    private static VerificationResult verify(MimeMessage message) {
        return new SmimeVerifier(List.of(pki.caCertificate()), List.of(), Clock.systemUTC(), false)
            .verify(TestMessages.parse(TestMessages.bytes(message)), List.of());
    }

    @Test
    void serviceShouldSignWithTheSenderKey() throws Exception {
        FakeMail mail = MailetFixtures.mail(TestMessages.multipart(), "dr.grey@clinic.example", "patient@example.com");

        mailet().service(mail);

        assertThat(mail.getMessage().isMimeType("multipart/signed")).isTrue();
        VerificationResult result = verify(mail.getMessage());
        assertThat(result.status()).isEqualTo(SignatureStatus.VALID);
        assertThat(result.signer()).contains("dr.grey@clinic.example");
        assertThat(mail.getState()).isNull();
    }

    @Test
    void serviceShouldSignWithTheDomainKeyWhenConfigured() throws Exception {
        FakeMail mail = MailetFixtures.mail(TestMessages.plain(), "dr.grey@clinic.example", "patient@example.com");

        mailet("signWith", "domain").service(mail);

        assertThat(verify(mail.getMessage()).signer()).contains("postmaster@clinic.example");
    }

    @Test
    void serviceShouldFallBackToTheDomainKeyWhenTheSenderHasNone() throws Exception {
        FakeMail mail = MailetFixtures.mail(TestMessages.plain(), "nurse@clinic.example", "patient@example.com");

        mailet("signWith", "sender-or-domain").service(mail);

        assertThat(verify(mail.getMessage()).signer()).contains("postmaster@clinic.example");
    }

    @Test
    void serviceShouldPreferTheSenderKeyWithSenderOrDomain() throws Exception {
        FakeMail mail = MailetFixtures.mail(TestMessages.plain(), "dr.grey@clinic.example", "patient@example.com");

        mailet("signWith", "sender-or-domain").service(mail);

        assertThat(verify(mail.getMessage()).signer()).contains("dr.grey@clinic.example");
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWhenTheSenderHasNoKey() throws Exception {
        FakeMail mail = MailetFixtures.mail(TestMessages.plain(), "nurse@clinic.example", "patient@example.com");

        mailet("errorProcessor", "smime-error").service(mail);

        assertThat(mail.getState()).isEqualTo("smime-error");
        assertThat(mail.getErrorMessage()).isEqualTo("no valid signing key for the sender (signWith=sender)");
        assertThat(mail.getMessage().isMimeType("text/plain")).isTrue();
    }

    @Test
    void serviceShouldLeaveTheMailUnsignedWhenConfiguredToPass() throws Exception {
        FakeMail mail = MailetFixtures.mail(TestMessages.plain(), "nurse@clinic.example", "patient@example.com");

        mailet("onMissingKey", "pass").service(mail);

        assertThat(mail.getState()).isNull();
        assertThat(mail.getMessage().isMimeType("text/plain")).isTrue();
    }

    @Test
    void serviceShouldTreatANullSenderAsMissingAKey() throws Exception {
        FakeMail mail = MailetFixtures.mail(TestMessages.plain(), null, "patient@example.com");

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
    }

    @Test
    void serviceShouldNotSignAnAlreadySignedMail() throws Exception {
        MimeMessage signed = new SmimeSigner().sign(TestMessages.plain(), domain);
        byte[] before = TestMessages.bytes(signed);
        FakeMail mail = MailetFixtures.mail(signed, "dr.grey@clinic.example", "patient@example.com");

        mailet().service(mail);

        assertThat(TestMessages.bytes(mail.getMessage())).isEqualTo(before);
    }

    @Test
    void serviceShouldSendTheMailToTheErrorProcessorWhenTheKeyStoreFails() throws Exception {
        FakeMail mail = MailetFixtures.mail(TestMessages.plain(), "dr.grey@clinic.example", "patient@example.com");

        MailetFixtures.init(new SmimeSign(FailingDirectories.keys(), Clock.systemUTC()), "SmimeSign").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
        assertThat(mail.getErrorMessage()).contains("disk unavailable");
    }

    @Test
    void initShouldRejectAnUnknownSignWith() {
        assertThatThrownBy(() -> mailet("signWith", "user")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("signWith").hasMessageContaining("sender-or-domain");
    }

    @Test
    void initShouldRejectAnUnknownParameter() {
        assertThatThrownBy(() -> mailet("key", "grey")).isInstanceOf(MessagingException.class);
    }
}
