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

/**
 * One plain SMTP connection that sends message after message (EHLO once, then MAIL, RCPT, DATA per
 * message), as a sending MTA with a backlog does. Minimal on purpose: the load generator must cost the
 * machine little, and it needs the exact reply code of each DATA.
 */
final class SmtpSession implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String lastReply = "";

    SmtpSession(String host, int port, String helo) throws IOException {
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

    /** Sends one message; returns the final reply code (250 when the server took responsibility). */
    int send(String from, String to, byte[] message) throws IOException {
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
        return reply();
    }

    String lastReply() {
        return lastReply;
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
