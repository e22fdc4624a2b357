package org.inbasket.gateway.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/** Standard mail clients (JavaMail 1.6) talking to the gateway the way Thunderbird or Outlook would. */
public final class MailClients {
    private MailClients() {
    }

    public static Session session() {
        return Session.getInstance(new Properties());
    }

    public static MimeMessage message(String from, String to, String subject, String body) throws MessagingException {
        MimeMessage m = new MimeMessage(session());
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.saveChanges();
        return m;
    }

    /** The message as it would go on the wire. */
    public static byte[] raw(MimeMessage message) throws java.io.IOException, MessagingException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** Inbound SMTP (MX role): no TLS, no AUTH, as another organisation's server would connect. */
    public static void sendToMx(int port, MimeMessage message, String... recipients) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.localhost", "outside.example");
        Session s = Session.getInstance(p);
        try (Transport t = s.getTransport("smtp")) {
            t.connect();
            t.sendMessage(message, addresses(recipients, message));
        }
    }

    /** SMTP submission: STARTTLS required, then AUTH, as a clinician's mail client does. */
    public static void submit(int port, String user, String password, MimeMessage message, String... recipients)
        throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.auth", Boolean.toString(user != null));
        Session s = Session.getInstance(p);
        try (Transport t = s.getTransport("smtp")) {
            if (user != null) {
                t.connect(user, password);
            } else {
                t.connect();
            }
            t.sendMessage(message, addresses(recipients, message));
        }
    }

    private static javax.mail.Address[] addresses(String[] recipients, MimeMessage message) throws MessagingException {
        if (recipients.length == 0) {
            return message.getAllRecipients();
        }
        javax.mail.Address[] result = new javax.mail.Address[recipients.length];
        for (int i = 0; i < recipients.length; i++) {
            result[i] = new InternetAddress(recipients[i]);
        }
        return result;
    }

    /** IMAP with STARTTLS (the gateway refuses LOGIN before it). */
    public static Store imap(int port, String user, String password) throws MessagingException {
        return connect("imap", port, user, password, true);
    }

    /** IMAP without TLS, for a server configured to allow LOGIN in clear (the benchmark's peer, on loopback). */
    public static Store imapPlain(int port, String user, String password) throws MessagingException {
        return connect("imap", port, user, password, false);
    }

    /** IMAPS: implicit TLS. */
    public static Store imaps(int port, String user, String password) throws MessagingException {
        return connect("imaps", port, user, password, false);
    }

    private static Store connect(String protocol, int port, String user, String password, boolean startTls)
        throws MessagingException {
        Properties p = new Properties();
        p.put("mail." + protocol + ".host", "127.0.0.1");
        p.put("mail." + protocol + ".port", Integer.toString(port));
        p.put("mail." + protocol + ".ssl.trust", "*");
        if (startTls) {
            p.put("mail." + protocol + ".starttls.enable", "true");
            p.put("mail." + protocol + ".starttls.required", "true");
        }
        Store store = Session.getInstance(p).getStore(protocol);
        store.connect(user, password);
        return store;
    }

    /** A snapshot of one INBOX message, read over IMAP. */
    public record Seen(String messageId, String subject, String body, String header, Flags flags, byte[] raw) {
        /** The Content-Type of the stored message: S/MIME at rest is {@code application/pkcs7-mime}. */
        public String contentType() throws MessagingException {
            return new MimeMessage(session(), new java.io.ByteArrayInputStream(raw)).getContentType();
        }
    }

    /**
     * Waits until the INBOX holds the message with this Message-ID. James 3.8.1 can fail a FETCH of a message still
     * being appended ("Unable to load BODYSTRUCTURE"): such a poll is tried again rather than failing.
     */
    public static Seen awaitInInbox(int imapPort, String user, String password, String header, String messageId,
                                    java.time.Duration timeout) {
        return org.awaitility.Awaitility.await(messageId + " in the INBOX of " + user).atMost(timeout)
            .ignoreExceptionsInstanceOf(MessagingException.class)
            .until(() -> inbox(imapPort, user, password, header).stream()
                .filter(s -> messageId.equals(s.messageId())).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** Every INBOX message's Message-ID, subject, text body, the given header, and flags. */
    public static List<Seen> inbox(int imapPort, String user, String password, String header) throws Exception {
        Store store = imap(imapPort, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<Seen> result = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                String[] ids = m.getHeader("Message-ID");
                String[] h = header == null ? null : m.getHeader(header);
                Object content = m.getContent();
                java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
                m.writeTo(raw);
                result.add(new Seen(ids == null ? null : ids[0], m.getSubject(),
                    content instanceof String text ? text : null, h == null ? null : h[0], m.getFlags(),
                    raw.toByteArray()));
            }
            inbox.close(false);
            return result;
        } finally {
            store.close();
        }
    }

    /** Parses a MIME entity (such as what openssl decrypted). */
    public static MimeMessage parse(String mime) throws MessagingException {
        return new MimeMessage(session(), new java.io.ByteArrayInputStream(mime.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Every INBOX message as stored (raw, detached from the connection): S/MIME envelopes stay envelopes. */
    public static List<MimeMessage> inboxMessages(int imapPort, String user, String password) throws Exception {
        Store store = imap(imapPort, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<MimeMessage> result = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                result.add(new MimeMessage((MimeMessage) m));
            }
            inbox.close(false);
            return result;
        } finally {
            store.close();
        }
    }

    public static long countById(List<Seen> messages, String messageId) {
        return messages.stream().filter(s -> messageId.equals(s.messageId())).count();
    }
}
