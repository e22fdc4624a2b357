package org.inbasket.gateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, from outside, until a server's SMTP port greets with 220 and its WebAdmin answers GET /domains: 200, or
 * 401 from the gateway, whose admin API wants its token (the answer shows the routes are up all the same).
 */
final class ReadinessProbe {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ReadinessProbe() {
    }

    /** Returns milliseconds from {@code launchNanos} to ready; throws if the process dies or the timeout passes. */
    static long awaitReady(long launchNanos, int smtpPort, int adminPort, BooleanSupplier alive, Duration timeout)
        throws InterruptedException {
        long deadline = launchNanos + timeout.toNanos();
        boolean smtp = false;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("server process exited during startup");
            }
            smtp = smtp || smtpGreets(smtpPort);
            if (smtp && webAdminAnswers(adminPort)) {
                return (System.nanoTime() - launchNanos) / 1_000_000;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("server not ready after " + timeout);
    }

    private static boolean smtpGreets(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = in.readLine();
            s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return greeting != null && greeting.startsWith("220");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean webAdminAnswers(int port) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/domains"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 || r.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
