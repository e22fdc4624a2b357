package org.inbasket.gateway.portal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The portal's count of requests in progress, on a real JDK HTTP server. */
class InFlightExchangesTest {
    private final InFlightExchanges inFlight = new InFlightExchanges();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "done".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }).getFilters().add(inFlight);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void awaitIdleShouldReturnAtOnceWhenNothingIsInProgress() throws Exception {
        assertThat(inFlight.count()).isZero();
        assertThat(inFlight.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void awaitIdleShouldWaitForARequestInProgressAndNoLonger() throws Exception {
        CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient().sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.count() == 1);

        assertThat(inFlight.awaitIdle(Duration.ofMillis(50))).as("idle while a request is held").isFalse();

        release.countDown();
        assertThat(inFlight.awaitIdle(Duration.ofSeconds(10))).as("idle once the request is answered").isTrue();
        assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
        assertThat(inFlight.count()).isZero();
    }
}
