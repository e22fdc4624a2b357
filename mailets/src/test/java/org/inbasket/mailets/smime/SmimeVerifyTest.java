package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.base.test.FakeMail;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryCertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryPrivateKeyDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmimeVerifyTest {
    private static TestPki pki;
    private static TestPki otherPki;
    private static SmimeIdentity grey;
    private CertificateDirectory directory;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Verify Mailet CA");
        otherPki = TestPki.create("Unknown CA");
        grey = pki.issue("dr.grey@clinic.example", KeyType.RSA);
    }

    @BeforeEach
    void emptyDirectory() {
        directory = new InMemoryCertificateDirectory();
    }

    private SmimeVerify mailet(String... parameters) throws MessagingException {
        return mailet(directory, parameters);
    }

    private static SmimeVerify mailet(CertificateDirectory directory, String... parameters) throws MessagingException {
        SmimeTrustStore trust = SmimeTrustStore.of(List.of(pki.caCertificate()), List.of());
        return MailetFixtures.init(new SmimeVerify(directory, trust, Clock.systemUTC()), "SmimeVerify", parameters);
    }

    private static MimeMessage signedBy(SmimeIdentity signer) throws SmimeException {
        return TestMessages.parse(TestMessages.bytes(new SmimeSigner().sign(TestMessages.plain(), signer)));
    }

    private static String header(FakeMail mail) throws MessagingException {
        return javax.mail.internet.MimeUtility.unfold(mail.getMessage().getHeader(SmimeHeaders.SIGNATURE, null));
    }

    @Test
    void serviceShouldStampAValidSignatureWithSignerAlgorithmAndFromMatch() throws Exception {
        FakeMail mail = MailetFixtures.mail(signedBy(grey), "dr.grey@clinic.example", "patient@example.com");

        mailet().service(mail);

        assertThat(header(mail)).isEqualTo("valid; signer=\"dr.grey@clinic.example\"; alg=rsa-sha256; from=match");
        assertThat(mail.getAttribute(SmimeMailAttributes.SIGNATURE).map(Attribute::getValue).map(v -> v.value().toString())).contains("valid");
        assertThat(mail.getAttribute(SmimeMailAttributes.SIGNER).map(Attribute::getValue).map(v -> v.value().toString()))
            .contains("dr.grey@clinic.example");
        assertThat(mail.getState()).isNull();
    }

    @Test
    void serviceShouldStampFromMismatchWhenTheSignerIsNotTheFromAddress() throws Exception {
        SmimeIdentity other = pki.issue("someone.else@clinic.example", KeyType.EC);
        FakeMail mail = MailetFixtures.mail(signedBy(other), "dr.grey@clinic.example", "patient@example.com");

        mailet().service(mail);

        assertThat(header(mail)).isEqualTo("valid; signer=\"someone.else@clinic.example\"; alg=ecdsa-sha256; from=mismatch");
    }

    @Test
    void serviceShouldStampInvalidWithTheReasonWhenTheBodyWasTampered() throws Exception {
        MimeMessage tampered = TestMessages.parse(TestMessages.text(signedBy(grey)).replace("potassium", "magnesium"));
        FakeMail mail = MailetFixtures.mail(tampered, "dr.grey@clinic.example", "patient@example.com");

        mailet().service(mail);

        assertThat(header(mail)).isEqualTo("invalid; signer=\"dr.grey@clinic.example\"; alg=rsa-sha256; from=match;"
            + " reason=\"the content was altered after it was signed\"");
        assertThat(directory.listAll()).isEmpty();
    }

    @Test
    void serviceShouldStampUntrustedAndNotHarvestWhenTheChainIsUnknown() throws Exception {
        FakeMail mail = MailetFixtures.mail(signedBy(otherPki.issue("stranger@example.org", KeyType.RSA)), "stranger@example.org",
            "dr.grey@clinic.example");

        mailet().service(mail);

        assertThat(header(mail)).startsWith("untrusted; signer=\"stranger@example.org\"");
        assertThat(directory.listAll()).isEmpty();
    }

    @Test
    void serviceShouldHarvestTheCertificateOfAValidSigner() throws Exception {
        FakeMail mail = MailetFixtures.mail(signedBy(grey), "dr.grey@clinic.example", "patient@example.com");

        mailet().service(mail);

        assertThat(directory.findEncryptionCertificate("dr.grey@clinic.example", java.time.Instant.now())).contains(grey.certificate());
    }

    @Test
    void serviceShouldNotHarvestWhenDisabled() throws Exception {
        FakeMail mail = MailetFixtures.mail(signedBy(grey), "dr.grey@clinic.example", "patient@example.com");

        mailet("harvest", "false").service(mail);

        assertThat(directory.listAll()).isEmpty();
    }

    @Test
    void serviceShouldKeepTheMailGoingWhenHarvestingFails() throws Exception {
        FakeMail mail = MailetFixtures.mail(signedBy(grey), "dr.grey@clinic.example", "patient@example.com");

        mailet(FailingDirectories.certificates()).service(mail);

        assertThat(header(mail)).startsWith("valid;");
        assertThat(mail.getState()).isNull();
    }

    @Test
    void serviceShouldRemoveForgedHeadersFromAnUnsignedMail() throws Exception {
        MimeMessage forged = TestMessages.plain();
        forged.addHeader(SmimeHeaders.SIGNATURE, "valid; signer=\"ceo@clinic.example\"; alg=rsa-sha256; from=match");
        forged.addHeader(SmimeHeaders.SIGNATURE, "valid");
        FakeMail mail = MailetFixtures.mail(forged, "attacker@example.org", "dr.grey@clinic.example");

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader(SmimeHeaders.SIGNATURE)).isNull();
    }

    @Test
    void serviceShouldReplaceAForgedHeaderOnASignedMail() throws Exception {
        MimeMessage message = TestMessages.parse(TestMessages.text(signedBy(grey)).replace("potassium", "magnesium"));
        message.addHeader(SmimeHeaders.SIGNATURE, "valid; signer=\"dr.grey@clinic.example\"");
        FakeMail mail = MailetFixtures.mail(message, "dr.grey@clinic.example", "patient@example.com");

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader(SmimeHeaders.SIGNATURE)).hasSize(1);
        assertThat(header(mail)).startsWith("invalid;");
    }

    @Test
    void serviceShouldStampEncryptedForAMailItCannotOpen() throws Exception {
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(signedBy(grey), List.of(grey.certificate()));
        FakeMail mail = MailetFixtures.mail(encrypted, "dr.grey@clinic.example", "patient@example.com");

        mailet().service(mail);

        assertThat(header(mail)).startsWith("encrypted; reason=");
    }

    @Test
    void decryptThenVerifyShouldReadTheThunderbirdSample() throws Exception {
        InMemoryPrivateKeyDirectory keys = new InMemoryPrivateKeyDirectory();
        keys.add("smime2@hmailserver.test", SmimeIdentity.of(InteropFiles.pemKey("client-samples/smime-2.key"),
            InteropFiles.certificate("client-samples/smime-2.crt")));
        FakeMail mail = MailetFixtures.mail(InteropFiles.message("client-samples/thunderbird128-signed-and-encrypted.eml"),
            "smime1@hmailserver.test", "smime2@hmailserver.test");
        SmimeTrustStore trust = SmimeTrustStore.of(List.of(InteropFiles.certificate("client-samples/ca_smime.crt")), List.of());

        MailetFixtures.init(new SmimeDecrypt(keys), "SmimeDecrypt").service(mail);
        MailetFixtures.init(new SmimeVerify(directory, trust, Clock.systemUTC()), "SmimeVerify").service(mail);

        assertThat(header(mail)).isEqualTo("valid; signer=\"smime1@hmailserver.test\"; alg=rsa-sha256; from=match");
        assertThat(mail.getMessage().getHeader(SmimeHeaders.ENCRYPTION, null)).isEqualTo("decrypted; alg=aes-128-cbc");
        assertThat(directory.list("smime1@hmailserver.test")).hasSize(1);
    }

    @Test
    void initShouldRejectAMistypedBoolean() {
        assertThatThrownBy(() -> mailet("acceptSha1", "yes")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("acceptSha1='yes' must be true or false");
    }

    @Test
    void initShouldRejectAnUnknownParameter() {
        assertThatThrownBy(() -> mailet("trustAnchors", "/etc/ssl")).isInstanceOf(MessagingException.class);
    }
}
