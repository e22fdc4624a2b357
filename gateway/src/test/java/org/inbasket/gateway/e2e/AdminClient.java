package org.inbasket.gateway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The gateway's WebAdmin API on loopback, as an operator's script would call it: with the admin token from the data directory. */
public final class AdminClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;
    private final String token;

    public AdminClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** The token the gateway created in {@code <data>/admin.token}. */
    public static String tokenOf(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve("admin.token"), StandardCharsets.US_ASCII).trim();
    }

    public HttpResponse<byte[]> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** @return the body, after asserting a 2xx status */
    public byte[] ok(String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(method, path, json);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** A user's key and certificate as PKCS#12, exported by the admin API. */
    public byte[] pkcs12(String address, String password) throws IOException, InterruptedException {
        return ok("POST", "/smime/certificates/" + address + "/pkcs12", "{\"password\":\"" + password + "\"}");
    }

    /** Whether the mail queue {@code name} (e.g. {@code spool}, {@code outgoing}) holds no mail now. */
    public boolean queueIsEmpty(String name) throws IOException, InterruptedException {
        String body = new String(ok("GET", "/mailQueues/" + name, null), StandardCharsets.UTF_8);
        return body.matches("(?s).*\"size\"\\s*:\\s*0\\b.*");
    }
}
