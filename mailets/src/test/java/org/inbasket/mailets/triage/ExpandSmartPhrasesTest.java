package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpandSmartPhrasesTest {
    @TempDir
    Path root;
    private ExpandSmartPhrases mailet;

    @BeforeEach
    void setUp() throws Exception {
        TestFileSystem fs = TriageTestFiles.installShippedConf(root);
        mailet = new ExpandSmartPhrases(fs, new MutableClock(Instant.parse("2025-03-04T15:00:00Z")));
        mailet.init(FakeMailetConfig.builder().mailetName("ExpandSmartPhrases")
            .setProperty("clinicName", "Springfield Clinic").setProperty("timezone", "UTC").build());
    }

    private static FakeMail outgoing(String sender, String rfc822) throws MessagingException {
        return FakeMail.builder().name("m1").sender(sender).recipient("pat@patients.example")
            .mimeMessage(TestMails.parse(rfc822)).build();
    }

    private static String raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void serviceShouldExpandGlobalPhrasesWithVariablesInPlainText() throws Exception {
        FakeMail mail = outgoing("dr.house@clinic.example", "From: Gregory House <dr.house@clinic.example>\n"
            + "To: pat@patients.example\nSubject: Re: refill\nMessage-ID: <keep-me@clinic.example>\n"
            + "Content-Type: text/plain; charset=us-ascii\n\nHello Pat,\n.refillok\n.sig\n");
        mailet.service(mail);
        String body = (String) mail.getMessage().getContent();
        assertThat(body).contains("Your prescription refill has been sent to your pharmacy.")
            .contains("Gregory House").contains("Springfield Clinic").contains("March 4, 2025")
            .doesNotContain(".refillok");
        assertThat(mail.getMessage().getMessageID()).isEqualTo("<keep-me@clinic.example>");
    }

    /** Issue 8 regression: 2,000 nested multiparts took 6 s here, since javax.mail re-reads every level. */
    @Test
    void serviceShouldLeavePartsDeeperThanTheLimitAsWrittenAndStayFast() throws Exception {
        StringBuilder rfc822 = new StringBuilder("From: dr.house@clinic.example\nSubject: deep\nMIME-Version: 1.0\n");
        int levels = 2_000;
        for (int i = 0; i < levels; i++) {
            rfc822.append("Content-Type: multipart/mixed; boundary=\"d").append(i).append("\"\n\n--d").append(i).append('\n');
        }
        rfc822.append("Content-Type: text/plain\n\n.refillok\n");
        for (int i = levels - 1; i >= 0; i--) {
            rfc822.append("--d").append(i).append("--\n");
        }
        FakeMail mail = outgoing("dr.house@clinic.example", rfc822.toString());
        long start = ThreadCpuTime.now();
        mailet.service(mail);
        assertThat(ThreadCpuTime.since(start)).isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(raw(mail.getMessage())).contains(".refillok").doesNotContain("sent to your pharmacy");

        FakeMail shallow = outgoing("dr.house@clinic.example", "From: dr.house@clinic.example\nSubject: x\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"a\"\n\n--a\nContent-Type: text/plain\n\n.refillok\n--a--\n");
        mailet.service(shallow);
        assertThat(raw(shallow.getMessage())).contains("sent to your pharmacy");
    }

    @Test
    void serviceShouldPreferThePerUserLibrary() throws Exception {
        Files.writeString(root.resolve("conf/triage/smartphrases.d/dr.house@clinic.example.txt"),
            "[refillok]\nDone, as always. -- GH\n");
        FakeMail mail = outgoing("dr.house@clinic.example", "From: dr.house@clinic.example\nSubject: x\n\n.refillok\n");
        mailet.service(mail);
        assertThat((String) mail.getMessage().getContent()).contains("Done, as always. -- GH");

        FakeMail other = outgoing("dr.wilson@clinic.example", "From: dr.wilson@clinic.example\nSubject: x\n\n.refillok\n");
        mailet.service(other);
        assertThat((String) other.getMessage().getContent()).contains("sent to your pharmacy");
    }

    @Test
    void serviceShouldExpandInTextAndHtmlAlternativesAndEscapeHtml() throws Exception {
        Files.writeString(root.resolve("conf/triage/smartphrases.d/dr.house@clinic.example.txt"),
            "[tricky]\nUse <2 tablets & rest\nsecond line\n");
        FakeMail mail = outgoing("dr.house@clinic.example", "From: dr.house@clinic.example\nSubject: x\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
            + "Advice: .tricky\n--b\nContent-Type: text/html; charset=utf-8\n\n<p>Advice: .tricky</p>\n--b--\n");
        mailet.service(mail);
        MimeMultipart mp = (MimeMultipart) mail.getMessage().getContent();
        assertThat((String) mp.getBodyPart(0).getContent()).contains("Advice: Use <2 tablets & rest\nsecond line");
        assertThat((String) mp.getBodyPart(1).getContent()).contains("Use &lt;2 tablets &amp; rest<br>second line");
        assertThat(raw(mail.getMessage())).doesNotContain(".tricky");
    }

    @Test
    void serviceShouldLeaveUnknownTokensUrlsAndAttachmentsAlone() throws Exception {
        String rfc822 = "From: dr.house@clinic.example\nSubject: x\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n"
            + ".unknownphrase see https://portal.example/.refillok\n--b\nContent-Type: text/plain\n"
            + "Content-Disposition: attachment; filename=notes.txt\n\n.refillok\n--b--\n";
        FakeMail mail = outgoing("dr.house@clinic.example", rfc822);
        String before = raw(mail.getMessage());
        mailet.service(mail);
        assertThat(raw(mail.getMessage())).isEqualTo(before);
    }

    @Test
    void serviceShouldNeverTouchSignedMail() throws Exception {
        String rfc822 = "From: dr.house@clinic.example\nSubject: x\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=b\n\n--b\n"
            + "Content-Type: text/plain\n\n.refillok\n--b\nContent-Type: application/pkcs7-signature\n\nAAAA\n--b--\n";
        FakeMail mail = outgoing("dr.house@clinic.example", rfc822);
        String before = raw(mail.getMessage());
        mailet.service(mail);
        assertThat(raw(mail.getMessage())).isEqualTo(before);
    }

    @Test
    void serviceShouldIgnoreAnInvalidPerUserLibrary() throws Exception {
        Files.writeString(root.resolve("conf/triage/smartphrases.d/dr.house@clinic.example.txt"), "no header\n");
        FakeMail mail = outgoing("dr.house@clinic.example", "From: dr.house@clinic.example\nSubject: x\n\n.refillok\n");
        mailet.service(mail);
        assertThat((String) mail.getMessage().getContent()).contains("sent to your pharmacy");
    }

    @Test
    void initShouldFailOnAnInvalidGlobalLibrary() throws Exception {
        Files.writeString(root.resolve("conf/triage/smartphrases.txt"), "[ok]\ntext\n[ok]\nagain\n");
        ExpandSmartPhrases m = new ExpandSmartPhrases(new TestFileSystem(root), new MutableClock(Instant.EPOCH));
        assertThatThrownBy(() -> m.init(FakeMailetConfig.builder().mailetName("ExpandSmartPhrases").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("smartphrases.txt:3");
    }

    @Test
    void initShouldRejectBadParameters() {
        ExpandSmartPhrases m = new ExpandSmartPhrases(new TestFileSystem(root), new MutableClock(Instant.EPOCH));
        assertThatThrownBy(() -> m.init(FakeMailetConfig.builder().mailetName("ExpandSmartPhrases")
            .setProperty("timezone", "Nowhere/Land").build())).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> m.init(FakeMailetConfig.builder().mailetName("ExpandSmartPhrases")
            .setProperty("userLibraries", "file://conf/triage/smartphrases.txt").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> m.init(FakeMailetConfig.builder().mailetName("ExpandSmartPhrases")
            .setProperty("libary", "x").build())).isInstanceOf(MessagingException.class);
    }
}
