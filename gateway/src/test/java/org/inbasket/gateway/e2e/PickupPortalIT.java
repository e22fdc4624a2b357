package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.activation.DataHandler;
import javax.mail.Folder;
import javax.mail.Header;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Store;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;
import javax.mail.util.ByteArrayDataSource;

import org.awaitility.core.ConditionFactory;
import org.inbasket.gateway.portal.HeadlessChromium;
import org.inbasket.gateway.portal.PortalPages;
import org.inbasket.gateway.portal.TestPhotos;
import org.inbasket.gateway.portal.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Issue 6 through the running gateway: a clinician's mail to a patient without a certificate leaves only as a
 * notification without health information (GreenMail is the patient's provider); the patient picks it up on the
 * gateway's HTTPS portal, downloads the attachment and replies; the reply reaches the clinician's IMAP inbox,
 * encrypted at rest and marked as portal-verified; the marker cannot be forged over SMTP; the admin API withdraws
 * the message from the portal; and a headless Chromium does the patient's whole journey through the gateway
 * (first pickup, logout, login, read, download, reply with a photo, new message with a category, logout), with a
 * screenshot of each page in {@code target/portal-screenshots/gateway-*.png} (skipped as
 * {@link HeadlessChromium#assumeAvailable()} decides).
 */
class PickupPortalIT {
    static final Duration DELIVERY = Duration.ofSeconds(90);
    static final String CLINICIAN = "dr.grey@clinic.example";
    static final String NOTIFICATION_SUBJECT = "You have a new secure message from Clinic Example";
    static final Path SHOTS = Path.of("target/portal-screenshots");

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static GreenMail outside;
    static TestDatabase database;
    static GatewayProcess gateway;
    static String portalUrl;
    static Pattern linkPattern;

    /**
     * The shipped configuration with one change an operator makes too: {@code public.url} is the address the
     * portal is reached at (here the test's loopback port), so links open as sent and the browser's Origin matches.
     */
    @BeforeAll
    static void start() throws Exception {
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        database = TestDatabase.create();
        gateway = new GatewayProcess(data, database, outside.getSmtp().getPort());
        portalUrl = "https://127.0.0.1:" + gateway.portalPort;
        Path conf = gateway.confWithLoopbackPortal(work.resolve("conf"));
        linkPattern = Pattern.compile(Pattern.quote(portalUrl) + "(/m/([A-Za-z0-9_-]{43}))");
        gateway.start(List.of("--demo", "--conf", conf.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.stopAll(gateway, database, outside);
    }

    @Test
    void clinicianMailToPatientWithoutCertificateShouldBePickedUpRepliedToAndRevoked() throws Exception {
        String patient = "patient.x@outside.example";
        Clinical sent = submitToPatient(patient, "scan");
        String marker = sent.marker();
        String body = sent.body();
        String fileName = sent.fileName();

        // 1. Only the notification leaves, without a trace of the message.
        await().atMost(DELIVERY).until(() -> mailFor(patient).size() >= 1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() -> mailFor(patient).size() == 1);
        MimeMessage notification = mailFor(patient).get(0);
        assertThat(notification.getSubject()).isEqualTo(NOTIFICATION_SUBJECT);
        assertNoTrace(notification, marker);
        Matcher found = link(notification);
        String linkPath = found.group(1);
        String token = found.group(2);

        // 2. Landing page: GETs (a person, a link scanner) consume nothing and send no code.
        WebClient scanner = portalClient();
        HttpResponse<byte[]> scanned = scanner.get(linkPath);
        assertThat(scanned.statusCode()).isEqualTo(200);
        assertThat(WebClient.text(scanned)).contains("You have a secure message").contains("Open my secure message")
            .doesNotContain(marker);
        WebClient browser = portalClient();
        assertThat(WebClient.text(browser.get(linkPath))).contains("Open my secure message");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() -> mailFor(patient).size() == 1);

        // Button, code by mail (through the relay processor), password: the message with its attachment.
        String target = PortalPages.firstPickup(browser, token, "a quiet green river", codeMailFor(patient));
        String conversation = target.replaceFirst("#.*", "");
        String page = WebClient.text(browser.get(conversation));
        assertThat(page).contains(body).contains(fileName);
        String attachment = attachmentHref(page);
        HttpResponse<byte[]> download = browser.get(attachment);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;")
            .contains(fileName);
        assertThat(download.body()).isEqualTo(sent.pdf());

        // 3. The reply reaches the clinician: from the patient, portal-verified, encrypted at rest.
        String replyMarker = marker();
        HttpResponse<byte[]> replied = browser.multipart(conversation + "/reply",
            Map.of("csrf", browser.csrf(), "message", "Thank you doctor, noted " + replyMarker + "."), List.of());
        assertThat(replied.statusCode()).isEqualTo(303);
        assertThat(WebClient.location(replied)).endsWith("?sent=1");
        awaitImap().until(() -> fromPatientInInbox(patient).size() == 1);
        MimeMessage stored = fromPatientInInbox(patient).get(0);
        assertThat(stored.getHeader("X-Inbasket-Portal-Verified")).containsExactly(patient);
        assertThat(stored.getHeader("In-Reply-To")).containsExactly(sent.rfcMessageId());
        assertThat(SmimeTool.isEncrypted(stored)).as("encrypted at rest: " + stored.getContentType()).isTrue();
        assertThat(raw(stored)).doesNotContain(replyMarker);
        MimeMessage opened = SmimeTool.forUser(gateway.adminClient(), CLINICIAN, work.resolve("grey")).decrypt(stored);
        assertThat(decodedText(opened)).contains("Thank you doctor, noted " + replyMarker + ".");

        // Nothing else for the patient left the gateway: the notification and the code, both without the marker.
        List<MimeMessage> toPatient = mailFor(patient);
        assertThat(toPatient).hasSize(2);
        for (MimeMessage m : toPatient) {
            assertNoTrace(m, marker);
            assertNoTrace(m, replyMarker);
        }

        // 5. Withdrawn through the admin API: the message, its file and its link are gone from the portal.
        HttpResponse<String> revoked = admin("POST", "/pickup/revocations",
            "{\"messageId\": \"" + sent.rfcMessageId() + "\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.body()).contains("\"revoked\"").contains("1");
        assertThat(WebClient.text(browser.get(conversation))).doesNotContain(body).doesNotContain(fileName);
        assertThat(WebClient.text(browser.get("/messages"))).doesNotContain(fileName);
        assertThat(browser.get(attachment).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> deadLink = portalClient().get(linkPath);
        assertThat(deadLink.statusCode()).isEqualTo(404);
        assertThat(WebClient.text(deadLink)).contains("This link cannot be used");
        assertThat(mailFor(patient)).hasSize(2);
        assertLogsDoNotContain(marker, replyMarker);
    }

    @Test
    void revocationByStoreIdShouldWithdrawTheMessage() throws Exception {
        String patient = "patient.z@outside.example";
        Clinical sent = submitToPatient(patient, "letter");
        await().atMost(DELIVERY).until(() -> mailFor(patient).size() == 1);

        WebClient browser = portalClient();
        String target = PortalPages.firstPickup(browser, link(mailFor(patient).get(0)).group(2), "a calm blue lake",
            codeMailFor(patient));
        String conversation = target.replaceFirst("#.*", "");
        String attachment = attachmentHref(WebClient.text(browser.get(conversation)));
        String storeId = attachment.split("/")[2];

        assertThat(admin("DELETE", "/pickup/messages/" + storeId, null).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> gone = browser.get(conversation);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(WebClient.text(gone)).doesNotContain(sent.body());
        assertThat(browser.get(attachment).statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/pickup/messages/" + storeId + "x", null).statusCode()).isEqualTo(404);
    }

    @Test
    void portalVerifiedHeaderFromSmtpShouldBeRemoved() throws Exception {
        String marker = marker();
        MimeMessage forged = MailClients.message("mallory@outside.example", CLINICIAN, "Hello " + marker,
            "Please call me back " + marker);
        forged.setHeader("X-Inbasket-Portal-Verified", "patient.x@outside.example");
        forged.saveChanges();
        String id = forged.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, forged);

        awaitImap().until(() -> inboxById(id) != null);
        MimeMessage stored = inboxById(id);
        assertThat(stored.getHeader("X-Inbasket-Portal-Verified")).isNull();
        assertThat(SmimeTool.isEncrypted(stored)).as("encrypted at rest").isTrue();
        MimeMessage opened = SmimeTool.forUser(gateway.adminClient(), CLINICIAN, work.resolve("forged")).decrypt(stored);
        assertThat(opened.getHeader("X-Inbasket-Portal-Verified")).isNull();
        assertThat(decodedText(opened)).contains("Please call me back " + marker);
    }

    /**
     * Issue 6's browser journey against the running gateway: first pickup, logout, login, read, download, reply
     * with a photo, new message with a category, logout. Then, through IMAP and openssl: the reply (photo
     * attached) is in Dr Grey's INBOX, and the prescription-refill message for the care team went to the
     * rn-pool pool, where nurse.joy has her copy in {@code Pools/rn-pool}.
     */
    @Test
    void patientShouldPickUpReadDownloadReplyAndWriteInAHeadlessBrowserThroughTheGateway() throws Exception {
        HeadlessChromium.assumeAvailable();
        String patient = "patient.b@outside.example";
        String password = "a bright orange kite";
        Clinical sent = submitToPatient(patient, "plan");
        await().atMost(DELIVERY).until(() -> mailFor(patient).size() == 1);
        String linkPath = link(mailFor(patient).get(0)).group(1);

        Files.createDirectories(SHOTS);
        Path downloads = Files.createDirectories(work.resolve("downloads"));
        Path photo = TestPhotos.photo(Files.createDirectories(work.resolve("photos")), "rash-photo.png");
        String replyText = "Here is a photo of the rash on my arm " + marker() + ".";
        String refillText = "Could you please renew my lisinopril prescription? " + marker();
        ChromeDriver driver = HeadlessChromium.start(downloads);
        String sessionCookie;
        try {
            // First pickup: landing, button, code from the patient's mailbox (GreenMail), password.
            driver.get(portalUrl + linkPath);
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("You have a secure message");
            assertThat(driver.getPageSource()).doesNotContain(sent.marker());
            shot(driver, "01-landing");
            driver.findElement(By.cssSelector("main button[type=submit]")).click();

            waitForUrl(driver, "/code");
            shot(driver, "02-code");
            type(driver, "code", PortalPages.codeIn(codeMailFor(patient).latest()));
            driver.findElement(By.cssSelector("form[action='/code'] button")).click();

            waitForUrl(driver, "/password");
            shot(driver, "03-password");
            type(driver, "password", password);
            type(driver, "confirm", password);
            driver.findElement(By.cssSelector("main form button")).click();

            waitForUrl(driver, "/conversations/");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(sent.subject());
            assertThat(driver.findElement(By.cssSelector("article.message .body")).getText()).contains(sent.body());
            assertThat(driver.executeScript("return document.querySelectorAll('script').length")).isEqualTo(0L);
            shot(driver, "04-first-message");

            // Logout, then login with the password chosen above.
            logOut(driver);
            shot(driver, "05-logged-out");
            driver.get(portalUrl + "/messages");
            waitForUrl(driver, "/login");
            type(driver, "email", patient);
            type(driver, "password", password);
            shot(driver, "06-login");
            driver.findElement(By.cssSelector("main form button")).click();
            waitForUrl(driver, "/messages");
            assertThat(driver.findElements(By.cssSelector("ul.conversations li"))).hasSize(1);
            shot(driver, "07-messages");

            // Read and download.
            driver.findElement(By.cssSelector("ul.conversations li a")).click();
            waitForUrl(driver, "/conversations/");
            assertThat(driver.findElement(By.cssSelector("article.message .body")).getText()).contains(sent.body());
            shot(driver, "08-read");
            driver.findElement(By.linkText(sent.fileName())).click();
            Path downloaded = downloads.resolve(sent.fileName());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(downloaded)
                && Arrays.equals(Files.readAllBytes(downloaded), sent.pdf()));

            // Reply with a photo, through the file input.
            type(driver, "message", replyText);
            driver.findElement(By.id("files")).sendKeys(photo.toAbsolutePath().toString());
            shot(driver, "09-reply-form");
            driver.findElement(By.cssSelector("section.reply button[type=submit]")).click();
            waitForUrl(driver, "sent=1");
            assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("Your message was sent");
            assertThat(driver.findElements(By.cssSelector("article.message"))).hasSize(2);
            shot(driver, "10-reply-sent");

            // A new message to the care team, category prescription refill.
            driver.findElement(By.linkText("My messages")).click();
            waitForUrl(driver, "/messages");
            driver.findElement(By.linkText("Write to your care team")).click();
            waitForUrl(driver, "/new");
            driver.findElement(By.cssSelector("label[for='cat-prescription-refill']")).click();
            type(driver, "subject", "Blood pressure tablets");
            type(driver, "message", refillText);
            shot(driver, "11-new-message");
            driver.findElement(By.cssSelector("main form button[type=submit]")).click();
            waitForUrl(driver, "sent=1");
            assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("Your message was sent");
            shot(driver, "12-new-message-sent");

            // Logout: the session is gone on the server, not only in the browser.
            sessionCookie = driver.manage().getCookieNamed("__Host-portal").getValue();
            logOut(driver);
            shot(driver, "13-logged-out");
            driver.get(portalUrl + "/messages");
            waitForUrl(driver, "/login");
            assertThat(driver.getPageSource()).doesNotContain(sent.subject());
            shot(driver, "14-login-after-logout");
        } catch (Throwable failure) {
            shot(driver, "last-page");
            Files.writeString(SHOTS.resolve("gateway-last-page.html"), driver.getPageSource());
            throw failure;
        } finally {
            driver.quit();
        }
        WebClient oldSession = portalClient();
        oldSession.cookies.put("__Host-portal", sessionCookie);
        HttpResponse<byte[]> afterLogout = oldSession.get("/messages");
        assertThat(afterLogout.statusCode() / 100).as("status of /messages with the logged-out cookie").isEqualTo(3);
        assertThat(WebClient.location(afterLogout)).endsWith("/login");

        // The reply: in Dr Grey's INBOX, encrypted at rest, the photo attached as uploaded.
        awaitImap().until(() -> fromPatientInInbox(patient).size() == 1);
        MimeMessage reply = fromPatientInInbox(patient).get(0);
        assertThat(SmimeTool.isEncrypted(reply)).as("encrypted at rest: " + reply.getContentType()).isTrue();
        // At rest the envelope keeps the header fields (subject=keep); the body and files are inside.
        assertThat(reply.getHeader("X-Inbasket-Portal-Verified")).containsExactly(patient);
        assertThat(reply.getHeader("In-Reply-To")).containsExactly(sent.rfcMessageId());
        assertThat(raw(reply)).doesNotContain(replyText);
        MimeMessage openedReply = SmimeTool.forUser(gateway.adminClient(), CLINICIAN, work.resolve("grey-browser"))
            .decrypt(reply);
        assertThat(decodedText(openedReply)).contains(replyText);
        Part attached = partNamed(openedReply, photo.getFileName().toString());
        assertThat(attached.isMimeType("image/png")).as(attached.getContentType()).isTrue();
        try (InputStream in = attached.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(photo));
        }

        // The new message: addressed to the care team, routed by its category to rn-pool; nurse.joy's copy.
        String joy = "nurse.joy@clinic.example";
        awaitImap().until(() -> fromPatientIn(joy, "Pools/rn-pool", patient).size() == 1);
        MimeMessage pooled = fromPatientIn(joy, "Pools/rn-pool", patient).get(0);
        assertThat(SmimeTool.isEncrypted(pooled)).as("encrypted at rest: " + pooled.getContentType()).isTrue();
        assertThat(raw(pooled)).doesNotContain(refillText);
        assertThat(pooled.getHeader("X-Inbasket-Category")).containsExactly("prescription-refill");
        assertThat(pooled.getHeader("X-Inbasket-Portal-Verified")).containsExactly(patient);
        assertThat(pooled.getHeader("X-Inbasket-Route")).containsExactly(
            "careteam@clinic.example -> rn-pool@clinic.example; category=prescription-refill; by=portal-header");
        assertThat(pooled.getSubject()).isEqualTo("Prescription refill: Blood pressure tablets");
        MimeMessage openedRefill = SmimeTool.forUser(gateway.adminClient(), joy, work.resolve("joy-browser"))
            .decrypt(pooled);
        assertThat(decodedText(openedRefill)).contains(refillText);
        // Routed, not copied: the care team's own mailbox and Dr Grey's have no copy of it.
        assertThat(fromPatientIn("careteam@clinic.example", "INBOX", patient)).isEmpty();
        assertThat(fromPatientInInbox(patient)).hasSize(1);
        assertLogsDoNotContain(sent.marker(), replyText, refillText);
    }

    // Helpers.

    /**
     * Polls a mailbox over IMAP while the gateway delivers into it. The gateway (James 3.8.1) was seen to answer a
     * FETCH with "BAD FETCH failed. Invalid messageset." when a message arrived during the poll; the next poll
     * reads it, and a real failure still ends the wait with the last exception.
     */
    static ConditionFactory awaitImap() {
        return await().atMost(DELIVERY).ignoreExceptionsInstanceOf(MessagingException.class);
    }

    static void shot(ChromeDriver driver, String name) throws Exception {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve("gateway-" + name + ".png"), png);
        assertThat(png.length).as("screenshot " + name).isGreaterThan(1000);
    }

    static void logOut(ChromeDriver driver) {
        driver.findElement(By.cssSelector("header nav button")).click();
        waitForUrl(driver, "done=logout");
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("You have logged out");
    }

    /** The part whose file name is {@code name}, anywhere in the message. */
    static Part partNamed(Part part, String name) throws Exception {
        if (name.equals(part.getFileName())) {
            return part;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                Part found = partNamed(multipart.getBodyPart(i), name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Messages from {@code patient} in {@code user}'s folder {@code path} ("/"-separated), as stored. */
    static List<MimeMessage> fromPatientIn(String user, String path, String patient) throws Exception {
        Store store = MailClients.imap(gateway.imapPort, user, "demo");
        try {
            Folder folder = store.getFolder(path.replace('/', store.getDefaultFolder().getSeparator()));
            if (!folder.exists()) {
                return List.of();
            }
            folder.open(Folder.READ_ONLY);
            List<MimeMessage> result = new ArrayList<>();
            for (Message m : folder.getMessages()) {
                MimeMessage copy = new MimeMessage((MimeMessage) m);
                if (patient.equalsIgnoreCase(fromOf(copy))) {
                    result.add(copy);
                }
            }
            folder.close(false);
            return result;
        } finally {
            store.close();
        }
    }

    static void waitForUrl(ChromeDriver driver, String part) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains(part));
    }

    static void type(ChromeDriver driver, String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** The console and the log file carry ids and failure classes, never content. */
    static void assertLogsDoNotContain(String... markers) throws Exception {
        Path logFile = gateway.dataDir().resolve("logs").resolve("gateway.log");
        assertThat(logFile).isRegularFile();
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        for (String marker : markers) {
            assertThat(gateway.output()).as("gateway console").doesNotContain(marker);
            assertThat(log).as("gateway.log").doesNotContain(marker);
        }
    }

    static String marker() {
        return "mk" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static WebClient portalClient() throws Exception {
        return WebClient.trustingAnyCertificate(portalUrl);
    }

    /** A clinician's message with a marker in subject, body, attachment name and content. */
    record Clinical(String marker, String subject, String body, String fileName, byte[] pdf, String rfcMessageId) {
    }

    /** Dr Grey submits (STARTTLS, AUTH) a message about {@code topic} to {@code patient}. */
    static Clinical submitToPatient(String patient, String topic) throws MessagingException {
        String marker = marker();
        String subject = "Note " + marker;
        String body = "Dear patient, your " + topic + " " + marker + " is ready.";
        String fileName = topic + "-" + marker + ".pdf";
        byte[] pdf = ("%PDF-1.4 " + topic + " " + marker).getBytes(StandardCharsets.US_ASCII);
        MimeMessage m = clinicianMail(patient, subject, body, fileName, pdf);
        MailClients.submit(gateway.submissionPort, CLINICIAN, "demo", m);
        return new Clinical(marker, subject, body, fileName, pdf, m.getMessageID());
    }

    /** The portal link in a notification: group 1 the path, group 2 the token. */
    static Matcher link(MimeMessage notification) throws Exception {
        Matcher found = linkPattern.matcher(decodedText(notification));
        assertThat(found.find()).as("link in the notification:\n" + decodedText(notification)).isTrue();
        return found;
    }

    /** The one-time code mail: the patient's second mail, after the notification. */
    static PortalPages.CodeMail codeMailFor(String patient) {
        return () -> {
            await().atMost(DELIVERY).until(() -> mailFor(patient).size() == 2);
            MimeMessage code = mailFor(patient).get(1);
            assertThat(code.getSubject()).isEqualTo("Your Clinic Example secure message code");
            return code;
        };
    }

    static MimeMessage clinicianMail(String patient, String subject, String body, String fileName, byte[] pdf)
        throws MessagingException {
        MimeMessage m = new MimeMessage(MailClients.session());
        m.setFrom(new InternetAddress(CLINICIAN));
        m.setRecipients(Message.RecipientType.TO, patient);
        m.setSubject(subject, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
        file.setFileName(fileName);
        file.setDisposition(Part.ATTACHMENT);
        m.setContent(new MimeMultipart(text, file));
        m.saveChanges();
        return m;
    }

    /** What GreenMail (the patient's provider) received for this address, in order of arrival. */
    static List<MimeMessage> mailFor(String address) {
        return Arrays.stream(outside.getReceivedMessagesForDomain(address)).toList();
    }

    static List<MimeMessage> fromPatientInInbox(String patient) throws Exception {
        return MailClients.inboxMessages(gateway.imapPort, CLINICIAN, "demo").stream()
            .filter(m -> patient.equalsIgnoreCase(fromOf(m))).toList();
    }

    static MimeMessage inboxById(String messageId) throws Exception {
        return MailClients.inboxMessages(gateway.imapPort, CLINICIAN, "demo").stream()
            .filter(m -> messageId.equals(MailFlowIT.messageId(m))).findFirst().orElse(null);
    }

    static String fromOf(MimeMessage m) {
        try {
            return ((InternetAddress) m.getFrom()[0]).getAddress();
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }

    static String attachmentHref(String page) {
        Matcher href = Pattern.compile("href=\"(/attachments/[^\"]+)\"").matcher(page);
        assertThat(href.find()).as("attachment link on the page").isTrue();
        return href.group(1);
    }

    static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort + path))
            .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + AdminClient.tokenOf(gateway.dataDir()));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String raw(MimeMessage message) throws Exception {
        return new String(MailClients.raw(message), StandardCharsets.UTF_8);
    }

    /** Every text part, decoded (quoted-printable, base64, charset). */
    static String decodedText(Part part) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(decodedText(multipart.getBodyPart(i))).append('\n');
            }
            return text.toString();
        }
        return part.isMimeType("text/*") ? part.getContent().toString() : "";
    }

    /** The marker is nowhere: raw bytes, decoded header values, file names, decoded content of every part. */
    static void assertNoTrace(MimeMessage message, String marker) throws Exception {
        String needle = marker.toLowerCase(Locale.ROOT);
        assertThat(raw(message).toLowerCase(Locale.ROOT)).doesNotContain(needle);
        assertPartHasNoTrace(message, needle);
    }

    private static void assertPartHasNoTrace(Part part, String needle) throws Exception {
        for (Header header : Collections.list(part.getAllHeaders())) {
            assertThat(MimeUtility.decodeText(MimeUtility.unfold(header.getValue())).toLowerCase(Locale.ROOT))
                .as("header " + header.getName()).doesNotContain(needle);
        }
        if (part.getFileName() != null) {
            assertThat(part.getFileName().toLowerCase(Locale.ROOT)).as("file name").doesNotContain(needle);
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                assertPartHasNoTrace(multipart.getBodyPart(i), needle);
            }
            return;
        }
        try (InputStream in = part.getInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT))
                .as("decoded content of a " + part.getContentType() + " part").doesNotContain(needle);
        }
    }
}
