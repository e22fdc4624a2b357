package org.inbasket.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.inbasket.gateway.portal.RecordingSubmitter.Kind;
import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The patient's journeys through the portal, over real HTTP, with in-memory stores. */
class PortalFlowTest {
    static final String PATIENT = "pat@patientmail.example";
    static final String PASSWORD = "blue kettle on the hill";
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};

    PortalFixture fixture;
    WebClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = PortalFixture.inMemory(Map.of());
        client = fixture.client();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    PickupReceipt labs() throws Exception {
        return fixture.deposit(PATIENT, "Your lab results", Optional.of("Potassium 4.1, normal."), Optional.empty(),
            List.of(new PickupAttachment("labs.pdf", "application/pdf", "%PDF-1.4 x".getBytes(StandardCharsets.US_ASCII))),
            false, Optional.empty());
    }

    @Test
    void landingPageShouldConsumeNothingWhenALinkIsFollowed() throws Exception {
        PickupReceipt receipt = labs();

        HttpResponse<byte[]> landing = client.get("/m/" + receipt.token().get());
        client.get("/m/" + receipt.token().get());

        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(WebClient.text(landing)).contains("Open my secure message").doesNotContain("Potassium")
            .doesNotContain("lab results");
        assertThat(fixture.submitter.sent).isEmpty();
        assertThat(fixture.audit.actions()).doesNotContain(AuditAction.CODE_SENT, AuditAction.VIEW);
    }

    @Test
    void firstPickupShouldEmailACodeThenSetAPasswordAndShowTheMessage() throws Exception {
        PickupReceipt receipt = labs();

        String target = PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);

        assertThat(target).isEqualTo("/conversations/" + receipt.conversationId() + "#m-" + receipt.messageId());
        MimeMessage codeMail = fixture.submitter.of(Kind.TO_PATIENT).get(0).message();
        assertThat(codeMail.getSubject()).isEqualTo("Your Riverside Family Clinic secure message code");
        assertThat(codeMail.getContent().toString()).doesNotContain("Potassium").doesNotContain("lab");
        HttpResponse<byte[]> view = client.get("/conversations/" + receipt.conversationId());
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(WebClient.text(view)).contains("Potassium 4.1, normal.").contains("labs.pdf");
        assertThat(fixture.audit.actions()).containsSubsequence(AuditAction.CODE_SENT, AuditAction.PASSWORD_SET,
            AuditAction.LOGIN_SUCCEEDED, AuditAction.VIEW);
    }

    @Test
    void loginShouldRotateTheSessionIdSoAFixedSessionIsUseless() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.submit("/logout", Map.of());
        client.get("/login");
        String before = client.cookies.get("__Host-portal");

        PortalPages.login(client, PATIENT, PASSWORD, 303);

        String after = client.cookies.get("__Host-portal");
        assertThat(after).isNotEqualTo(before);
        WebClient attacker = fixture.client();
        attacker.cookies.put("__Host-portal", before);
        assertThat(WebClient.location(attacker.get("/messages"))).isEqualTo("/login");
    }

    @Test
    void sessionCookieShouldBeHttpOnlySecureAndSameSite() throws Exception {
        HttpResponse<byte[]> login = client.get("/login");

        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("__Host-portal=").contains("HttpOnly").contains("Secure")
            .contains("SameSite=Lax").contains("Path=/");
    }

    @Test
    void pagesShouldCarryAStrictContentSecurityPolicyAndSameOriginReferrer() throws Exception {
        HttpResponse<byte[]> login = client.get("/login");

        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
            .contains("default-src 'none'").doesNotContain("script-src").contains("frame-ancestors 'none'");
        assertThat(login.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(login.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void loginShouldLockTheAccountAfterRepeatedFailures() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.submit("/logout", Map.of());

        for (int i = 0; i < 4; i++) {
            PortalPages.login(client, PATIENT, "wrong password " + i, 401);
        }
        PortalPages.login(client, PATIENT, "wrong password 5", 403);
        PortalPages.login(client, PATIENT, PASSWORD, 403);

        assertThat(fixture.audit.actions()).contains(AuditAction.ACCOUNT_LOCKED);
        fixture.advance(Duration.ofMinutes(16));
        PortalPages.login(client, PATIENT, PASSWORD, 303);
    }

    @Test
    void loginShouldGiveTheSameAnswerForAnUnknownAddressAndAWrongPassword() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        WebClient other = fixture.client();
        other.get("/login");

        String wrong = WebClient.text(other.submit("/login", Map.of("email", PATIENT, "password", "nope nope nope")));
        String unknown = WebClient.text(other.submit("/login", Map.of("email", "x@y.example", "password", "nope")));

        assertThat(unknown.replaceAll("value=\"[^\"]*\"", ""))
            .isEqualTo(wrong.replaceAll("value=\"[^\"]*\"", ""));
    }

    @Test
    void idleSessionShouldExpire() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        assertThat(client.get("/messages").statusCode()).isEqualTo(200);

        fixture.advance(Duration.ofMinutes(16));

        assertThat(WebClient.location(client.get("/messages"))).isEqualTo("/login");
    }

    @Test
    void logoutShouldEndTheSessionAndBeAudited() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        String session = client.cookies.get("__Host-portal");

        HttpResponse<byte[]> out = client.submit("/logout", Map.of());

        assertThat(WebClient.location(out)).isEqualTo("/login?done=logout");
        WebClient replay = fixture.client();
        replay.cookies.put("__Host-portal", session);
        assertThat(WebClient.location(replay.get("/messages"))).isEqualTo("/login");
        assertThat(fixture.audit.actions()).contains(AuditAction.LOGOUT);
    }

    @Test
    void messageListShouldGroupByConversationAndMarkUnread() throws Exception {
        PickupReceipt first = labs();
        fixture.deposit(PATIENT, "Appointment on Friday", "See you at 10.");
        PortalPages.firstPickup(fixture, client, first.token().get(), PASSWORD);

        String list = WebClient.text(client.get("/messages"));

        assertThat(list).contains("Your lab results").contains("Appointment on Friday");
        assertThat(list).contains("class=\"badge\">New");
    }

    @Test
    void replyWithAPhotoShouldEnterThePipelineFromTheVerifiedAddress() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.get("/conversations/" + receipt.conversationId());

        HttpResponse<byte[]> sent = client.multipart("/conversations/" + receipt.conversationId() + "/reply",
            Map.of("csrf", client.csrf(), "message", "Here is the rash."),
            List.of(new WebClient.FilePart("files", "rash.jpg", "image/jpeg", JPEG)));

        assertThat(WebClient.location(sent)).isEqualTo("/conversations/" + receipt.conversationId() + "?sent=1");
        RecordingSubmitter.Sent reply = fixture.submitter.of(Kind.PATIENT_MESSAGE).get(0);
        assertThat(reply.sender().asString()).isEqualTo(PATIENT);
        assertThat(reply.recipients()).extracting(Object::toString).containsExactly("doctor@clinic.example");
        MimeMessage message = reply.message();
        assertThat(message.getHeader("X-Inbasket-Portal-Verified")).containsExactly(PATIENT);
        assertThat(message.getHeader("In-Reply-To")).isNotNull();
        assertThat(message.getSubject()).isEqualTo("Re: Your lab results");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("rash.jpg");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("image/jpeg");
        assertThat(fixture.audit.actions()).contains(AuditAction.REPLY);
        assertThat(WebClient.text(client.get("/conversations/" + receipt.conversationId() + "?sent=1")))
            .contains("Here is the rash.").contains("Your message was sent");
    }

    @Test
    void replyShouldExplainAndKeepTheTextWhenAFileIsNotAPhoto() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.get("/conversations/" + receipt.conversationId());

        HttpResponse<byte[]> refused = client.multipart("/conversations/" + receipt.conversationId() + "/reply",
            Map.of("csrf", client.csrf(), "message", "See attached."),
            List.of(new WebClient.FilePart("files", "notes.exe", "image/jpeg", "MZ\u0090 binary".getBytes(StandardCharsets.ISO_8859_1))));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(WebClient.text(refused)).contains("is not a kind of file we can accept").contains("See attached.");
        assertThat(fixture.submitter.of(Kind.PATIENT_MESSAGE)).isEmpty();
    }

    @Test
    void replyShouldExplainWhenAPhotoIsTooBig() throws Exception {
        fixture.close();
        fixture = PortalFixture.inMemory(Map.of("upload.max.file.size", "2KB"));
        client = fixture.client();
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.get("/conversations/" + receipt.conversationId());
        byte[] big = new byte[3000];
        System.arraycopy(JPEG, 0, big, 0, JPEG.length);

        HttpResponse<byte[]> refused = client.multipart("/conversations/" + receipt.conversationId() + "/reply",
            Map.of("csrf", client.csrf(), "message", "Big photo."),
            List.of(new WebClient.FilePart("files", "throat.jpg", "image/jpeg", big)));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(WebClient.text(refused)).contains("throat.jpg").contains("can be at most 2 KB");
        assertThat(fixture.submitter.of(Kind.PATIENT_MESSAGE)).isEmpty();
    }

    @Test
    void uploadShouldBeRefusedWhenTheWholeRequestIsOversize() throws Exception {
        fixture.close();
        fixture = PortalFixture.inMemory(Map.of("upload.max.file.size", "2KB", "upload.max.files", "1",
            "message.max.chars", "100"));
        client = fixture.client();
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.get("/conversations/" + receipt.conversationId());

        HttpResponse<byte[]> refused = client.multipart("/conversations/" + receipt.conversationId() + "/reply",
            Map.of("csrf", client.csrf(), "message", "Huge."),
            List.of(new WebClient.FilePart("files", "huge.jpg", "image/jpeg", new byte[200_000])));

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(WebClient.text(refused)).contains("larger than we can accept");
        assertThat(fixture.submitter.of(Kind.PATIENT_MESSAGE)).isEmpty();
    }

    @Test
    void newMessageShouldCarryTheCategoryHeaderAndGoToTheCareTeam() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.get("/new");

        HttpResponse<byte[]> sent = client.multipart("/new", Map.of("csrf", client.csrf(),
            "category", "prescription-refill", "subject", "Lisinopril", "message", "I need a refill please."),
            List.of());

        assertThat(sent.statusCode()).isEqualTo(303);
        RecordingSubmitter.Sent message = fixture.submitter.of(Kind.PATIENT_MESSAGE).get(0);
        assertThat(message.recipients()).extracting(Object::toString).containsExactly("careteam@clinic.example");
        assertThat(message.message().getHeader("X-Inbasket-Category")).containsExactly("prescription-refill");
        assertThat(message.message().getHeader("X-Inbasket-Portal-Verified")).containsExactly(PATIENT);
        assertThat(message.message().getSubject()).isEqualTo("Prescription refill: Lisinopril");
        assertThat(fixture.audit.actions()).contains(AuditAction.NEW_MESSAGE);
    }

    @Test
    void newMessageShouldAskForACategoryWhenNoneIsChosen() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.get("/new");

        HttpResponse<byte[]> refused = client.multipart("/new", Map.of("csrf", client.csrf(),
            "category", "lottery", "message", "Hello"), List.of());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(WebClient.text(refused)).contains("Please choose what your message is about.");
    }

    @Test
    void replyShouldNotStayInTheConversationWhenJamesRefusesIt() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.get("/conversations/" + receipt.conversationId());
        fixture.submitter.failPatientMessages = true;

        HttpResponse<byte[]> failed = client.multipart("/conversations/" + receipt.conversationId() + "/reply",
            Map.of("csrf", client.csrf(), "message", "Will this arrive?"), List.of());

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(WebClient.text(client.get("/conversations/" + receipt.conversationId())))
            .doesNotContain("Will this arrive?");
    }

    @Test
    void readReceiptShouldGoToTheSenderOnFirstOpenOnlyWhenRequested() throws Exception {
        PickupReceipt receipt = fixture.deposit(PATIENT, "Biopsy", Optional.of("Benign."), Optional.empty(),
            List.of(), true, Optional.empty());
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);

        client.get("/conversations/" + receipt.conversationId());
        client.get("/conversations/" + receipt.conversationId());

        List<RecordingSubmitter.Sent> receipts = fixture.submitter.of(Kind.TO_STAFF);
        assertThat(receipts).hasSize(1);
        assertThat(receipts.get(0).recipients()).extracting(Object::toString).containsExactly("doctor@clinic.example");
        assertThat(receipts.get(0).message().getContent().toString()).contains(PATIENT).doesNotContain("Benign");
    }

    @Test
    void maintenanceShouldRemindThePatientAndTellTheSenderOnceWhenUnread() throws Exception {
        labs();
        fixture.advance(Duration.ofDays(3));

        PickupPortal.MaintenanceReport first = fixture.portal.runMaintenance();
        PickupPortal.MaintenanceReport second = fixture.portal.runMaintenance();

        assertThat(first.reminders()).isEqualTo(1);
        assertThat(second.reminders()).isZero();
        MimeMessage reminder = fixture.submitter.of(Kind.TO_PATIENT).get(0).message();
        assertThat(reminder.getSubject()).isEqualTo("Reminder: you have a secure message from Riverside Family Clinic");
        assertThat(reminder.getContent().toString()).doesNotContain("lab").doesNotContain("Potassium");
        assertThat(fixture.submitter.of(Kind.TO_STAFF)).hasSize(1);
    }

    @Test
    void maintenanceShouldPurgeExpiredMessages() throws Exception {
        labs();
        fixture.advance(Duration.ofDays(30));

        assertThat(fixture.portal.runMaintenance().purgedMessages()).isEqualTo(1);
    }

    @Test
    void revokeShouldMakeTheLinkAndTheMessageUnavailableAndBeAudited() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);

        assertThat(fixture.portal.revoke(receipt.messageId(), "admin@clinic.example")).isTrue();

        assertThat(client.get("/conversations/" + receipt.conversationId()).statusCode()).isEqualTo(404);
        assertThat(fixture.client().get("/m/" + receipt.token().get()).statusCode()).isEqualTo(404);
        assertThat(fixture.audit.events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.REVOKE);
            assertThat(e.address()).isEqualTo("admin@clinic.example");
        });
    }

    @Test
    void resetShouldLetThePatientChooseANewPasswordWithAnEmailedCode() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        WebClient later = fixture.client();
        later.get("/reset");

        assertThat(WebClient.location(later.submit("/reset", Map.of("email", PATIENT)))).isEqualTo("/code");
        var codes = fixture.submitter.of(Kind.TO_PATIENT);
        String code = PortalPages.codeIn(codes.get(codes.size() - 1).message());
        later.get("/code");
        assertThat(WebClient.location(later.submit("/code", Map.of("code", code)))).isEqualTo("/password");
        later.get("/password");
        later.submit("/password", Map.of("password", "a brand new passphrase", "confirm", "a brand new passphrase"));

        WebClient again = fixture.client();
        PortalPages.login(again, PATIENT, PASSWORD, 401);
        PortalPages.login(again, PATIENT, "a brand new passphrase", 303);
    }

    @Test
    void firstPickupShouldAskForTheClinicsExtraCheckWhenOneWasSent() throws Exception {
        PickupReceipt receipt = fixture.deposit(PATIENT, "Results", Optional.of("Fine."), Optional.empty(),
            List.of(), false, Optional.of("19800227"));
        client.get("/m/" + receipt.token().get());
        client.submit("/m/" + receipt.token().get(), Map.of());
        String code = PortalPages.codeIn(fixture.submitter.of(Kind.TO_PATIENT).get(0).message());
        client.get("/code");
        client.submit("/code", Map.of("code", code));

        String form = WebClient.text(client.get("/password"));
        HttpResponse<byte[]> wrong = client.submit("/password", Map.of("password", PASSWORD, "confirm", PASSWORD,
            "extra", "1980-02-28"));
        HttpResponse<byte[]> right = client.submit("/password", Map.of("password", PASSWORD, "confirm", PASSWORD,
            "extra", "1980-02-27"));

        assertThat(form).contains("Date of birth");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(WebClient.text(wrong)).contains("does not match our records");
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(fixture.audit.actions()).contains(AuditAction.EXTRA_CHECK_FAILED);
    }

    @Test
    void passwordShouldBeRefusedWhenShorterThanTheMinimumOrNotConfirmed() throws Exception {
        PickupReceipt receipt = labs();
        client.get("/m/" + receipt.token().get());
        client.submit("/m/" + receipt.token().get(), Map.of());
        String code = PortalPages.codeIn(fixture.submitter.of(Kind.TO_PATIENT).get(0).message());
        client.get("/code");
        client.submit("/code", Map.of("code", code));
        client.get("/password");

        assertThat(WebClient.text(client.submit("/password", Map.of("password", "short", "confirm", "short"))))
            .contains("at least 10 characters");
        assertThat(WebClient.text(client.submit("/password", Map.of("password", PASSWORD, "confirm", PASSWORD + "x"))))
            .contains("not the same");
    }

    @Test
    void wrongCodeShouldBeRefusedAndAudited() throws Exception {
        PickupReceipt receipt = labs();
        client.get("/m/" + receipt.token().get());
        client.submit("/m/" + receipt.token().get(), Map.of());
        client.get("/code");

        HttpResponse<byte[]> wrong = client.submit("/code", Map.of("code", "00000000"));

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(WebClient.text(wrong)).contains("That code is not right");
        assertThat(fixture.audit.actions()).contains(AuditAction.CODE_FAILED);
        assertThat(WebClient.location(client.get("/password"))).isEqualTo("/login");
    }

    @Test
    void auditEventsShouldCarryAddressAndIpButNoContent() throws Exception {
        PickupReceipt receipt = labs();
        PortalPages.firstPickup(fixture, client, receipt.token().get(), PASSWORD);
        client.get("/conversations/" + receipt.conversationId());
        client.get("/attachments/" + receipt.messageId() + "/0");

        assertThat(fixture.audit.actions()).contains(AuditAction.VIEW, AuditAction.DOWNLOAD);
        assertThat(fixture.audit.events).allSatisfy(e -> {
            assertThat(e.toString()).doesNotContain("Potassium").doesNotContain("lab results")
                .doesNotContain("labs.pdf");
            assertThat(e.clientIp()).isIn("127.0.0.1", "-");
        });
        assertThat(fixture.audit.events).filteredOn(e -> e.action() == AuditAction.VIEW)
            .allSatisfy(e -> assertThat(e.address()).isEqualTo(PATIENT));
    }
}
