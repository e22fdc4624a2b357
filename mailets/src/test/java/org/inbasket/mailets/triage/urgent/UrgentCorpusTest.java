package org.inbasket.mailets.triage.urgent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.inbasket.mailets.triage.TriageTestFiles;
import org.junit.jupiter.api.Test;

/**
 * Runs the shipped lexicon over the labelled corpus in {@code triage-corpus/} (see its README). Required:
 * recall 100% (no urgent message missed) and precision at least 90%.
 */
class UrgentCorpusTest {
    private record Labelled(String file, boolean urgent) {
    }

    @Test
    void shippedLexiconShouldFindEveryUrgentMessageWithPrecisionOfAtLeastNinetyPercent() throws Exception {
        UrgentLexicon lexicon = UrgentLexicon.load(TriageTestFiles.shipped("urgent-lexicon.txt"));
        Path corpus = Paths.get(UrgentCorpusTest.class.getResource("/triage-corpus/labels.tsv").toURI()).getParent();
        List<Labelled> labels = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("labels.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            labels.add(new Labelled(cols[0], cols[1].equals("urgent")));
        }
        assertThat(labels).hasSizeGreaterThanOrEqualTo(200);

        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        List<String> missed = new ArrayList<>();
        List<String> falseAlarms = new ArrayList<>();
        Session session = Session.getInstance(new Properties());
        for (Labelled l : labels) {
            boolean flagged;
            try (InputStream in = Files.newInputStream(corpus.resolve(l.file()))) {
                flagged = lexicon.scan(new MimeMessage(session, in)).urgent();
            }
            if (flagged && l.urgent()) {
                tp++;
            } else if (flagged) {
                fp++;
                falseAlarms.add(l.file());
            } else if (l.urgent()) {
                fn++;
                missed.add(l.file());
            } else {
                tn++;
            }
        }
        double recall = tp / (double) (tp + fn);
        double precision = tp / (double) (tp + fp);
        System.out.printf("Urgent corpus: %d messages, TP=%d FP=%d FN=%d TN=%d, recall=%.1f%%, precision=%.1f%%%n",
            labels.size(), tp, fp, fn, tn, recall * 100, precision * 100);
        System.out.println("Missed: " + missed);
        System.out.println("False alarms: " + falseAlarms);

        assertThat(missed).as("urgent messages missed").isEmpty();
        assertThat(precision).as("precision").isGreaterThanOrEqualTo(0.90);
        assertThat(tn).as("routine messages recognised as routine").isGreaterThan(0);
    }
}
