package org.inbasket.gateway.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/**
 * One HTTP exchange with the helpers the portal needs: client IP (honouring {@code X-Forwarded-For} from
 * trusted proxies only), cookies, URL-encoded forms with a size limit, and responses with the security
 * headers every page gets.
 */
final class Http {
    static final int MAX_FORM_BYTES = 64 * 1024;
    static final String PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'";
    static final String DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";

    private final HttpExchange exchange;
    private final String clientIp;
    private final boolean hsts;
    private Map<String, String> form;

    Http(HttpExchange exchange, Set<String> trustedProxies, boolean hsts) {
        this.exchange = exchange;
        this.clientIp = clientIp(exchange, trustedProxies);
        this.hsts = hsts;
    }

    private static String clientIp(HttpExchange exchange, Set<String> trustedProxies) {
        InetAddress remote = exchange.getRemoteAddress().getAddress();
        String peer = remote == null ? "-" : remote.getHostAddress();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        if (forwarded == null) {
            return peer;
        }
        List<String> hops = List.of(forwarded.split(","));
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).strip();
            if (!trustedProxies.contains(hop) && hop.matches("[0-9a-fA-F.:]{2,45}")) {
                return hop;
            }
        }
        return peer;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getRawPath();
    }

    String clientIp() {
        return clientIp;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    Optional<String> query(String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? Optional.empty() : Optional.ofNullable(parse(raw).get(name));
    }

    Optional<String> cookie(String name) {
        List<String> headers = exchange.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return Optional.of(pair.substring(eq + 1).strip());
                }
            }
        }
        return Optional.empty();
    }

    InputStream body() {
        return exchange.getRequestBody();
    }

    long contentLength() {
        return header("Content-Length").map(v -> {
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    /** The URL-encoded form body (empty map for another content type); at most 64 KiB. */
    Map<String, String> form() throws IOException {
        if (form == null) {
            String type = header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!type.startsWith("application/x-www-form-urlencoded")) {
                form = Map.of();
            } else {
                byte[] bytes = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES + 1);
                if (bytes.length > MAX_FORM_BYTES) {
                    throw new IOException("form too large");
                }
                form = parse(new String(bytes, StandardCharsets.US_ASCII));
            }
        }
        return form;
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                // Malformed escape: ignore the pair.
            }
        }
        return values;
    }

    void setCookie(String value) {
        exchange.getResponseHeaders().add("Set-Cookie", value);
    }

    private void securityHeaders(Headers headers, String csp) {
        headers.set("Content-Security-Policy", csp);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "same-origin");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cache-Control", "no-store");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
        if (hsts) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }

    void html(int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        securityHeaders(headers, PAGE_CSP);
        headers.set("Content-Type", "text/html; charset=utf-8");
        send(status, bytes);
    }

    void redirect(String location) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        securityHeaders(headers, PAGE_CSP);
        headers.set("Location", location);
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    /** A static asset (cacheable, same security headers). */
    void asset(String contentType, byte[] bytes) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        securityHeaders(headers, PAGE_CSP);
        headers.set("Cache-Control", "public, max-age=3600");
        headers.set("Content-Type", contentType);
        send(200, bytes);
    }

    /** A file download: always an attachment, sandboxed, never sniffed. */
    void download(String contentType, String disposition, byte[] bytes) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        securityHeaders(headers, DOWNLOAD_CSP);
        headers.set("Content-Type", contentType);
        headers.set("Content-Disposition", disposition);
        send(200, bytes);
    }

    void plain(int status, String text) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        securityHeaders(headers, PAGE_CSP);
        headers.set("Content-Type", "text/plain; charset=utf-8");
        send(status, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int status, byte[] bytes) throws IOException {
        boolean head = "HEAD".equals(method());
        exchange.sendResponseHeaders(status, head ? -1 : (bytes.length == 0 ? -1 : bytes.length));
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
