package org.inbasket.mailets.triage.smartphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.inbasket.mailets.triage.ThreadCpuTime;
import org.inbasket.mailets.triage.conf.ConfException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmartPhraseExpanderTest {
    private final SmartPhraseExpander expander = new SmartPhraseExpander(
        name -> switch (name.toLowerCase()) {
            case "refillok" -> "Refill sent.";
            case "sig" -> "{sender.name}\n{clinic.name}";
            case "html" -> "<b>bold</b> & co";
            default -> null;
        },
        Map.of("sender.name", "Dr. House", "clinic.name", "Springfield Clinic"));

    @Test
    void expandTextShouldReplaceKnownTokens() {
        assertThat(expander.expandText("Hi,\n.refillok\nBest")).isEqualTo("Hi,\nRefill sent.\nBest");
        assertThat(expander.expandText("Done: .refillok, thanks")).isEqualTo("Done: Refill sent., thanks");
        assertThat(expander.expandText("(.REFILLOK)")).isEqualTo("(Refill sent.)");
    }

    /** Issue 8 regression: the address pattern restarted at every character of a long word (3 s for 20 kB). */
    @Test
    void expandTextShouldStayLinearOnLongWordsWithoutAnAddress() {
        String words = "line-".repeat(60_000) + " .refillok " + "a@b".repeat(20_000) + " mail jane.refillok@example.com";
        long start = ThreadCpuTime.now();
        String expanded = expander.expandText(words);
        assertThat(ThreadCpuTime.since(start)).isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(expanded).contains(" Refill sent. ").endsWith("mail jane.refillok@example.com");
    }

    @Test
    void expandTextShouldFillVariablesAndKeepLineEndings() {
        assertThat(expander.expandText("Thanks\r\n.sig\r\n")).isEqualTo("Thanks\r\nDr. House\r\nSpringfield Clinic\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ".unknown stays",
        "see https://portal.example/.refillok now",
        "see www.example.com/.refillok",
        "mail jane.refillok@example.com",
        "file.refillok is a name",
        "domain .refillok.example.com",
        "> .refillok quoted",
        "a ..refillok double dot",
    })
    void expandTextShouldLeaveTokensThatAreNotSmartPhrases(String text) {
        assertThat(expander.expandText(text)).isSameAs(text);
    }

    @Test
    void expandHtmlShouldEscapeTheExpansionAndBreakLines() {
        String html = expander.expandHtml("<p>Hello .html and .sig</p>");
        assertThat(html).contains("&lt;b&gt;bold&lt;/b&gt; &amp; co").contains("Dr. House<br>Springfield Clinic");
    }

    @Test
    void expandHtmlShouldLeaveLinksQuotesAndUnknownTokens() {
        assertThat(expander.expandHtml("<p><a href=\"x\">.refillok</a></p><blockquote>.refillok</blockquote><p>.nope</p>"))
            .isNull();
    }

    @Test
    void libraryShouldRejectDuplicatesAndBadNames() {
        assertThatThrownBy(() -> PhraseLibrary.parse("p", "[a]\nx\n[A]\ny\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("p:3").hasMessageContaining("duplicate");
        assertThatThrownBy(() -> PhraseLibrary.parse("p", "[1abc]\nx\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("phrase name");
        assertThatThrownBy(() -> PhraseLibrary.parse("p", "[empty]\n\n[b]\nx\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("empty");
    }

    @Test
    void libraryShouldKeepInnerBlankLinesAndEscapes() throws Exception {
        PhraseLibrary library = PhraseLibrary.parse("p", "[a]\nline one\n\n\\[not a header]\n\\# not a comment\n\n[b]\nx\n");
        assertThat(library.phrase("A")).contains("line one\n\n[not a header]\n# not a comment");
    }
}
