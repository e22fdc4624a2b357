package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.Test;

class IsSmimeEncryptedTest {
    private static IsSmimeEncrypted matcher() throws MessagingException {
        return MailetFixtures.init(new IsSmimeEncrypted(), "IsSmimeEncrypted", null);
    }

    @Test
    void matchShouldReturnAllRecipientsOfAnEnvelopedMail() throws Exception {
        SmimeIdentity patient = TestPki.create("Kind CA").issue("patient@example.com", KeyType.RSA);
        var encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(TestMessages.plain(), List.of(patient.certificate()));

        var matched = matcher().match(MailetFixtures.mail(encrypted, "a@example.com", "b@example.com", "c@example.com"));

        assertThat(matched).containsExactly(new MailAddress("b@example.com"), new MailAddress("c@example.com"));
    }

    @Test
    void matchShouldRecogniseAClientSampleWithoutSmimeTypeOnlyByItsContent() throws Exception {
        String sample = TestMessages.text(InteropFiles.message("client-samples/thunderbird128-encrypted.eml"))
            .replace("smime-type=enveloped-data", "x-other=1");

        assertThat(matcher().match(MailetFixtures.mail(TestMessages.parse(sample), "a@example.com", "b@example.com"))).hasSize(1);
    }

    @Test
    void matchShouldNotMatchSignedOrPlainMail() throws Exception {
        assertThat(matcher().match(MailetFixtures.mail(TestMessages.plain(), "a@example.com", "b@example.com"))).isEmpty();
        assertThat(matcher().match(MailetFixtures.mail(InteropFiles.message("client-samples/outlook2013-signed.eml"),
            "a@example.com", "b@example.com"))).isEmpty();
    }

    @Test
    void initShouldRejectACondition() {
        assertThatThrownBy(() -> MailetFixtures.init(new IsSmimeEncrypted(), "IsSmimeEncrypted", "aes")).isInstanceOf(MessagingException.class);
    }
}
