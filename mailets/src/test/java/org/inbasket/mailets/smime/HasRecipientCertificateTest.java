package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryCertificateDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HasRecipientCertificateTest {
    private static TestPki pki;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Matcher CA");
    }

    private static HasRecipientCertificate matcher(CertificateDirectory directory) throws MessagingException {
        return MailetFixtures.init(new HasRecipientCertificate(directory, Clock.systemUTC()), "HasRecipientCertificate", null);
    }

    @Test
    void matchShouldReturnOnlyRecipientsWithACurrentEncryptionCertificate() throws Exception {
        CertificateDirectory directory = new InMemoryCertificateDirectory();
        directory.add(pki.issue("patient@example.com", KeyType.RSA).certificate());
        directory.add(pki.issue("old@example.com", KeyType.RSA, options -> options.expired()).certificate());

        var matched = matcher(directory).match(MailetFixtures.mail(TestMessages.plain(), "dr.grey@clinic.example",
            "patient@example.com", "old@example.com", "nobody@example.com"));

        assertThat(matched).containsExactly(new MailAddress("patient@example.com"));
    }

    @Test
    void matchShouldReturnNoRecipientWhenTheDirectoryFails() throws Exception {
        var matched = matcher(FailingDirectories.certificates()).match(MailetFixtures.mail(TestMessages.plain(), "dr.grey@clinic.example",
            "patient@example.com"));

        assertThat(matched).isEmpty();
    }

    @Test
    void initShouldRejectACondition() {
        assertThatThrownBy(() -> MailetFixtures.init(new HasRecipientCertificate(new InMemoryCertificateDirectory(), Clock.systemUTC()),
            "HasRecipientCertificate", "patient@example.com")).isInstanceOf(MessagingException.class);
    }
}
