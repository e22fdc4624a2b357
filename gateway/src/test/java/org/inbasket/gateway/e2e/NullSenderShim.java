package org.inbasket.gateway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP pass-through in front of GreenMail. GreenMail 1.6 answers {@code MAIL FROM:<>} with 250 and then
 * refuses every RCPT ("503 MAIL must come before RCPT"), so automatic replies, which RFC 3834 sends with a null
 * return path, could not reach it. The shim rewrites that one command to {@link #NULL_SENDER_STAND_IN} and counts
 * it, so a test can assert that the gateway really used a null return path. Everything else passes unchanged.
 */
public final class NullSenderShim implements AutoCloseable {
    public static final String NULL_SENDER_STAND_IN = "null-return-path@shim.invalid";

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger nullSenders = new AtomicInteger();

    public NullSenderShim(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "null-sender-shim");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many transactions arrived with {@code MAIL FROM:<>}. */
    public int nullSenders() {
        return nullSenders.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pump(upstream, client);
                Thread forward = new Thread(() -> forwardCommands(client, upstream), "null-sender-shim-client");
                forward.setDaemon(true);
                forward.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException ignored) {
                // connection closed
            } finally {
                closeQuietly(to);
            }
        }, "null-sender-shim-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void forwardCommands(Socket client, Socket upstream) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = upstream.getOutputStream();
            boolean inData = false;
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (!inData && command.startsWith("MAIL FROM:<>")) {
                    nullSenders.incrementAndGet();
                    line = "MAIL FROM:<" + NULL_SENDER_STAND_IN + ">" + line.substring("MAIL FROM:<>".length());
                } else if (!inData && command.equals("DATA")) {
                    inData = true;
                } else if (inData && line.equals(".")) {
                    inData = false;
                }
                out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException ignored) {
            // connection closed
        } finally {
            closeQuietly(upstream);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
