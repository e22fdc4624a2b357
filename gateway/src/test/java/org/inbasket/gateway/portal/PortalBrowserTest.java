package org.inbasket.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * The patient's journey in a real browser: headless Chromium (Debian's chromium and chromium-driver) on a phone-
 * sized window, over HTTPS, with GreenMail as the patient's mail provider. A screenshot of every page is kept
 * under {@code target/portal-screenshots/}.
 *
 * <p>Skipped as {@link HeadlessChromium#assumeAvailable()} decides.</p>
 */
class PortalBrowserTest {
    static final Path SHOTS = Path.of("target/portal-screenshots");
    static final String PATIENT = "pat@patientmail.example";
    static final String PASSWORD = "a quiet green river";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    PortalFixture fixture;
    ChromeDriver driver;
    Path downloads;

    @BeforeEach
    void setUp() throws Exception {
        HeadlessChromium.assumeAvailable();
        Files.createDirectories(SHOTS);
        downloads = Files.createTempDirectory(Path.of("target"), "downloads");
        fixture = PortalFixture.jdbc(TestDatabases.migratedDerby(), Map.of(),
            new SmtpSubmitter("127.0.0.1", greenMail.getSmtp().getPort()), true);
        driver = HeadlessChromium.start(downloads);
    }

    @AfterEach
    void tearDown(org.junit.jupiter.api.TestInfo info) throws Exception {
        if (driver != null) {
            String name = "last-page-" + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
            Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(SHOTS.resolve(name + ".html"), driver.getPageSource());
            driver.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    void shot(String name) throws Exception {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        assertThat(png.length).isGreaterThan(1000);
        assertNoAlert();
    }

    void assertNoAlert() {
        try {
            driver.switchTo().alert();
            throw new AssertionError("a script opened an alert on " + driver.getCurrentUrl());
        } catch (NoAlertPresentException expected) {
            // No script ran.
        }
    }

    String latestCode(int expectedMails) throws Exception {
        assertThat(greenMail.waitForIncomingEmail(10_000, expectedMails)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        return PortalPages.codeIn(received[received.length - 1]);
    }

    void waitForUrl(String part) {
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20))
            .until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains(part));
    }

    /** Waits until the whole address matches {@code regex} (a click's navigation has happened). */
    void waitForUrlMatching(String regex) {
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20))
            .until(org.openqa.selenium.support.ui.ExpectedConditions.urlMatches(regex));
    }

    /** Waits until the page's heading reads {@code text}, across the navigation a click starts. */
    void waitForHeading(String text) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
            .until(() -> text.equals(driver.findElement(By.tagName("h1")).getText()));
    }

    void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    @Test
    void patientShouldPickUpReadDownloadReplyWriteAndLogOutInABrowser() throws Exception {
        PickupReceipt receipt = fixture.deposit(PATIENT, "Your blood test results",
            Optional.of("plain"), Optional.of("<p>Dear patient,</p><p>Your <b>cholesterol</b> is a little high. "
                + "Please book a follow-up.</p><img src=x onerror=\"alert('xss')\"><script>alert('xss')</script>"),
            List.of(new PickupAttachment("results.pdf", "application/pdf",
                "%PDF-1.4 results".getBytes(StandardCharsets.US_ASCII))), false, Optional.empty());
        String base = fixture.baseUrl();

        driver.get(base + "/m/" + receipt.token().get());
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("You have a secure message");
        shot("01-landing");
        driver.findElement(By.cssSelector("main button[type=submit]")).click();

        waitForUrl("/code");
        shot("02-code");
        type("code", latestCode(1));
        driver.findElement(By.cssSelector("form[action='/code'] button")).click();

        waitForUrl("/password");
        shot("03-password");
        type("password", PASSWORD);
        type("confirm", PASSWORD);
        driver.findElement(By.cssSelector("main form button")).click();

        waitForHeading("Your blood test results");
        assertThat(driver.findElement(By.cssSelector("article.message .body")).getText())
            .contains("cholesterol is a little high");
        shot("04-read");

        driver.findElement(By.linkText("results.pdf")).click();
        Path downloaded = downloads.resolve("results.pdf");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(downloaded) && Files.size(downloaded) > 0);
        assertThat(Files.readString(downloaded, StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4 results");

        type("message", "Here is a photo of the rash on my arm.");
        Path photo = TestPhotos.photo(downloads, "rash-photo.jpg");
        driver.findElement(By.id("files")).sendKeys(photo.toAbsolutePath().toString());
        shot("05-reply-form");
        driver.findElement(By.cssSelector("section.reply button[type=submit]")).click();
        waitForUrl("sent=1");
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("Your message was sent");
        shot("06-reply-sent");
        MimeMessage reply = greenMail.getReceivedMessagesForDomain("clinic.example")[0];
        assertThat(reply.getHeader("X-Inbasket-Portal-Verified")).containsExactly(PATIENT);
        assertThat(((MimeMultipart) reply.getContent()).getBodyPart(1).getContentType()).startsWith("image/jpeg");

        driver.findElement(By.linkText("My messages")).click();
        waitForUrlMatching(".*/messages$");
        shot("07-messages");
        driver.findElement(By.linkText("Write to your care team")).click();
        waitForUrlMatching(".*/new$");
        driver.findElement(By.cssSelector("label[for='cat-prescription-refill']")).click();
        type("subject", "Blood pressure tablets");
        type("message", "Could you please renew my lisinopril prescription?");
        shot("08-new-message");
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitForUrl("sent=1");
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("Your message was sent");
        MimeMessage refill = greenMail.getReceivedMessagesForDomain("clinic.example")[1];
        assertThat(refill.getHeader("X-Inbasket-Category")).containsExactly("prescription-refill");
        assertThat(refill.getAllRecipients()[0].toString()).isEqualTo("careteam@clinic.example");

        driver.findElement(By.cssSelector("header nav button")).click();
        waitForUrl("done=logout");
        assertThat(driver.findElement(By.cssSelector(".notice")).getText()).contains("You have logged out");
        shot("09-logged-out");
        driver.get(base + "/messages");
        assertThat(driver.getCurrentUrl()).endsWith("/login");

        type("email", PATIENT);
        type("password", PASSWORD);
        shot("10-login");
        driver.findElement(By.cssSelector("main form button")).click();
        waitForUrl("/messages");
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20)).until(
            org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBe(By.cssSelector("ul.conversations li"), 2));
        shot("11-messages-after-login");
        assertThat(driver.manage().getCookieNamed("__Host-portal").isHttpOnly()).isTrue();
        assertThat(driver.manage().getCookieNamed("__Host-portal").isSecure()).isTrue();
    }

    @Test
    void hostileMessageShouldNotRunScriptInTheBrowser() throws Exception {
        StringBuilder html = new StringBuilder("<p>Results below.</p>");
        try (var in = getClass().getResourceAsStream("/xss/corpus.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(html::append);
        }
        PickupReceipt receipt = fixture.deposit(PATIENT, "<script>alert('subject')</script>", Optional.empty(),
            Optional.of(html.toString()), List.of(), false, Optional.empty());

        driver.get(fixture.baseUrl() + "/m/" + receipt.token().get());
        driver.findElement(By.cssSelector("main button[type=submit]")).click();
        waitForUrl("/code");
        type("code", latestCode(1));
        driver.findElement(By.cssSelector("form[action='/code'] button")).click();
        waitForUrl("/password");
        type("password", PASSWORD);
        type("confirm", PASSWORD);
        driver.findElement(By.cssSelector("main form button")).click();

        waitForHeading("<script>alert('subject')</script>");
        Object executed = driver.executeScript("return document.querySelectorAll('script, iframe, svg, object').length");
        assertThat(executed).isEqualTo(0L);
        shot("12-hostile-message");
    }
}
