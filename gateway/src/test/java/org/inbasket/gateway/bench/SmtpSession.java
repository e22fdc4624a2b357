package org.inbasket.gateway.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One plain SMTP connection that sends message after message (EHLO once, then MAIL, RCPT, DATA per
 * message), as a sending MTA with a backlog does. Minimal on purpose: the load generator must cost the
 * machine little, and it needs the exact reply code of each DATA. The crash suite also uses it on the
 * submission port ({@link #submission}: STARTTLS, trusting any certificate on loopback, then AUTH PLAIN), and
 * asks {@link #dataSent()} whether a message whose reply never came had been sent completely.
 */
public final class SmtpSession implements Closeable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String lastReply = "";
    private boolean dataSent;

    public SmtpSession(String host, int port, String helo) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(120_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
        expect(220);
        command("EHLO " + helo);
        expect(250);
    }

    /** A session on a submission port: EHLO, STARTTLS (any certificate: a test on loopback), EHLO, AUTH PLAIN. */
    public static SmtpSession submission(String host, int port, String helo, String user, String password)
        throws IOException {
        SmtpSession session = new SmtpSession(host, port, helo);
        try {
            session.startTls(host, port, helo);
            String credentials = "\0" + user + "\0" + password;
            session.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            session.expect(235);
        } catch (IOException e) {
            session.close();
            throw e;
        }
        return session;
    }

    private void startTls(String host, int port, String helo) throws IOException {
        command("STARTTLS");
        expect(220);
        SSLSocket tls;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAnyCertificate()}, null);
            tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS: " + e.getMessage(), e);
        }
        tls.startHandshake();
        socket = tls;
        in = new BufferedInputStream(tls.getInputStream());
        out = new BufferedOutputStream(tls.getOutputStream());
        command("EHLO " + helo);
        expect(250);
    }

    /** Sends one message; returns the final reply code (250 when the server took responsibility). */
    public int send(String from, String to, byte[] message) throws IOException {
        dataSent = false;
        command("MAIL FROM:<" + from + ">");
        int code = reply();
        if (code != 250) {
            return code;
        }
        command("RCPT TO:<" + to + ">");
        code = reply();
        if (code != 250) {
            command("RSET");
            reply();
            return code;
        }
        command("DATA");
        code = reply();
        if (code != 354) {
            return code;
        }
        writeDotStuffed(message);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        dataSent = true;
        return reply();
    }

    public String lastReply() {
        return lastReply;
    }

    /**
     * Whether the last {@link #send} wrote the whole message and its final dot: if its reply then never came,
     * the server may or may not have taken the message.
     */
    public boolean dataSent() {
        return dataSent;
    }

    private void writeDotStuffed(byte[] message) throws IOException {
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
    }

    private void command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void expect(int wanted) throws IOException {
        int code = reply();
        if (code != wanted) {
            throw new IOException("expected " + wanted + ", server said: " + lastReply);
        }
    }

    /** Reads a (possibly multi-line) reply; returns its code. */
    private int reply() throws IOException {
        while (true) {
            String line = readLine();
            if (line.length() < 3) {
                throw new IOException("malformed SMTP reply: " + line);
            }
            if (line.length() == 3 || line.charAt(3) != '-') {
                lastReply = line;
                return Integer.parseInt(line.substring(0, 3));
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        throw new IOException("connection closed by the server");
    }

    /** Loopback test peers only: the gateway's certificate is self-signed. */
    private static final class TrustAnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Override
    public void close() {
        try {
            command("QUIT");
            reply();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
