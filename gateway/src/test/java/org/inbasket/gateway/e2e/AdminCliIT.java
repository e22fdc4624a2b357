package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import javax.mail.AuthenticationFailedException;
import javax.mail.internet.MimeMessage;

import org.inbasket.gateway.DemoData;
import org.inbasket.gateway.GatewayMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Every command of {@code java -jar gateway.jar admin} against one real gateway ({@code --demo}), in the order an
 * operator would use them, each run as its own process the way an operator's shell runs it. Every effect is
 * checked through a second channel: the admin API, an IMAP login, mail through the gateway, openssl reading an
 * exported PKCS#12 or the CRL, files written. Error paths that an operator meets (unknown user, bad address,
 * short password, unreadable certificate) must end with a non-zero exit code and one line, never a stack trace.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminCliIT {
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREY = "dr.grey@clinic.example";
    private static final String HOUSE = "dr.house@clinic.example";
    private static final String JOY = "nurse.joy@clinic.example";
    private static final String PATIENT = "patient.cli@outside.example";

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static GreenMail outside;
    static TestDatabase database;
    static GatewayProcess gateway;
    static AdminClient api;
    static Openssl openssl;

    @BeforeAll
    static void start() throws Exception {
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        database = TestDatabase.create();
        gateway = new GatewayProcess(data, database, outside.getSmtp().getPort()).start();
        api = gateway.adminClient();
        openssl = new Openssl(work.resolve("openssl"));
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.stopAll(gateway, database, outside);
    }

    @Test
    @Order(1)
    void helpShouldListEveryGroup() throws Exception {
        String help = ok("--help");

        List<String> groups = List.of("users", "domains", "pools", "coverage", "certs", "pickup", "audit", "reports");
        assertThat(new GatewayMain(System.out, Map.of()).commandLine().getSubcommands().get("admin")
            .getSubcommands().keySet()).containsExactlyInAnyOrderElementsOf(groups);
        for (String group : groups) {
            assertThat(help).as(group).containsPattern("(?m)^  " + group + " ");
        }
    }

    @Test
    @Order(2)
    void domainsShouldBeListedAndAdded() throws Exception {
        assertThat(ok("domains", "list").lines()).contains("clinic.example");

        assertThat(ok("domains", "add", "branch.clinic.example")).contains("added branch.clinic.example");
        assertThat(apiJson("/domains")).extracting(JsonNode::asText).contains("branch.clinic.example");
        assertThat(ok("domains", "list").lines()).contains("clinic.example", "branch.clinic.example");

        assertThat(refused(1, "domains", "add", "no spaces.example")).contains("PUT /domains/");
    }

    @Test
    @Order(3)
    void usersShouldBeAddedListedAndRemoved() throws Exception {
        Path password = Files.writeString(work.resolve("temp-password"), "cli-temp-pass-1\n");
        String user = "dr.temp@branch.clinic.example";

        assertThat(ok("users", "add", user, "--password-file", password.toString())).contains("created " + user);
        assertThat(userNames()).contains(user);
        MailClients.imap(gateway.imapPort, user, "cli-temp-pass-1").close();
        assertThat(ok("users", "list").lines()).contains(user, GREY, HOUSE, JOY);

        assertThat(refused(1, "users", "add", user, "--password-file", password.toString())).contains("HTTP 409");
        assertThat(refused(1, "users", "add", "not-an-address", "--password-file", password.toString()))
            .contains("PUT /users/not-an-address: HTTP 400");
        assertThat(refused(2, "users", "add", "dr.x@clinic.example", "--password-file", work.resolve("none").toString()))
            .contains("cannot read the password file");

        assertThat(ok("users", "remove", user)).contains("removed " + user);
        assertThat(userNames()).doesNotContain(user);
        assertThatLoginFails(user, "cli-temp-pass-1");
        assertThat(refused(1, "users", "remove", "nobody@clinic.example")).isEqualTo("admin: no user nobody@clinic.example");
        assertThat(refused(1, "users", "remove", user)).isEqualTo("admin: no user " + user);
    }

    @Test
    @Order(4)
    void usersImportShouldCreateEveryGoodRowReportTheBadOneAndShowProgress() throws Exception {
        Path csv = Files.writeString(work.resolve("clinicians.csv"), String.join("\n",
            "# address,password",
            "dr.one@clinic.example,pass-one-1",
            "dr.two@clinic.example,pass,with,commas",
            "",
            GREY + ",not-changed",
            "this line has no password",
            "dr.three@clinic.example,pass-three-3",
            "dr.four@clinic.example,pass-four-4", ""));

        GatewayProcess.CliRun run = gateway.admin("users", "import", csv.toString(), "--progress-every", "2");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains(
            "users import: 2/6\n",
            "users import: skipped " + GREY + ": already exists",
            "users import: 4/6 (1 failed)\n",
            "users import: failed entry 4: not 'address,password'",
            "users import: 6/6 processed: 4 created, 1 skipped, 1 failed");
        assertNoStackTrace(run.output());
        assertThat(userNames()).contains("dr.one@clinic.example", "dr.two@clinic.example", "dr.three@clinic.example",
            "dr.four@clinic.example");
        MailClients.imap(gateway.imapPort, "dr.two@clinic.example", "pass,with,commas").close();
        MailClients.imap(gateway.imapPort, GREY, DemoData.PASSWORD).close();
        assertThat(apiJson("/smime/certificates/dr.four@clinic.example")).hasSize(1);
    }

    @Test
    @Order(5)
    void poolsShouldBeCreatedManagedAndRemoved() throws Exception {
        String pool = "lab-results@clinic.example";
        assertThat(ok("pools", "list")).contains("rn-pool@clinic.example");

        assertThat(ok("pools", "add", pool)).contains("added pool " + pool);
        assertThat(poolMembers(pool)).isEmpty();
        assertThat(userNames()).as("a local pool gets its account").contains(pool);

        assertThat(ok("pools", "add-member", pool, JOY)).contains("added " + JOY + " to " + pool);
        assertThat(ok("pools", "add-member", pool, "dr.one@clinic.example")).contains("added");
        assertThat(poolMembers(pool)).containsExactly("dr.one@clinic.example", JOY);
        assertThat(ok("pools", "list")).contains(pool).contains(JOY);

        assertThat(ok("pools", "remove-member", pool, "dr.one@clinic.example")).contains("removed dr.one@clinic.example");
        assertThat(poolMembers(pool)).containsExactly(JOY);

        assertThat(refused(1, "pools", "add-member", "no-such-pool@clinic.example", JOY)).contains("HTTP 404");
        assertThat(refused(1, "pools", "add", "not-an-address")).contains("HTTP 400").contains("not a mail address");

        assertThat(ok("pools", "remove", pool)).contains("removed pool " + pool);
        assertThat(apiJson("/pools")).extracting(p -> p.path("pool").asText()).doesNotContain(pool);
        assertThat(refused(1, "pools", "remove", pool)).contains("HTTP 404");
    }

    @Test
    @Order(6)
    void aCoverageWindowAddedOnTheCommandLineShouldForwardMailToTheCoverer() throws Exception {
        Instant now = Instant.now();
        String added = ok("coverage", "add", "--id", "cli-cover", "--absent", HOUSE, "--coverer", JOY,
            "--from", now.minus(Duration.ofHours(1)).toString(), "--to", now.plus(Duration.ofHours(2)).toString());
        assertThat(JSON.readTree(added).path("id").asText()).isEqualTo("cli-cover");
        assertThat(coverageIds()).contains("cli-cover");
        assertThat(ok("coverage", "list")).contains("cli-cover");

        MimeMessage m = MailClients.message("knee.patient@outside.example", HOUSE, "my knee",
            "Is it fine to keep walking on it?");
        MailClients.sendToMx(gateway.smtpPort, m);
        String messageId = m.getMessageID();
        MailClients.Seen covered = MailClients.awaitInInbox(gateway.imapPort, JOY, DemoData.PASSWORD, "X-Inbasket-Coverage", messageId, DELIVERY);
        assertThat(covered.header()).contains(HOUSE).contains("cli-cover");

        assertThat(refused(1, "coverage", "add", "--absent", HOUSE, "--coverer", GREY,
            "--from", now.toString(), "--to", now.plus(Duration.ofHours(1)).toString())).contains("HTTP 400");
        assertThat(refused(1, "coverage", "add", "--absent", GREY, "--coverer", JOY, "--kind", "nobody",
            "--from", now.toString(), "--to", now.plus(Duration.ofHours(1)).toString()))
            .contains("HTTP 400").contains("clinician or pool").doesNotContain("org.inbasket");
        assertThat(refused(1, "coverage", "add", "--absent", GREY, "--coverer", JOY,
            "--from", "tomorrow", "--to", now.plus(Duration.ofHours(1)).toString())).contains("ISO-8601");

        assertThat(ok("coverage", "remove", "cli-cover")).contains("removed coverage cli-cover");
        assertThat(coverageIds()).doesNotContain("cli-cover");
        assertThat(refused(1, "coverage", "remove", "cli-cover")).contains("HTTP 404");
    }

    @Test
    @Order(7)
    void certificatesShouldBeIssuedExportedImportedRevokedAndListed() throws Exception {
        // list and issue (renewal)
        JsonNode before = JSON.readTree(ok("certs", "list", GREY));
        assertThat(before).isEqualTo(apiJson("/smime/certificates/" + GREY)).isNotEmpty();
        String oldSerial = before.get(0).path("serial").asText();
        String issued = JSON.readTree(ok("certs", "issue", GREY)).path("serial").asText();
        assertThat(serials(GREY)).contains(oldSerial, issued).hasSize(before.size() + 1);

        // issue-all: one more certificate for every user, with progress
        List<String> users = userNames();
        int joyBefore = serials(JOY).size();
        GatewayProcess.CliRun all = gateway.admin("certs", "issue-all", "--progress-every", "3");
        assertThat(all.exitCode()).as(all.output()).isZero();
        assertThat(all.output()).contains("certs issue-all: 3/" + users.size() + "\n",
            "certs issue-all: " + users.size() + "/" + users.size() + " processed: " + users.size() + " issued, 0 skipped, 0 failed");
        assertThat(serials(JOY)).hasSize(joyBefore + 1);

        // export: a PKCS#12 that openssl opens with the password
        Path passwordFile = Files.writeString(work.resolve("p12-password"), "export-pass-1\n");
        Path p12 = work.resolve("grey.p12");
        assertThat(ok("certs", "export", GREY, "-o", p12.toString(), "--password-file", passwordFile.toString()))
            .contains("wrote " + p12);
        assertThat(Files.getPosixFilePermissions(p12))
            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String certificate = new String(openssl.run(null, "pkcs12", "-in", p12.toString(), "-nokeys", "-clcerts",
            "-passin", "pass:export-pass-1"), StandardCharsets.UTF_8);
        assertThat(certificate).contains(GREY).contains("BEGIN CERTIFICATE");
        String key = new String(openssl.run(null, "pkcs12", "-in", p12.toString(), "-nocerts", "-nodes",
            "-passin", "pass:export-pass-1"), StandardCharsets.UTF_8);
        assertThat(key).contains("PRIVATE KEY");
        Path shortPassword = Files.writeString(work.resolve("short-password"), "short\n");
        assertThat(refused(2, "certs", "export", GREY, "-o", work.resolve("x.p12").toString(), "--password-file",
            shortPassword.toString())).contains("at least 8 characters");
        assertThat(refused(1, "certs", "export", "nobody@clinic.example", "-o", work.resolve("y.p12").toString(),
            "--password-file", passwordFile.toString())).contains("HTTP 404");
        assertThat(work.resolve("x.p12")).doesNotExist();
        assertThat(work.resolve("y.p12")).doesNotExist();

        // import a correspondent's certificate
        String partner = "partner@other-hospital.example";
        Path[] partnerFiles = openssl.selfSigned("partner", partner);
        JsonNode imported = JSON.readTree(ok("certs", "import", partnerFiles[1].toString()));
        assertThat(imported.path("addresses")).extracting(JsonNode::asText).containsExactly(partner);
        assertThat(apiJson("/smime/certificates/" + partner)).extracting(c -> c.path("sha256").asText())
            .containsExactly(imported.path("certificate").path("sha256").asText());
        Path garbage = Files.writeString(work.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnope\n");
        assertThat(refused(1, "certs", "import", garbage.toString())).contains("HTTP 400").contains("not a usable certificate");
        assertThat(refused(2, "certs", "import", work.resolve("missing.pem").toString())).contains("cannot read");

        // revoke: gone from the directory, listed in the CRL, no longer expiring
        JsonNode revoked = JSON.readTree(ok("certs", "revoke", GREY, oldSerial));
        assertThat(revoked.path("revoked").asBoolean()).isTrue();
        assertThat(serials(GREY)).doesNotContain(oldSerial).contains(issued);
        Files.write(work.resolve("crl.pem"), api.ok("GET", "/smime/crl.pem", null));
        String crl = new String(openssl.run(null, "crl", "-in", work.resolve("crl.pem").toString(), "-noout", "-text"),
            StandardCharsets.UTF_8);
        assertThat(crlSerials(crl)).contains(new BigInteger(oldSerial, 16)).doesNotContain(new BigInteger(issued, 16));
        assertThat(refused(1, "certs", "revoke", GREY, "not-hex")).contains("hexadecimal");

        // expiring: the new certificate falls in a window that reaches its end, not in a one-day window
        JsonNode newest = StreamSupport.stream(apiJson("/smime/certificates/" + GREY).spliterator(), false)
            .filter(c -> c.path("serial").asText().equals(issued)).findFirst().orElseThrow();
        long days = Duration.between(Instant.now(), Instant.parse(newest.path("notAfter").asText())).toDays() + 2;
        JsonNode expiring = JSON.readTree(ok("certs", "expiring", "--days", Long.toString(days)));
        assertThat(expiring).isEqualTo(apiJson("/smime/expiring?days=" + days));
        assertThat(expiring).extracting(c -> c.path("serial").asText()).contains(issued).doesNotContain(oldSerial);
        assertThat(JSON.readTree(ok("certs", "expiring", "--days", "1"))).extracting(c -> c.path("serial").asText())
            .doesNotContain(issued);
        assertThat(refused(2, "certs", "expiring", "--days", "soon")).contains("soon");

        // the local domain's certificate (issued at start): shown, written as PEM that chains to the CA, renewed
        JsonNode domain = JSON.readTree(ok("certs", "domain-show", "clinic.example"));
        assertThat(domain).isEqualTo(apiJson("/smime/domains/clinic.example"));
        assertThat(domain.path("subject").asText()).isEqualTo("CN=clinic.example");
        assertThat(domain.path("addresses")).extracting(JsonNode::asText).containsExactly("postmaster@clinic.example");
        Path domainPem = work.resolve("clinic.example.pem");
        assertThat(ok("certs", "domain-show", "clinic.example", "-o", domainPem.toString())).contains("wrote " + domainPem);
        Files.write(work.resolve("ca.pem"), api.ok("GET", "/smime/ca.pem", null));
        assertThat(new String(openssl.run(null, "verify", "-CAfile", work.resolve("ca.pem").toString(), "-purpose", "smimesign",
            domainPem.toString()), StandardCharsets.UTF_8)).contains(": OK");
        assertThat(new String(openssl.run(null, "x509", "-in", domainPem.toString(), "-noout", "-ext", "subjectAltName"),
            StandardCharsets.UTF_8)).contains("email:postmaster@clinic.example").contains("DNS:clinic.example");
        String renewed = JSON.readTree(ok("certs", "domain-issue", "clinic.example")).path("serial").asText();
        assertThat(renewed).isNotEqualTo(domain.path("serial").asText());
        assertThat(JSON.readTree(ok("certs", "domain-show", "clinic.example")).path("serial").asText()).isEqualTo(renewed);
        assertThat(refused(1, "certs", "domain-show", "elsewhere.example")).contains("HTTP 404");
        assertThat(refused(1, "certs", "domain-issue", "not a domain")).contains("HTTP 400").contains("not a domain name");
        assertThat(refused(1, "certs", "domain-issue", "other-hospital.example")).contains("HTTP 400").contains("not a local domain");
    }

    @Test
    @Order(8)
    void messagesHeldForAPatientShouldBeListedAndRevoked() throws Exception {
        MimeMessage first = MailClients.message(GREY, PATIENT, "Your results", "Your results are normal.");
        MimeMessage second = MailClients.message(GREY, PATIENT, "Follow-up", "Please book a follow-up.");
        MailClients.submit(gateway.submissionPort, GREY, DemoData.PASSWORD, first);
        MailClients.submit(gateway.submissionPort, GREY, DemoData.PASSWORD, second);
        String firstId = first.getMessageID();
        String secondId = second.getMessageID();
        await().atMost(DELIVERY).until(() -> apiJson("/pickup/messages?patient=" + PATIENT).size() == 2);
        await().atMost(DELIVERY).until(() -> Arrays.stream(outside.getReceivedMessages())
            .filter(r -> recipients(r).contains(PATIENT)).count() >= 2);

        JsonNode held = JSON.readTree(ok("pickup", "list", PATIENT));
        assertThat(held).extracting(h -> h.path("messageId").asText())
            .containsExactlyInAnyOrder(firstId, secondId);
        assertThat(held.toString()).doesNotContain("Your results").doesNotContain("Follow-up");
        String storeId = StreamSupport.stream(held.spliterator(), false)
            .filter(h -> h.path("messageId").asText().equals(firstId)).findFirst().orElseThrow()
            .path("id").asText();

        assertThat(ok("pickup", "revoke", "--store-id", storeId)).contains("revoked " + storeId);
        assertThat(apiJson("/pickup/messages?patient=" + PATIENT)).extracting(h -> h.path("messageId").asText())
            .containsExactly(secondId);
        assertThat(apiJson("/audit?event=portal-revoke").toString()).contains(storeId);
        assertThat(refused(1, "pickup", "revoke", "--store-id", storeId)).contains("HTTP 404");

        JsonNode byMessageId = JSON.readTree(ok("pickup", "revoke", "--message-id", secondId));
        assertThat(byMessageId.path("revoked").asInt()).isEqualTo(1);
        assertThat(apiJson("/pickup/messages?patient=" + PATIENT)).isEmpty();
        assertThat(refused(1, "pickup", "list", "not an address")).contains("HTTP 400");
    }

    @Test
    @Order(9)
    void theAuditTrailShouldVerifyAndExportAsCsvAndJson() throws Exception {
        JsonNode verified = JSON.readTree(ok("audit", "verify"));
        assertThat(verified.path("ok").asBoolean()).isTrue();
        JsonNode viaApi = apiJson("/audit/verify");
        assertThat(verified.path("checked").asLong()).isPositive().isLessThanOrEqualTo(viaApi.path("checked").asLong());

        Path csv = work.resolve("audit.csv");
        assertThat(ok("audit", "export", "--format", "csv", "-o", csv.toString())).contains("wrote " + csv);
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(rows.get(0)).startsWith("seq,time,event,");
        assertThat(rows.size() - 1).isGreaterThanOrEqualTo((int) verified.path("checked").asLong());
        assertThat(String.join("\n", rows)).contains(",notified,").contains(",portal-revoke,")
            .doesNotContain("Your results").doesNotContain("my knee");

        JsonNode revocations = JSON.readTree(ok("audit", "export", "--format", "json", "--event", "portal-revoke"));
        assertThat(revocations).isNotEmpty().allSatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("portal-revoke"));
        assertThat(revocations).isEqualTo(JSON.readTree(api.ok("GET", "/audit/export?format=json&event=portal-revoke", null)));

        assertThat(refused(1, "audit", "export", "--format", "xml")).contains("HTTP 400");
        assertThat(refused(1, "audit", "export", "--from", "yesterday")).contains("ISO-8601");
    }

    /** Runs an admin command that must succeed; @return what it printed */
    private static String ok(String... args) throws IOException, InterruptedException {
        GatewayProcess.CliRun run = gateway.admin(args);
        assertThat(run.exitCode()).as("admin " + String.join(" ", args) + ":\n" + run.output()).isZero();
        return run.output();
    }

    /**
     * Runs an admin command that must fail with this exit code and no stack trace; an API refusal (1) is one line,
     * {@code admin: <what>}; a usage or local problem (2) starts with its reason. @return the first line
     */
    private static String refused(int exitCode, String... args) throws IOException, InterruptedException {
        GatewayProcess.CliRun run = gateway.admin(args);
        String command = "admin " + String.join(" ", args) + ":\n" + run.output();
        assertThat(run.exitCode()).as(command).isEqualTo(exitCode);
        assertNoStackTrace(run.output());
        List<String> lines = run.output().strip().lines().toList();
        if (exitCode == 1) {
            assertThat(lines).as(command).hasSize(1);
            assertThat(lines.get(0)).as(command).startsWith("admin: ");
        }
        return lines.get(0);
    }

    private static void assertNoStackTrace(String output) {
        assertThat(output).doesNotContainPattern("(?m)^\\s+at [a-z]").doesNotContain("Exception in thread")
            .doesNotContain("Caused by:");
    }

    private static JsonNode apiJson(String path) throws IOException, InterruptedException {
        return JSON.readTree(api.ok("GET", path, null));
    }

    private static List<String> userNames() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        apiJson("/users").forEach(u -> names.add(u.path("username").asText()));
        return names;
    }

    private static List<String> serials(String address) throws IOException, InterruptedException {
        List<String> serials = new ArrayList<>();
        apiJson("/smime/certificates/" + address).forEach(c -> serials.add(c.path("serial").asText()));
        return serials;
    }

    private static List<String> poolMembers(String pool) throws IOException, InterruptedException {
        for (JsonNode p : apiJson("/pools")) {
            if (p.path("pool").asText().equals(pool)) {
                List<String> members = new ArrayList<>();
                p.path("members").forEach(m -> members.add(m.asText()));
                return members;
            }
        }
        throw new AssertionError("no pool " + pool + " in " + apiJson("/pools"));
    }

    private static List<String> coverageIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        apiJson("/coverage").forEach(w -> ids.add(w.path("id").asText()));
        return ids;
    }

    /** The serial numbers {@code openssl crl -text} lists. */
    private static Set<BigInteger> crlSerials(String crlText) {
        Matcher serial = Pattern.compile("Serial Number: ([0-9A-Fa-f]+)").matcher(crlText);
        Set<BigInteger> serials = new HashSet<>();
        while (serial.find()) {
            serials.add(new BigInteger(serial.group(1), 16));
        }
        return serials;
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (javax.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertThatLoginFails(String user, String password) {
        assertThatThrownBy(() -> MailClients.imap(gateway.imapPort, user, password).close())
            .isInstanceOf(AuthenticationFailedException.class);
    }
}
