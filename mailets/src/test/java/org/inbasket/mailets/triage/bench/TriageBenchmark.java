package org.inbasket.mailets.triage.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.inbasket.mailets.triage.urgent.UrgentLexicon;

/**
 * Urgent-detection throughput on 5 KB messages, one thread, counted per CPU-second of that thread (so a
 * busy shared machine does not distort the per-core figure; wall-clock rate printed too): parse the message from bytes (javax.mail), extract
 * every text part (jsoup for HTML), normalise, and match. Runs the shipped lexicon, then a 500-term lexicon
 * (the shipped one plus generated terms), then 5,000 terms for information. Not a test: run by hand, see
 * docs/benchmarks.md. Bounded: a warm-up round, then three interleaved rounds of {@code seconds} per lexicon (about a minute with 5 s);
 * the median of the three rounds is reported.
 *
 * <p>Usage: {@code TriageBenchmark [path/to/urgent-lexicon.txt] [seconds]}</p>
 */
public final class TriageBenchmark {
    private static final String[] ADJ = {"acute", "sudden", "severe", "sharp", "persistent", "worsening", "new",
        "throbbing", "burning", "stabbing", "recurrent", "unexplained", "rapid", "progressive", "intense"};
    private static final String[] PART = {"flank", "pelvic", "groin", "rib", "shoulder", "neck", "ear", "scalp",
        "ankle", "wrist", "hip", "knee", "thigh", "calf", "elbow", "spine", "kidney", "liver", "bladder", "bowel"};
    private static final String[] SIGN = {"numbness", "tingling", "swelling", "twitching", "spasm", "cramping",
        "bruising", "discoloration", "stiffness", "weakness", "throbbing", "pressure", "aching", "burning", "itching"};

    private TriageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shippedPath = Paths.get(args.length > 0 ? args[0] : "conf/triage/urgent-lexicon.txt");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String shippedText = Files.readString(shippedPath);
        UrgentLexicon shipped = UrgentLexicon.parse(shippedPath.toString(), shippedText);
        List<byte[]> messages = messages(400);
        double avg = messages.stream().mapToInt(m -> m.length).average().orElse(0);
        System.out.printf("messages: %d distinct, average %.0f bytes (text, QP, base64, HTML, multipart)%n",
            messages.size(), avg);
        System.out.printf("java %s, %d cores available%n", System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors());

