package org.inbasket.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The admin API seen from the command line: one {@link HttpClient}, the bearer token on every request, and
 * WebAdmin's error answers turned into {@link AdminCliException}s that quote the API's own message.
 *
 * <p>SECURITY: the token goes only into the {@code Authorization} header, never into messages; bodies with
 * passwords are built here and sent once.</p>
 */
public final class AdminApi {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public AdminApi(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Percent-encodes one path segment; keeps {@code @} readable (WebAdmin takes addresses as they are). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }

    /** @return the answer, whatever its status */
    public HttpResponse<byte[]> send(String method, String path, Object jsonBody) {
        return exchange(method, path, jsonBody, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** @return the body of a 2xx answer; any other status is an {@link AdminCliException} with the API's message */
    public byte[] call(String method, String path, Object jsonBody) {
        HttpResponse<byte[]> response = send(method, path, jsonBody);
        if (response.statusCode() / 100 != 2) {
            throw failure(method, path, response.statusCode(), response.body());
        }
        return response.body();
    }

    /** The body of a 2xx answer parsed as JSON. */
    public JsonNode json(String method, String path, Object jsonBody) {
        byte[] body = call(method, path, jsonBody);
        try {
            return JSON.readTree(body.length == 0 ? "null".getBytes(StandardCharsets.US_ASCII) : body);
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.API, method + " " + path + ": the answer is not JSON");
        }
    }

    /** Sends {@code body} as is with {@code contentType}; @return the body of a 2xx answer */
    public byte[] upload(String method, String path, byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.API, "the admin API at " + base + " is not reachable ("
                + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCliException(AdminCliException.API, "interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(method, path, response.statusCode(), response.body());
        }
        return response.body();
    }

    /** Streams the body of a 2xx answer to {@code out} (exports that may be large). */
    public void download(String path, OutputStream out) {
        HttpResponse<InputStream> response = exchange("GET", path, null, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw failure("GET", path, response.statusCode(), in.readAllBytes());
            }
            in.transferTo(out);
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.API, "GET " + path + ": the download broke off: " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> exchange(String method, String path, Object jsonBody, HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(write(jsonBody)));
        }
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.API, "the admin API at " + base + " is not reachable ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCliException(AdminCliException.API, "interrupted");
        }
    }

    private static String write(Object body) {
        try {
            return body instanceof String s ? s : new ObjectMapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code "PUT /users/x: HTTP 409: <WebAdmin's message>"}. */
    static AdminCliException failure(String method, String path, int status, byte[] body) {
        String detail = "";
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.hasNonNull("message")) {
                detail = ": " + error.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not WebAdmin's error JSON: the status says enough
        }
        return new AdminCliException(AdminCliException.API, method + " " + path + ": HTTP " + status + detail);
    }

    static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
