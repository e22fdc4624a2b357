package org.inbasket.gateway.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Issue 8's realistic mix, fixed by the message index so every target gets the same messages in the same
 * order. Of every 20 messages: one of about 500 KB (short text and a PNG image attachment), three of
 * about 50 KB (HTML), sixteen of 2 KB (plain text). Every third message comes from an outside patient
 * ({@code patient-N@patients.example}, one address per message), the others from a partner hospital
 * ({@code referrals@partner-hospital.example}); every tenth patient message is urgent (chest pain, the
 * lexicon's cardiac category), the rest routine. All texts avoid the pool keywords of
 * {@code conf/triage/pools.conf} so that every message stays in its clinician's INBOX, where the latency
 * watcher looks for it ({@code MixedMessagesTest} checks both against the shipped files).
 */
public final class MixedMessages implements MessageSource {
    static final String PARTNER = "referrals@partner-hospital.example";
    static final String URGENT_LINE = "Since this morning I have chest pain and I am sweating, what should I do?\r\n";
    public static final String PATIENT_LINE = "Thank you for seeing me last week. I am feeling well and I kept up "
        + "the walks every day.\r\n";
    public static final String PARTNER_LINE = "Summary of the stay: the patient was admitted for observation, "
        + "went home in good spirits and will see you as planned.\r\n";
    private static final int SMALL = 2 * 1024;
    private static final int HTML = 50 * 1024;
    private static final int LARGE = 500 * 1024;

    private final String imageBase64;

    public MixedMessages() {
        imageBase64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(noisePng());
    }

    /** What message {@code index} is. */
    enum Kind { TEXT_2K, HTML_50K, IMAGE_500K }

    static Kind kind(int index) {
        int slot = index % 20;
        return slot == 7 ? Kind.IMAGE_500K : slot == 3 || slot == 11 || slot == 17 ? Kind.HTML_50K : Kind.TEXT_2K;
    }

    static boolean fromPatient(int index) {
        return index % 3 == 0;
    }

    static boolean urgent(int index) {
        return fromPatient(index) && (index / 3) % 10 == 0;
    }

    @Override
    public String sender(int index) {
        return fromPatient(index) ? "patient-" + index + "@patients.example" : PARTNER;
    }

    @Override
    public byte[] message(int index, String from, String to) {
        String line = fromPatient(index) ? PATIENT_LINE : PARTNER_LINE;
        StringBuilder m = new StringBuilder(LARGE + 1024);
        m.append("From: <").append(from).append(">\r\n")
            .append("To: <").append(to).append(">\r\n")
            .append("Subject: ").append(fromPatient(index) ? "Note from a patient " : "Hospital stay summary ")
            .append(index).append("\r\n")
            .append("Message-ID: <bench-").append(index).append("@bench.example>\r\n")
            .append("Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n")
            .append("MIME-Version: 1.0\r\n");
        String first = urgent(index) ? URGENT_LINE : line;
        switch (kind(index)) {
            case TEXT_2K -> {
                m.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n").append(first);
                fill(m, line, SMALL);
            }
            case HTML_50K -> {
                m.append("Content-Type: text/html; charset=us-ascii\r\n\r\n<html><body>\r\n<p>").append(first).append("</p>\r\n");
                fill(m, "<p>" + line.strip() + "</p>\r\n", HTML - "</body></html>\r\n".length());
                m.append("</body></html>\r\n");
            }
            case IMAGE_500K -> {
                String boundary = "bench-boundary-" + index;
                m.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n")
                    .append("--").append(boundary).append("\r\n")
                    .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n").append(first).append(line)
                    .append("--").append(boundary).append("\r\n")
                    .append("Content-Type: image/png; name=\"photo.png\"\r\n")
                    .append("Content-Disposition: attachment; filename=\"photo.png\"\r\n")
                    .append("Content-Transfer-Encoding: base64\r\n\r\n")
                    .append(imageBase64).append("\r\n")
                    .append("--").append(boundary).append("--\r\n");
            }
            default -> throw new IllegalStateException();
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void fill(StringBuilder m, String line, int bytes) {
        while (m.length() + line.length() <= bytes) {
            m.append(line);
        }
    }

    /** A valid PNG of random pixels (so it does not compress) whose base64 makes the message about 500 KB. */
    private static byte[] noisePng() {
        int side = 350;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(8);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    @Override
    public String describe() {
        return "mix 80% 2 KB text, 15% 50 KB HTML, 5% 500 KB PNG attachment; 1/3 from patients, 1/10 of those urgent";
    }
}
