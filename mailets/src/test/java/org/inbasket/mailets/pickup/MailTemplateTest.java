package org.inbasket.mailets.pickup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailTemplateTest {
    @TempDir
    Path dir;

    @Test
    void textShouldRenderSubjectAndBodyWithValues() throws Exception {
        Path file = dir.resolve("t.txt");
        Files.writeString(file, "Subject: From ${clinicName}\n\nHello ${clinicName}\n");

        MailTemplate template = MailTemplate.text(file, Set.of("clinicName"));

        assertThat(template.subject(Map.of("clinicName", "Riverside"))).isEqualTo("From Riverside");
        assertThat(template.body(Map.of("clinicName", "Riverside"))).isEqualTo("Hello Riverside\n");
    }

    @Test
    void textShouldFailNamingFileAndPlaceholderWhenPlaceholderIsUnknown() throws Exception {
        Path file = dir.resolve("t.txt");
        Files.writeString(file, "Subject: x\n\n${clinicNmae}\n");

        assertThatThrownBy(() -> MailTemplate.text(file, Set.of("clinicName")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("t.txt").hasMessageContaining("clinicNmae");
    }

    @Test
    void textShouldFailWhenSubjectLineIsMissing() throws Exception {
        Path file = dir.resolve("t.txt");
        Files.writeString(file, "Hello\n");

        assertThatThrownBy(() -> MailTemplate.text(file, Set.of()))
            .hasMessageContaining("Subject");
    }

    @Test
    void htmlShouldEscapeValues() throws Exception {
        Path file = dir.resolve("t.html");
        Files.writeString(file, "<p>${clinicName}</p>");

        MailTemplate template = MailTemplate.html(file, Set.of("clinicName"));

        assertThat(template.body(Map.of("clinicName", "<script>x</script>")))
            .isEqualTo("<p>&lt;script&gt;x&lt;/script&gt;</p>");
    }

    @Test
    void subjectShouldDropLineBreaksFromValues() throws Exception {
        Path file = dir.resolve("t.txt");
        Files.writeString(file, "Subject: ${clinicName}\n\nx");

        MailTemplate template = MailTemplate.text(file, Set.of("clinicName"));

        assertThat(template.subject(Map.of("clinicName", "A\r\nBcc: evil@example.com"))).doesNotContain("\n");
    }

    @Test
    void valuesShouldNotBeExpandedAgainWhenTheyContainPlaceholders() throws Exception {
        Path file = dir.resolve("t.txt");
        Files.writeString(file, "Subject: s\n\n${clinicName} ${link}");

        MailTemplate template = MailTemplate.text(file, Set.of("clinicName", "link"));

        assertThat(template.body(Map.of("clinicName", "${link}", "link", "L"))).isEqualTo("${link} L");
    }
}