        UrgentLexicon five = UrgentLexicon.parse("generated-500", withGenerated(shippedText, shipped.termCount(), 500));
        UrgentLexicon big = UrgentLexicon.parse("generated-5000", withGenerated(shippedText, shipped.termCount(), 5000));
        System.out.println("warm-up round (not reported):");
        run("shipped", shipped, messages, 2);
        run("500 terms", five, messages, 2);
        run("5000 terms", big, messages, 2);
        UrgentLexicon[] lexicons = {shipped, five, big};
        String[] labels = {"shipped (" + shipped.termCount() + " terms)", "500 terms (" + five.termCount() + ")",
            "5000 terms (" + big.termCount() + ")"};
        double[][] rates = new double[3][3];
        for (int round = 0; round < 3; round++) {
            System.out.println("round " + (round + 1) + ":");
            for (int l = 0; l < 3; l++) {
                rates[l][round] = run(labels[l], lexicons[l], messages, seconds);
            }
        }
        double[] median = new double[3];
        for (int l = 0; l < 3; l++) {
            java.util.Arrays.sort(rates[l]);
            median[l] = rates[l][1];
            System.out.printf("median %-22s %8.0f messages per CPU-second%n", labels[l], median[l]);
        }
        System.out.printf("slowdown 500 terms vs shipped: %.2fx; 5000 terms vs shipped: %.2fx%n",
            median[0] / median[1], median[0] / median[2]);
    }

    private static double run(String label, UrgentLexicon lexicon, List<byte[]> messages, int seconds) throws Exception {
        Session session = Session.getInstance(new Properties());
        long sink = 0;
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        int i = 0;
        while (System.nanoTime() < warmEnd) {
            sink += scan(lexicon, session, messages.get(i++ % messages.size()));
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long count = 0;
        while (System.nanoTime() < end) {
            for (int k = 0; k < 100; k++) {
                sink += scan(lexicon, session, messages.get(i++ % messages.size()));
            }
            count += 100;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double rate = count / cpu;
        System.out.printf("%-22s %8.0f messages per CPU-second (%.1f us CPU/message); wall clock %.0f/s; %d urgent%n",
            label, rate, 1e6 / rate, count / elapsed, sink);
        return rate;
    }

    private static int scan(UrgentLexicon lexicon, Session session, byte[] raw) throws Exception {
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        return lexicon.scan(message).urgent() ? 1 : 0;
    }

    /** The shipped lexicon plus generated three-word terms, up to {@code total} terms. */
    static String withGenerated(String shipped, int shippedTerms, int total) {
        Set<String> terms = new LinkedHashSet<>();
        Random random = new Random(42);
        int capacity = ADJ.length * ADJ.length * PART.length * SIGN.length;
        if (total - shippedTerms > capacity) {
            throw new IllegalArgumentException("cannot generate more than " + capacity + " terms");
        }
        while (terms.size() < total - shippedTerms) {
            String first = ADJ[random.nextInt(ADJ.length)];
            String second = random.nextBoolean() ? "" : ADJ[random.nextInt(ADJ.length)] + " ";
            terms.add(first + " " + second + PART[random.nextInt(PART.length)] + " " + SIGN[random.nextInt(SIGN.length)]);
        }
        StringBuilder sb = new StringBuilder(shipped).append("\n[category generated]\n");
        terms.forEach(t -> sb.append(t).append('\n'));
        return sb.toString();
    }

    /** Distinct messages of about 5 KB in several MIME shapes, some urgent. */
    static List<byte[]> messages(int n) throws Exception {
        String[] sentences = {
            "I wanted to follow up on my last visit and the plan we discussed for my blood pressure.",
            "The new medication seems to be working, although I have been a bit more tired in the afternoons.",
            "My pharmacy says the prescription needs a new authorisation before they can fill it again.",
            "I have been walking thirty minutes a day and trying to eat less salt, as you suggested.",
            "No chest pain or shortness of breath, and my ankles are less swollen than before.",
            "Could you also let me know when my next lab work should be scheduled?",
            "My daughter will drive me to the appointment, so mornings are easier for us.",
            "I checked my readings twice a day and wrote them down in the notebook you gave me.",
            "The insurance company sent a letter asking for more information about the referral.",
            "Thank you again for taking the time to explain everything so clearly last week.",
        };
        String[] urgent = {"Since this morning I have crushing chest pain and my left arm is numb.",
            "I don't want to live anymore.", "My husband has slurred speech and his face is drooping."};
        Session session = Session.getInstance(new Properties());
        Random random = new Random(7);
        List<byte[]> result = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            StringBuilder body = new StringBuilder();
            while (body.length() < 4400) {
                body.append(sentences[random.nextInt(sentences.length)]).append(' ');
                if (random.nextInt(8) == 0) {
                    body.append("\n\n");
                }
            }
            if (m % 10 == 0) {
                body.insert(body.length() / 2, " " + urgent[m % urgent.length] + " ");
            }
            MimeMessage message = new MimeMessage(session);
            message.setFrom("patient" + m + "@patients.example");
            message.setRecipients(javax.mail.Message.RecipientType.TO, "dr.house@clinic.example");
            message.setSubject("Follow-up question " + m);
            String text = body.toString();
            switch (m % 4) {
                case 0 -> message.setText(text, "UTF-8");
                case 1 -> {
                    message.setText(text, "ISO-8859-1");
                    message.setHeader("Content-Transfer-Encoding", "quoted-printable");
                }
                case 2 -> message.setContent("<html><body><p>" + text.replace("\n\n", "</p><p>") + "</p></body></html>",
                    "text/html; charset=UTF-8");
                default -> {
                    MimeMultipart alternative = new MimeMultipart("alternative");
                    MimeBodyPart plain = new MimeBodyPart();
                    plain.setText(text.substring(0, text.length() / 2), "UTF-8");
                    MimeBodyPart html = new MimeBodyPart();
                    html.setContent("<div>" + text.substring(text.length() / 2) + "</div>", "text/html; charset=UTF-8");
                    alternative.addBodyPart(plain);
                    alternative.addBodyPart(html);
                    message.setContent(alternative);
                }
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            result.add(out.toByteArray());
        }
        return result;
    }
}
