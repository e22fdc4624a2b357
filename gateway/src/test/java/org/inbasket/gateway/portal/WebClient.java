package org.inbasket.gateway.portal;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A small test browser: keeps cookies, never follows redirects, reads the CSRF token of the last page.
 */
public final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final HttpClient http;
    private final String base;
    public final Map<String, String> cookies = new LinkedHashMap<>();
    private String lastCsrf = "";

    /** A file part of a multipart form. */
    public record FilePart(String field, String fileName, String contentType, byte[] data) {
    }

    public WebClient(String base, KeyStore trusted) throws Exception {
        this(base, trusted == null ? null : trustManagers(trusted));
    }

    private WebClient(String base, TrustManager[] trustManagers) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10));
        if (trustManagers != null) {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trustManagers, null);
            builder.sslContext(ssl);
        }
        this.http = builder.build();
        this.base = base;
    }

    /**
     * For a server whose self-signed certificate the test does not hold (the real gateway started as a child
     * process): accepts any certificate and any host name. Test use only.
     */
    public static WebClient trustingAnyCertificate(String base) throws Exception {
        return new WebClient(base, new TrustManager[] {new TrustAll()});
    }

    private static TrustManager[] trustManagers(KeyStore trusted) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    /** An extended trust manager, so that JSSE leaves host name checks to it (and it does none). */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    public String csrf() {
        return lastCsrf;
    }

    public HttpResponse<byte[]> get(String path) throws Exception {
        return send(request(path).GET().build());
    }

    public HttpResponse<byte[]> post(String path, Map<String, String> form) throws Exception {
        return post(path, form, Optional.empty());
    }

    public HttpResponse<byte[]> post(String path, Map<String, String> form, Optional<String> origin) throws Exception {
        String body = form.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        HttpRequest.Builder request = request(path).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        origin.ifPresent(o -> request.header("Origin", o));
        return send(request.build());
    }

    /** A form POST carrying the CSRF token of the last page. */
    public HttpResponse<byte[]> submit(String path, Map<String, String> fields) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("csrf", lastCsrf);
        return post(path, form);
    }

    public HttpResponse<byte[]> multipart(String path, Map<String, String> fields, List<FilePart> files)
        throws Exception {
        String boundary = "----test" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (FilePart file : files) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field()
                + "\"; filename=\"" + file.fileName() + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
            body.write(file.data());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || header.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        Matcher m = CSRF.matcher(new String(response.body(), StandardCharsets.UTF_8));
        if (m.find()) {
            lastCsrf = m.group(1);
        }
        return response;
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    public static String location(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Location").orElse("");
    }
}
