package org.inbasket.mailets.triage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/** Builds test messages from literal RFC 5322 text. */
public final class TestMails {
    private TestMails() {
    }

    public static MimeMessage parse(String rfc822) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(rfc822.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
    }

    public static MimeMessage text(String subject, String body) throws MessagingException {
        return parse("From: Pat Patient <pat@patients.example>\n"
            + "To: dr.house@clinic.example\n"
            + "Subject: " + subject + "\n"
            + "Message-ID: <m1@patients.example>\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=us-ascii\n"
            + "\n"
            + body + "\n");
    }
}
