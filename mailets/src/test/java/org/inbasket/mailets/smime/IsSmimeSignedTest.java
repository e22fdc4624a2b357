package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IsSmimeSignedTest {
    private static IsSmimeSigned matcher() throws MessagingException {
        return MailetFixtures.init(new IsSmimeSigned(), "IsSmimeSigned", null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "client-samples/outlook2013-signed.eml, true",
        "client-samples/thunderbird128-signed.eml, true",
        "rfc4134/4.9.eml, true",
        "client-samples/outlook2013-encrypted.eml, false"})
    void matchShouldRecogniseDetachedAndOpaqueSignatures(String sample, boolean signed) throws Exception {
        var matched = matcher().match(MailetFixtures.mail(InteropFiles.message(sample), "a@example.com", "b@example.com"));

        assertThat(matched.isEmpty()).isEqualTo(!signed);
    }

    @Test
    void matchShouldNotMatchAPlainMultipart() throws Exception {
        assertThat(matcher().match(MailetFixtures.mail(TestMessages.multipart(), "a@example.com", "b@example.com"))).isEmpty();
    }

    @Test
    void initShouldRejectACondition() {
        assertThatThrownBy(() -> MailetFixtures.init(new IsSmimeSigned(), "IsSmimeSigned", "x")).isInstanceOf(MessagingException.class);
    }
}
