package org.inbasket.mailets.triage.urgent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.inbasket.mailets.triage.TriageTestFiles;
import org.inbasket.mailets.triage.conf.ConfException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrgentLexiconTest {
    private static UrgentLexicon shipped;

    @BeforeAll
    static void load() throws Exception {
        shipped = UrgentLexicon.load(TriageTestFiles.shipped("urgent-lexicon.txt"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "I have chest pain since this morning | cardiac",
        "CHEST   PAIN!!! | cardiac",
        "my chestpain is getting worse | cardiac",
        "cheeeest paaain | cardiac",
        "Chest-pain and sweating | cardiac",
        "I think I'm having a hart attack | cardiac",
        "I no longer want to live | suicide-self-harm",
        "I don't want to live anymore | suicide-self-harm",
        "honestly i have been feeling suicidle lately | suicide-self-harm",
        "I'm not sure but I think it might be a heart attack | cardiac",
        "No fever but I have shortness of breath | breathing",
        "No, I have chest pain | cardiac",
        "I don't care anymore I want to die | suicide-self-harm",
        "Ich habe starke Brustschmerzen, chest pain, sorry my english | cardiac",
        "She has a facial droop and slurred speech | stroke",
        "my throat is closing up after the new antibiotic | anaphylaxis",
        "I'm 32 weeks and the baby is not moving | pregnancy-emergency",
        "he is unconcious and won't wake up | unconscious-seizure",
        "the bleeding won't stop after my tooth extraction | severe-bleeding",
        "My chest pain hasn't stopped | cardiac",
        "I was having an anaphylactc reaction | anaphylaxis",
        "My chest pain went away yesterday but it is back and worse | cardiac",
        "I can't breath | breathing",
        "Sudden numbness in my left arm and my face feels strange | stroke",
        "I feel like I am going to pass out | unconscious-seizure",
    })
    void scanShouldFlagUrgentText(String text, String category) {
        assertThat(shipped.scan(text).categories()).contains(category);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "No chest pain, just a question about my refill",
        "I deny any suicidal thoughts, just feeling tired",
        "Patient denies suicidal thoughts",
        "I have not had any chest pain or shortness of breath since the new medication",
        "No fever, chills, chest pain or trouble breathing",
        "My chest pain from last week is gone",
        "My chest pain has resolved completely",
        "I was cooking dinner and cut my finger a little",
        "Family history of stroke; can I get a cholesterol test?",
        "Could you refill my lisinopril please",
        "I would never hurt myself, I am just sad about my dog",
        "> If you have chest pain call 911",
        "Without any shortness of breath I finished the 5k run",
        "Free of seizures for 2 years now, can I drive?",
        "That is odd, my refill did not arrive",
    })
    void scanShouldNotFlagNegatedOrUnrelatedText(String text) {
        assertThat(shipped.scan(text).categories()).isEmpty();
    }

    @Test
    void scanShouldCountNegatedOccurrences() {
        UrgentScan scan = shipped.scan("I have no chest pain");
        assertThat(scan.urgent()).isFalse();
        assertThat(scan.negatedHits()).isEqualTo(1);
    }

    @Test
    void scanShouldReportEveryCategoryOnce() {
        UrgentScan scan = shipped.scan("chest pain and chest pain. I want to die.");
        assertThat(scan.categories()).containsExactly("cardiac", "suicide-self-harm");
    }

    @Test
    void parseShouldRejectDuplicateTermAcrossCategories() {
        assertThatThrownBy(() -> UrgentLexicon.parse("lex.txt", "[category a]\nchest pain\n[category b]\nChest-Pain\n"))
            .isInstanceOf(ConfException.class)
            .hasMessageContaining("lex.txt:4")
            .hasMessageContaining("duplicate term")
            .hasMessageContaining("line 2");
    }

    @Test
    void parseShouldRejectUnknownSection() {
        assertThatThrownBy(() -> UrgentLexicon.parse("lex.txt", "[category a]\nchest pain\n[negation]\nno\n"))
            .isInstanceOf(ConfException.class)
            .hasMessageContaining("lex.txt:3")
            .hasMessageContaining("unknown section");
    }

    @Test
    void parseShouldRejectUnknownOption() {
        assertThatThrownBy(() -> UrgentLexicon.parse("lex.txt", "[options]\nnegation-windw = 3\n[category a]\nchest pain\n"))
            .isInstanceOf(ConfException.class)
            .hasMessageContaining("lex.txt:2")
            .hasMessageContaining("unknown key");
    }

    @Test
    void parseShouldRejectNonBooleanOption() {
        assertThatThrownBy(() -> UrgentLexicon.parse("lex.txt", "[options]\nignore-quoted = ture\n[category a]\nchest pain\n"))
            .isInstanceOf(ConfException.class)
            .hasMessageContaining("expected true or false");
    }

    @Test
    void parseShouldRejectEmptyLexicon() {
        assertThatThrownBy(() -> UrgentLexicon.parse("lex.txt", "[negation-pre]\nno\n"))
            .isInstanceOf(ConfException.class)
            .hasMessageContaining("no [category NAME]");
    }

    @Test
    void parseShouldRejectATermThatNormalisesToTwoLetters() {
        assertThatThrownBy(() -> UrgentLexicon.parse("lex.txt", "[category a]\nchest pain | od'd\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("lex.txt:2").hasMessageContaining("too short");
    }

    @Test
    void parseShouldRejectBadCategoryName() {
        assertThatThrownBy(() -> UrgentLexicon.parse("lex.txt", "[category Cardiac!]\nchest pain\n"))
            .isInstanceOf(ConfException.class)
            .hasMessageContaining("lex.txt:1");
    }

    @Test
    void fuzzyMatchingShouldBeSwitchableOff() throws Exception {
        UrgentLexicon strict = UrgentLexicon.parse("lex.txt", "[options]\nfuzzy-min-length = 0\n[category a]\nsuicidal\n");
        UrgentLexicon fuzzy = UrgentLexicon.parse("lex.txt", "[category a]\nsuicidal\n");
        assertThat(strict.scan("suicdal").urgent()).isFalse();
        assertThat(fuzzy.scan("suicdal").urgent()).isTrue();
    }

    @Test
    void fuzzyMatchingShouldNotTurnOtherCommonWordsIntoTerms() throws Exception {
        UrgentLexicon lexicon = UrgentLexicon.parse("lex.txt", "[category a]\nchoking\n");
        assertThat(lexicon.scan("I was cooking").urgent()).isFalse();
        assertThat(lexicon.scan("I was chokng").urgent()).isTrue();
    }

    @Test
    void quotedLinesShouldCountWhenIgnoreQuotedIsOff() throws Exception {
        UrgentLexicon lexicon = UrgentLexicon.parse("lex.txt", "[options]\nignore-quoted = false\n[category a]\nchest pain\n");
        assertThat(lexicon.scan("> chest pain").urgent()).isTrue();
    }
}
