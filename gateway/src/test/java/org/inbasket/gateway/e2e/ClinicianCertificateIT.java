package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inbasket.gateway.portal.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The clinician certificate page on the real gateway's portal (HTTPS): sign in with the mail password, read the
 * one-time password, download the PKCS#12, open it with openssl; wrong passwords, pools, a second download and
 * a missing CSRF token are refused; the care team gets only its own key; failures are throttled; everything is
 * in the audit trail. The throttling test runs last: the limiter counts per client IP, and all requests here come
 * from 127.0.0.1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicianCertificateIT {
    private static final Pattern ONE_TIME = Pattern.compile("id=\"one-time-password\">([^<]+)<");

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static GreenMail outside;
    static NullSenderShim shim;
    static TestDatabase database;
    static GatewayProcess gateway;
    static AdminClient admin;
    static Openssl openssl;

    @BeforeAll
    static void start() throws Exception {
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        database = TestDatabase.create();
        shim = new NullSenderShim(outside.getSmtp().getPort());
        gateway = new GatewayProcess(data, database, shim.port()).start();
        admin = gateway.adminClient();
        openssl = new Openssl(work);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.stopAll(gateway, database, shim, outside);
    }

    private static WebClient browser() throws Exception {
        return WebClient.trustingAnyCertificate("https://127.0.0.1:" + gateway.portalPort);
    }

    /** Signs in; @return the page's one-time password */
    private static String signIn(WebClient browser, String address, String password) throws Exception {
        assertThat(browser.get("/clinician/certificate").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> page = browser.submit("/clinician/certificate", Map.of("email", address, "password", password));
        assertThat(page.statusCode()).as(WebClient.text(page)).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        Matcher shown = ONE_TIME.matcher(WebClient.text(page));
        assertThat(shown.find()).as(WebClient.text(page)).isTrue();
        return shown.group(1);
    }

    private static byte[] download(WebClient browser) throws Exception {
        HttpResponse<byte[]> file = browser.submit("/clinician/certificate/download", Map.of("format", "modern"));
        assertThat(file.statusCode()).as(WebClient.text(file)).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains("application/x-pkcs12");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(file.headers().firstValue("Cache-Control")).contains("no-store");
        return file.body();
    }

    private static String pkcs12(Path file, String password, String... what) throws Exception {
        String[] args = new String[5 + what.length];
        args[0] = "pkcs12";
        args[1] = "-in";
        args[2] = file.toString();
        args[3] = "-passin";
        args[4] = "pass:" + password;
        System.arraycopy(what, 0, args, 5, what.length);
        return new String(openssl.run(null, args), StandardCharsets.UTF_8);
    }

    private static String audit(String event) throws Exception {
        return new String(admin.ok("GET", "/audit?event=" + event + "&limit=100", null), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void clinicianShouldDownloadTheirKeyWithTheShownPasswordOnce() throws Exception {
        WebClient browser = browser();
        String password = signIn(browser, "Dr.Grey@clinic.example", "demo");
        assertThat(password).matches("[A-HJ-NP-Za-km-z2-9]{5}(-[A-HJ-NP-Za-km-z2-9]{5}){3}");
        Path p12 = Files.write(work.resolve("grey.p12"), download(browser));

        String key = pkcs12(p12, password, "-nocerts", "-nodes");
        assertThat(key).contains("-----BEGIN PRIVATE KEY-----");
        String own = pkcs12(p12, password, "-clcerts", "-nokeys");
        Path ownPem = Files.writeString(work.resolve("grey.cert.pem"), own);
        String ownText = new String(openssl.run(null, "x509", "-in", ownPem.toString(), "-noout", "-ext",
            "subjectAltName"), StandardCharsets.UTF_8);
        assertThat(ownText).contains("email:dr.grey@clinic.example");
        String ca = pkcs12(p12, password, "-cacerts", "-nokeys");
        assertThat(ca).contains("-----BEGIN CERTIFICATE-----");
        Path caPem = Files.write(work.resolve("ca.pem"), admin.ok("GET", "/smime/ca.pem", null));
        openssl.run(null, "verify", "-CAfile", caPem.toString(), "-purpose", "smimeencrypt", ownPem.toString());

        assertThatThrownBy(() -> pkcs12(p12, "not-the-password", "-nocerts", "-nodes"))
            .isInstanceOf(AssertionError.class);

        HttpResponse<byte[]> again = browser.submit("/clinician/certificate/download", Map.of("format", "modern"));
        assertThat(again.statusCode()).as("a second download with the same sign-in").isEqualTo(403);

        HttpResponse<byte[]> caFile = browser.get("/clinician/ca.crt");
        assertThat(caFile.statusCode()).isEqualTo(200);
        assertThat(new String(caFile.body(), StandardCharsets.US_ASCII)).isEqualTo(Files.readString(caPem));

        assertThat(audit("portal-clinician-login-succeeded")).contains("dr.grey@clinic.example");
        assertThat(audit("portal-certificate-download")).contains("dr.grey@clinic.example");
    }

    @Test
    @Order(2)
    void theLegacyFormatShouldAlsoOpenWithTheShownPassword() throws Exception {
        WebClient browser = browser();
        String password = signIn(browser, "nurse.joy@clinic.example", "demo");
        HttpResponse<byte[]> file = browser.submit("/clinician/certificate/download", Map.of("format", "legacy"));
        assertThat(file.statusCode()).isEqualTo(200);
        Path p12 = Files.write(work.resolve("joy-legacy.p12"), file.body());
        // OpenSSL 3 reads the legacy algorithms only with its legacy provider.
        assertThat(pkcs12(p12, password, "-legacy", "-clcerts", "-nokeys")).contains("BEGIN CERTIFICATE");
    }

    @Test
    @Order(3)
    void wrongPasswordsPoolsAndMissingTokensShouldBeRefused() throws Exception {
        WebClient browser = browser();
        browser.get("/clinician/certificate");
        HttpResponse<byte[]> wrong = browser.submit("/clinician/certificate",
            Map.of("email", "dr.grey@clinic.example", "password", "not-demo"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(WebClient.text(wrong)).contains("not right").doesNotContain("one-time-password");

        HttpResponse<byte[]> noToken = browser.post("/clinician/certificate",
            Map.of("email", "dr.grey@clinic.example", "password", "demo"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<byte[]> downloadWithoutSignIn = browser.submit("/clinician/certificate/download", Map.of());
        assertThat(downloadWithoutSignIn.statusCode()).isEqualTo(403);

        // A pool's shared account is refused even with its right password.
        admin.ok("PUT", "/users/rn-pool@clinic.example?force", "{\"password\":\"pool-password-1\"}");
        browser.get("/clinician/certificate");
        HttpResponse<byte[]> pool = browser.submit("/clinician/certificate",
            Map.of("email", "rn-pool@clinic.example", "password", "pool-password-1"));
        assertThat(pool.statusCode()).isEqualTo(401);

        HttpResponse<byte[]> hostile = browser.submit("/clinician/certificate",
            Map.of("email", "<script>x</script>@clinic.example", "password", "x"));
        assertThat(WebClient.text(hostile)).doesNotContain("<script>x").contains("&lt;script&gt;x");

        assertThat(audit("portal-clinician-login-failed")).contains("dr.grey@clinic.example")
            .contains("rn-pool@clinic.example");
    }

    @Test
    @Order(4)
    void theCareTeamShouldGetOnlyItsOwnKey() throws Exception {
        WebClient browser = browser();
        String password = signIn(browser, "careteam@clinic.example", "demo");
        Path p12 = Files.write(work.resolve("careteam.p12"), download(browser));
        String certificates = pkcs12(p12, password, "-nokeys");
        Path pem = Files.writeString(work.resolve("careteam.certs.pem"), pkcs12(p12, password, "-clcerts", "-nokeys"));
        assertThat(new String(openssl.run(null, "x509", "-in", pem.toString(), "-noout", "-ext", "subjectAltName"),
            StandardCharsets.UTF_8)).contains("email:careteam@clinic.example");
        assertThat(certificates).doesNotContain("dr.grey").doesNotContain("nurse.joy").doesNotContain("dr.house");
        assertThat(pkcs12(p12, password, "-nocerts", "-nodes").split("BEGIN PRIVATE KEY", -1)).hasSize(2);
    }

    @Test
    @Order(5)
    void repeatedWrongPasswordsShouldBeThrottled() throws Exception {
        WebClient browser = browser();
        browser.get("/clinician/certificate");
        int status = 0;
        for (int attempt = 0; attempt < 30 && status != 429; attempt++) {
            status = browser.submit("/clinician/certificate",
                Map.of("email", "dr.house@clinic.example", "password", "guess-" + attempt)).statusCode();
        }
        assertThat(status).isEqualTo(429);
        // Throttled means refused even with the right password now.
        assertThat(browser.submit("/clinician/certificate", Map.of("email", "dr.house@clinic.example", "password",
            "demo")).statusCode()).isEqualTo(429);
    }
}
