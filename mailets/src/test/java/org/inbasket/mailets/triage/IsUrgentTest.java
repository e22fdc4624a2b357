package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.inbasket.mailets.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsUrgentTest {
    @TempDir
    Path root;
    private TestFileSystem fileSystem;
    private MutableClock clock;

    @BeforeEach
    void setUp() throws Exception {
        fileSystem = TriageTestFiles.installShippedConf(root);
        clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    }

    private IsUrgent matcher(String condition) throws MessagingException {
        IsUrgent matcher = new IsUrgent(fileSystem, clock);
        matcher.init(FakeMatcherConfig.builder().matcherName("IsUrgent").condition(condition).build());
        return matcher;
    }

    private static FakeMail mail(String subject, String body) throws MessagingException {
        return FakeMail.builder().name("m1").sender("pat@patients.example")
            .recipient("dr.house@clinic.example").mimeMessage(TestMails.text(subject, body)).build();
    }

    @Test
    void matchShouldReturnAllRecipientsAndRecordCategoriesWhenUrgent() throws Exception {
        FakeMail mail = mail("question", "I have crushing chest pain and I can't breathe");
        assertThat(matcher(null).match(mail)).containsExactlyElementsOf(mail.getRecipients());
        assertThat(TriageAttributes.urgentCategories(mail)).contains(java.util.List.of("cardiac", "breathing"));
    }

    @Test
    void matchShouldReturnNoRecipientsAndRecordEmptyCategoriesWhenNotUrgent() throws Exception {
        FakeMail mail = mail("refill", "Please refill my metformin. No chest pain.");
        assertThat(matcher(null).match(mail)).isEmpty();
        assertThat(TriageAttributes.urgentCategories(mail)).contains(java.util.List.of());
    }

    @Test
    void matchShouldScanTheSubject() throws Exception {
        FakeMail mail = mail("Chest pain since last night", "see subject");
        assertThat(matcher(null).match(mail)).isNotEmpty();
    }

    @Test
    void matchShouldReusePreviousResultWithoutScanningAgain() throws Exception {
        FakeMail mail = mail("hello", "nothing urgent here");
        TriageAttributes.setUrgentCategories(mail, java.util.List.of("stroke"));
        assertThat(matcher(null).match(mail)).isNotEmpty();
    }

    @Test
    void matchShouldIgnoreASenderWrittenUrgentHeader() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("pat@patients.example").recipient("dr.house@clinic.example")
            .mimeMessage(TestMails.parse("From: pat@patients.example\nX-Inbasket-Urgent: cardiac\nSubject: hi\n\nthanks\n"))
            .build();
        assertThat(matcher(null).match(mail)).isEmpty();
    }

    @Test
    void initShouldUseTheLexiconNamedInTheCondition() throws Exception {
        Path custom = root.resolve("custom.txt");
        Files.writeString(custom, "[category test]\npurple elephant\n");
        IsUrgent matcher = matcher("file:///" + custom.toAbsolutePath().toString().substring(1));
        assertThat(matcher.match(mail("x", "a purple elephant"))).isNotEmpty();
        assertThat(matcher.match(mail("x", "chest pain"))).isEmpty();
    }

    @Test
    void initShouldFailNamingTheLineWhenTheLexiconIsInvalid() throws Exception {
        Files.writeString(root.resolve("conf/triage/urgent-lexicon.txt"), "[category a]\nchest pain\n[bogus]\n");
        assertThatThrownBy(() -> matcher(null))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("urgent-lexicon.txt:3");
    }

    @Test
    void initShouldFailWhenTheLexiconIsMissing() {
        assertThatThrownBy(() -> matcher("file://conf/triage/nope.txt"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("file not found");
    }

    @Test
    void matchShouldUseAnEditedLexiconWithoutRestart() throws Exception {
        Path file = root.resolve("conf/triage/urgent-lexicon.txt");
        IsUrgent matcher = matcher(null);
        assertThat(matcher.match(mail("x", "my purple elephant is back"))).isEmpty();

        Files.writeString(file, Files.readString(file) + "\n[category zoo]\npurple elephant\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        clock.advance(Duration.ofSeconds(3));

        assertThat(matcher.match(mail("x", "my purple elephant is back"))).isNotEmpty();
    }

    @Test
    void matchShouldKeepTheLastGoodLexiconWhenAnEditIsInvalid() throws Exception {
        Path file = root.resolve("conf/triage/urgent-lexicon.txt");
        IsUrgent matcher = matcher(null);
        Files.writeString(file, "[category broken\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        clock.advance(Duration.ofSeconds(3));

        assertThat(matcher.match(mail("x", "I think I am having a stroke"))).isNotEmpty();
    }
}
