package org.inbasket.mailets.triage.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.inbasket.mailets.triage.TestMails;
import org.junit.jupiter.api.Test;

class MessageTextTest {
    @Test
    void extractShouldDecodeQuotedPrintableInIso88591() throws Exception {
        MimeMessage m = TestMails.parse("Subject: =?ISO-8859-1?Q?caf=E9?=\nContent-Type: text/plain; charset=ISO-8859-1\n"
            + "Content-Transfer-Encoding: quoted-printable\n\nJ'ai mal =E0 la poitrine, c=\n'est grave=3F\n");
        assertThat(MessageText.extract(m, 10_000, true).segments()).containsExactly("caf\u00e9",
            "J'ai mal \u00e0 la poitrine, c'est grave?\r\n");
    }

    @Test
    void extractShouldDecodeBase64AndFallBackFromAWrongCharset() throws Exception {
        MimeMessage m = TestMails.parse("Subject: x\nContent-Type: text/plain; charset=x-unknown-charset\n"
            + "Content-Transfer-Encoding: base64\n\nY2hlc3QgcGFpbiDinaQ=\n");
        assertThat(MessageText.extract(m, 10_000, true).segments()).contains("chest pain \u2764");
    }

    @Test
    void extractShouldReadNestedMultipartsHtmlAndForwardedMessages() throws Exception {
        MimeMessage m = TestMails.parse("Subject: outer\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=a\n\n"
            + "--a\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nplain part\n"
            + "--b\nContent-Type: text/html\n\n<p>html <b>part</b></p><script>hidden()</script><blockquote>quoted</blockquote>\n"
            + "--b--\n--a\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n--a\n"
            + "Content-Type: image/png\nContent-Transfer-Encoding: base64\n\nAAAA\n--a--\n");
        String all = String.join("|", MessageText.extract(m, 10_000, true).segments());
        assertThat(all).contains("outer", "plain part", "html part", "inner", "inner body")
            .doesNotContain("hidden", "quoted", "AAAA");
    }

    @Test
    void extractShouldReadContentSetInMemory() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart p = new MimeBodyPart();
        p.setText("built in memory", "UTF-8");
        mp.addBodyPart(p);
        m.setContent(mp);
        assertThat(MessageText.extract(m, 10_000, true).segments()).contains("built in memory");
    }

    @Test
    void extractShouldStopAtTheCharacterLimit() throws Exception {
        MimeMessage m = TestMails.text("s", "x".repeat(5000));
        MessageText.Result r = MessageText.extract(m, 1000, true);
        assertThat(r.truncated()).isTrue();
        assertThat(r.segments().stream().mapToInt(String::length).sum()).isEqualTo(1000);
    }

    @Test
    void decodeQuotedPrintableShouldKeepMalformedEscapes() {
        assertThat(new String(MessageText.decodeQuotedPrintable("a=ZZb=4".getBytes(StandardCharsets.US_ASCII)),
            StandardCharsets.US_ASCII)).isEqualTo("a=ZZb=4");
    }
}
