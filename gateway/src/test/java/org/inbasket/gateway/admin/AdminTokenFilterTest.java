package org.inbasket.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import spark.Service;

/** The filter in a real Spark service, wired the way WebAdmin wires it: before a private route's paths only. */
class AdminTokenFilterTest {
    private static final String SECRET = "s3cret-token-value";
    private static Service service;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        service = Service.ignite().ipAddress("127.0.0.1").port(0);
        AdminTokenFilter filter = new AdminTokenFilter(AdminToken.of(SECRET));
        service.before("/pools", filter);
        service.before("/pools/*", filter);
        service.get("/pools", (request, response) -> "[]");
        service.get("/pools/:pool", (request, response) -> "{}");
        service.get("/healthcheck", (request, response) -> "healthy");
        service.awaitInitialization();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        service.stop();
        service.awaitStop();
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handleShouldRefuseWhenNoTokenIsSent() throws Exception {
        HttpResponse<String> response = get("/pools", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).startsWith("{\"statusCode\":401,\"type\":\"Unauthorized\",\"message\":");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"inbasket-admin\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void handleShouldRefuseWhenTheTokenIsWrongWithTheSameAnswer() throws Exception {
        HttpResponse<String> wrong = get("/pools/rn-pool@clinic.example", "Bearer " + SECRET + "x");
        HttpResponse<String> prefix = get("/pools", "Bearer " + SECRET.substring(0, 5));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(prefix.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(AdminTokenFilter.REFUSED).doesNotContain(SECRET);
    }

    @Test
    void handleShouldRefuseOtherSchemes() throws Exception {
        assertThat(get("/pools", "Basic " + SECRET).statusCode()).isEqualTo(401);
        assertThat(get("/pools", SECRET).statusCode()).isEqualTo(401);
        assertThat(get("/pools", "Bearer").statusCode()).isEqualTo(401);
    }

    @Test
    void handleShouldLetTheRightTokenThrough() throws Exception {
        assertThat(get("/pools", "Bearer " + SECRET).statusCode()).isEqualTo(200);
        assertThat(get("/pools/rn-pool@clinic.example", "bearer " + SECRET).statusCode()).isEqualTo(200);
    }

    @Test
    void publicRoutesShouldStayOpen() throws Exception {
        assertThat(get("/healthcheck", null).statusCode()).isEqualTo(200);
    }

    @Test
    void readOrCreateShouldMakeAnOwnerOnlyFileOnceAndKeepIt(@TempDir Path data) throws Exception {
        AdminToken first = AdminToken.readOrCreate(data);
        String secret = Files.readString(data.resolve("admin.token")).trim();
        AdminToken again = AdminToken.readOrCreate(data);

        assertThat(first.createdNow()).isTrue();
        assertThat(again.createdNow()).isFalse();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        assertThat(again.matches(secret)).isTrue();
        assertThat(again.matches(secret + " ")).isFalse();
        assertThat(again.matches(null)).isFalse();
        assertThat(again.toString()).doesNotContain(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("admin.token"))))
            .isEqualTo("rw-------");
    }
}
