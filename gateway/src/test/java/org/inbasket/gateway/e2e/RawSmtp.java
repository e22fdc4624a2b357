package org.inbasket.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An SMTP client on a bare socket, for what a mail library will not send: raw bytes in DATA (NUL, bare CR,
 * 8-bit, no headers), over-long lines, pipelined floods. Every reply it reads is kept ({@link #transcript()}), so
 * a test can check that no reply text repeats what the client sent.
 */
public final class RawSmtp implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> transcript = new ArrayList<>();

    public RawSmtp(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(readTimeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects and reads the greeting. */
    public static RawSmtp open(int port) throws IOException {
        RawSmtp smtp = new RawSmtp(port, 60_000);
        smtp.expect(220);
        return smtp;
    }

    /** A reply: its code and its full text (all lines). */
    public record Reply(int code, String text) {
    }

    public Reply reply() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed; reply so far: " + text);
            }
            text.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                int code = line.length() >= 3 && line.substring(0, 3).chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(line.substring(0, 3)) : -1;
                transcript.add(text.toString());
                return new Reply(code, text.toString());
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    public Reply command(String command) throws IOException {
        write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return reply();
    }

    public Reply expect(int code) throws IOException {
        Reply reply = reply();
        if (reply.code() != code) {
            throw new IOException("expected " + code + ", got: " + reply.text());
        }
        return reply;
    }

    public Reply command(String command, int expected) throws IOException {
        write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return expect(expected);
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** STARTTLS, trusting the gateway's (self-signed) certificate, then EHLO again; returns that EHLO reply. */
    public Reply startTls(String helo) throws Exception {
        command("STARTTLS", 220);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        return command("EHLO " + helo, 250);
    }

    public void authPlain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        command("AUTH PLAIN " + token, 235);
    }

    /**
     * MAIL, RCPT, DATA and the message, dot-stuffed, with CRLF added at the end if missing.
     * @return the reply to the final dot, or the first refusal on the way
     */
    public Reply send(String from, String to, byte[] message) throws IOException {
        Reply mail = command("MAIL FROM:<" + from + ">");
        if (mail.code() != 250) {
            return mail;
        }
        Reply rcpt = command("RCPT TO:<" + to + ">");
        if (rcpt.code() != 250) {
            command("RSET");
            return rcpt;
        }
        Reply data = command("DATA");
        if (data.code() != 354) {
            return data;
        }
        write(dotStuffed(message));
        return reply();
    }

    static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream stuffed = new ByteArrayOutputStream(message.length + 16);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                stuffed.write('.');
            }
            stuffed.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            stuffed.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        stuffed.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return stuffed.toByteArray();
    }

    /** Every reply read so far, in order. */
    public List<String> transcript() {
        return List.copyOf(transcript);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** The gateway's certificate is self-signed and generated at first start: accept it (loopback, test only). */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
