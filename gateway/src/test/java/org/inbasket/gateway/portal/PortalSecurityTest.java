package org.inbasket.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.inbasket.gateway.portal.RecordingSubmitter.Kind;
import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.inbasket.mailets.pickup.PickupTokens;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Attacks on the portal: hostile content, forged forms, guessed links, traversal, oversize. */
class PortalSecurityTest {
    static final String PATIENT = "pat@patientmail.example";
    static final String PASSWORD = "blue kettle on the hill";

    PortalFixture fixture;
    WebClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = PortalFixture.inMemory(Map.of("ratelimit.failures", "5"));
        client = fixture.client();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static Stream<String> corpus() throws IOException {
        try (InputStream in = PortalSecurityTest.class.getResourceAsStream("/xss/corpus.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList().stream();
        }
    }

    /** Fails if the page holds anything a browser would run. */
    static void assertInert(String html) {
        Document page = Jsoup.parse(html);
        assertThat(page.select("script, iframe, frame, object, embed, svg, math, base, template, form[action^=javascript], "
            + "meta[http-equiv], link[href^=javascript], video, audio, source, style")).isEmpty();
        for (Element element : page.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                assertThat(attribute.getKey().toLowerCase()).as("attribute on <" + element.tagName() + ">")
                    .doesNotStartWith("on");
                String value = attribute.getValue().replaceAll("\\s", "").toLowerCase();
                assertThat(value).as(attribute.getKey() + " on <" + element.tagName() + ">")
                    .doesNotStartWith("javascript:").doesNotStartWith("data:").doesNotStartWith("vbscript:");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileContentShouldNeverReachThePageInARunnableForm(String payload) throws Exception {
        PickupReceipt html = fixture.deposit(PATIENT, payload, Optional.of("plain"), Optional.of(payload),
            List.of(new PickupAttachment(payload, "text/html", payload.getBytes(StandardCharsets.UTF_8))), false,
            Optional.empty());
        PickupReceipt text = fixture.deposit(PATIENT, "Text", Optional.of(payload), Optional.empty(), List.of(),
            false, Optional.empty());
        PortalPages.firstPickup(fixture, client, html.token().get(), PASSWORD);

        assertInert(WebClient.text(client.get("/messages")));
        assertInert(WebClient.text(client.get("/conversations/" + html.conversationId())));
        String textPage = WebClient.text(client.get("/conversations/" + text.conversationId()));
        assertInert(textPage);
        assertThat(Jsoup.parse(textPage).select("div.text").text()).isEqualTo(payload);
    }

    @Test
    void svgAttachmentShouldDownloadAsAnAttachmentThatCannotRunScript() throws Exception {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";
        PickupReceipt receipt = fixture.deposit(PATIENT, "Chart", Optional.of("See chart"), Optional.empty(),
            List.of(new PickupAttachment("chart.svg", "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8))), false,
            Optional.empty());
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);

        HttpResponse<byte[]> download = client.get("/attachments/" + receipt.messageId() + "/0");

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;")
            .contains("filename=\"chart.svg\"");
        assertThat(download.headers().firstValue("Content-Type")).contains("image/svg+xml");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(download.headers().firstValue("Content-Security-Policy").orElseThrow())
            .contains("default-src 'none'").contains("sandbox");
    }

    @Test
    void attachmentNamesShouldLoseTheirPathWhenTheyTryToTraverse() throws Exception {
        PickupReceipt receipt = fixture.deposit(PATIENT, "Files", Optional.of("x"), Optional.empty(), List.of(
            new PickupAttachment("../../../etc/passwd", "text/plain", "a".getBytes(StandardCharsets.US_ASCII)),
            new PickupAttachment("..\\..\\Windows\\system.ini", "text/plain", "b".getBytes(StandardCharsets.US_ASCII)),
            new PickupAttachment("evil\"; filename=\"x.exe\r\nSet-Cookie: a=b", "text/plain", "c".getBytes(
                StandardCharsets.US_ASCII))), false, Optional.empty());
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);

        String first = client.get("/attachments/" + receipt.messageId() + "/0").headers()
            .firstValue("Content-Disposition").orElseThrow();
        String second = client.get("/attachments/" + receipt.messageId() + "/1").headers()
            .firstValue("Content-Disposition").orElseThrow();
        HttpResponse<byte[]> third = client.get("/attachments/" + receipt.messageId() + "/2");

        assertThat(first).contains("filename=\"passwd\"").doesNotContain("..").doesNotContain("/");
        assertThat(second).contains("filename=\"system.ini\"").doesNotContain("\\");
        assertThat(third.headers().firstValue("Content-Disposition").orElseThrow()).doesNotContain("\r")
            .doesNotContain("\n").startsWith("attachment; filename=\"evil filename=x.exe");
        assertThat(third.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void attachmentPathsShouldNotReachAnotherPatientsFiles() throws Exception {
        PickupReceipt mine = fixture.deposit(PATIENT, "Mine", "x");
        PickupReceipt theirs = fixture.deposit("other@patientmail.example", "Theirs", Optional.of("y"),
            Optional.empty(), List.of(new PickupAttachment("secret.pdf", "application/pdf", new byte[] {1})), false,
            Optional.empty());
        PortalPages.firstPickup(fixture, client, mine.token().get(), PASSWORD);

        assertThat(client.get("/attachments/" + theirs.messageId() + "/0").statusCode()).isEqualTo(404);
        assertThat(client.get("/conversations/" + theirs.conversationId()).statusCode()).isEqualTo(404);
        assertThat(client.get("/attachments/" + mine.messageId() + "/..%2F..%2Fetc%2Fpasswd").statusCode())
            .isEqualTo(404);
    }

    @Test
    void postWithoutCsrfTokenShouldBeRefusedAndChangeNothing() throws Exception {
        PickupReceipt receipt = fixture.deposit(PATIENT, "Labs", "x");
        client.get("/m/" + receipt.token().get());

        HttpResponse<byte[]> open = client.post("/m/" + receipt.token().get(), Map.of());
        HttpResponse<byte[]> forged = client.post("/m/" + receipt.token().get(), Map.of("csrf", "forged"));

        assertThat(open.statusCode()).isEqualTo(403);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(fixture.submitter.sent).isEmpty();
    }

    @Test
    void postsOfLoggedInPagesShouldBeRefusedWithoutTheCsrfToken() throws Exception {
        PickupReceipt receipt = fixture.deposit(PATIENT, "Labs", "x");
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);

        HttpResponse<byte[]> reply = client.multipart("/conversations/" + receipt.conversationId() + "/reply",
            Map.of("message", "forged"), List.of());
        HttpResponse<byte[]> logout = client.post("/logout", Map.of());

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(logout.statusCode()).isEqualTo(403);
        assertThat(fixture.submitter.of(Kind.PATIENT_MESSAGE)).isEmpty();
        assertThat(client.get("/messages").statusCode()).isEqualTo(200);
    }

    @Test
    void postFromAnotherOriginShouldBeRefusedEvenWithTheToken() throws Exception {
        client.get("/login");

        HttpResponse<byte[]> response = client.post("/login", Map.of("csrf", client.csrf(), "email", PATIENT,
            "password", PASSWORD), Optional.of("https://evil.example"));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void guessedTokenShouldGetExactlyTheSameResponseAsAnExpiredLink() throws Exception {
        PickupReceipt receipt = fixture.deposit(PATIENT, "Labs", "x");
        fixture.advance(java.time.Duration.ofDays(30));
        WebClient a = fixture.client();
        WebClient b = fixture.client();

        HttpResponse<byte[]> expired = a.get("/m/" + receipt.token().get());
        HttpResponse<byte[]> guessed = b.get("/m/" + PickupTokens.newToken());

        assertThat(guessed.statusCode()).isEqualTo(expired.statusCode()).isEqualTo(404);
        assertThat(guessed.body()).isEqualTo(expired.body());
        assertThat(guessed.headers().map()).containsOnlyKeys(expired.headers().map().keySet());
        assertThat(WebClient.text(guessed)).contains("This link cannot be used");
    }

    @Test
    void tokenGuessingShouldBeRateLimitedPerClient() throws Exception {
        PickupReceipt receipt = fixture.deposit(PATIENT, "Labs", "x");
        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/m/" + PickupTokens.newToken()).statusCode()).isEqualTo(404);
        }

        assertThat(client.get("/m/" + PickupTokens.newToken()).statusCode()).isEqualTo(429);
        assertThat(client.get("/m/" + receipt.token().get()).statusCode()).as("even a valid link while blocked")
            .isEqualTo(429);
        fixture.advance(java.time.Duration.ofMinutes(11));
        assertThat(client.get("/m/" + receipt.token().get()).statusCode()).isEqualTo(200);
        assertThat(fixture.audit.actions()).contains(AuditAction.LINK_REFUSED);
    }

    @Test
    void unknownMethodsShouldBeRefused() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(fixture.baseUrl() + "/login"))
            .method("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody()).build();

        var response = java.net.http.HttpClient.newHttpClient().send(request,
            java.net.http.HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(405);
    }
}
