package org.inbasket.mailets.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/** Test messages as RFC 5322 text, parsed the way James parses what it receives. */
public final class TestMessages {
    public static final String SUBJECT = "Lab results for Jane";

    private TestMessages() {
    }

    public static MimeMessage plain() {
        return parse("From: dr.grey@clinic.example\r\n"
            + "To: patient@example.com\r\n"
            + "Subject: " + SUBJECT + "\r\n"
            + "Date: Mon, 2 Jun 2025 10:00:00 +0000\r\n"
            + "Message-ID: <plain-1@clinic.example>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "Content-Transfer-Encoding: 7bit\r\n"
            + "\r\n"
            + "Your potassium is back to normal.\r\n"
            + "Dr Grey\r\n");
    }

    public static MimeMessage multipart() {
        return parse("From: dr.grey@clinic.example\r\n"
            + "To: patient@example.com\r\n"
            + "Subject: " + SUBJECT + "\r\n"
            + "Message-ID: <multi-1@clinic.example>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + "See the attached report. Caf=C3=A9 opens at 8.\r\n"
            + "--b1\r\n"
            + "Content-Type: application/pdf; name=\"report.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
            + "\r\n"
            + "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURlY29kZT4+\r\n"
            + "--b1--\r\n");
    }

    /** A text body of about {@code size} bytes. */
    public static MimeMessage ofSize(int size) {
        StringBuilder body = new StringBuilder();
        while (body.length() < size) {
            body.append("Patient reports improvement after the new dose; follow up in two weeks. ").append("\r\n");
        }
        return parse("From: dr.grey@clinic.example\r\n"
            + "To: patient@example.com\r\n"
            + "Subject: " + SUBJECT + "\r\n"
            + "Message-ID: <sized@clinic.example>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + body);
    }

    public static MimeMessage parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    public static MimeMessage parse(byte[] bytes) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MimeMessage resource(String name) {
        try (InputStream in = TestMessages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(MimeMessage message) {
        return new String(bytes(message), StandardCharsets.UTF_8);
    }

    /** The decoded body text of a single-part message or the first part's text, for content assertions. */
    public static String bodyText(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof String text) {
                return text;
            }
            if (content instanceof javax.mail.Multipart multipart) {
                return String.valueOf(multipart.getBodyPart(0).getContent());
            }
            return String.valueOf(content);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Splits a multipart/signed message into the signed part's exact bytes ({@code content}) and the DER signature
     * ({@code signature}), as an external verifier (gpgsm, NSS's cmsutil) reads a detached signature.
     */
    public static void writeDetached(MimeMessage signed, java.nio.file.Path content, java.nio.file.Path signature)
        throws Exception {
        String boundary = new javax.mail.internet.ContentType(signed.getContentType()).getParameter("boundary");
        String text = text(signed);
        String body = text.substring(text.indexOf("\r\n\r\n") + 4);
        String delimiter = "--" + boundary + "\r\n";
        int first = body.indexOf(delimiter) + delimiter.length();
        int second = body.indexOf("\r\n" + delimiter, first);
        java.nio.file.Files.writeString(content, body.substring(first, second), StandardCharsets.ISO_8859_1);
        MimeMessage parsed = parse(bytes(signed));
        javax.mail.internet.MimeMultipart multipart = (javax.mail.internet.MimeMultipart) parsed.getContent();
        java.nio.file.Files.write(signature,
            SmimeMessages.readCmsBytes((javax.mail.internet.MimeBodyPart) multipart.getBodyPart(1)));
    }
}
