package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.inbasket.mailets.triage.autoreply.AutoreplyTemplate;
import org.inbasket.mailets.triage.coverage.FileCoverageSchedule;
import org.inbasket.mailets.triage.pool.PoolRules;
import org.inbasket.mailets.triage.smartphrase.PhraseLibrary;
import org.inbasket.mailets.triage.urgent.UrgentLexicon;
import org.junit.jupiter.api.Test;

/** The shipped conf/triage files load, and their documentation pages exist and name every key. */
class ShippedTriageConfDocsTest {
    private static final Path DOCS = TriageTestFiles.shippedConf().getParent().getParent().resolve("docs");

    private static String page(String name) throws Exception {
        Path page = DOCS.resolve("conf").resolve(name + ".md");
        assertThat(page).as("doc page for conf/triage/" + name).exists();
        return Files.readString(page);
    }

    @Test
    void everyShippedFileShouldLoad() throws Exception {
        UrgentLexicon.load(TriageTestFiles.shipped("urgent-lexicon.txt"));
        PoolRules.load(TriageTestFiles.shipped("pools.conf"));
        FileCoverageSchedule.load(TriageTestFiles.shipped("coverage.conf"));
        PhraseLibrary.load(TriageTestFiles.shipped("smartphrases.txt"));
        AutoreplyTemplate.load(TriageTestFiles.shipped("urgent-autoreply.txt"));
        AutoreplyTemplate.load(TriageTestFiles.shipped("coverage-autoreply.txt"));
    }

    @Test
    void everyShippedFileShouldHaveADocPage() throws Exception {
        try (Stream<Path> files = Files.list(TriageTestFiles.shippedConf())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(page(file.getFileName().toString())).contains("conf/triage/" + file.getFileName());
            }
        }
        assertThat(page("smartphrases.txt")).contains("smartphrases.d/");
    }

    @Test
    void docPagesShouldNameEveryKey() throws Exception {
        assertKeys(page("urgent-lexicon.txt"), UrgentLexicon.OPTION_KEYS);
        assertKeys(page("pools.conf"), PoolRules.CATEGORY_KEYS);
        assertKeys(page("coverage.conf"), FileCoverageSchedule.WINDOW_KEYS);
    }

    @Test
    void mailetPageShouldDescribeEveryMailet() throws Exception {
        String doc = Files.readString(DOCS.resolve("mailets").resolve("triage.md"));
        for (Class<?> type : List.of(IsUrgent.class, FlagUrgent.class, UrgentAutoreply.class, CopyToOnCall.class,
            RouteToPool.class, ForwardForCoverage.class, ExpandSmartPhrases.class)) {
            String sample = type == IsUrgent.class ? "match=\"" + type.getName() : "class=\"" + type.getName() + "\"";
            assertThat(doc).contains("## " + type.getSimpleName()).contains(sample);
        }
    }

    private static void assertKeys(String page, List<String> keys) {
        for (String key : keys) {
            assertThat(page).contains("| `" + key + "` |");
        }
    }
}
