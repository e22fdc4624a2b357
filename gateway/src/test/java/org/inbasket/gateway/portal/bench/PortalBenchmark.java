package org.inbasket.gateway.portal.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.gateway.portal.AuditSink;
import org.inbasket.gateway.portal.MailSubmitter;
import org.inbasket.gateway.portal.PickupPortal;
import org.inbasket.gateway.portal.PortalConfiguration;
import org.inbasket.gateway.portal.TestCertificates;
import org.inbasket.gateway.portal.WebClient;
import org.inbasket.gateway.portal.auth.JdbcPortalAccountStore;
import org.inbasket.gateway.portal.auth.PasswordHasher;
import org.inbasket.gateway.portal.store.GatewayKey;
import org.inbasket.gateway.portal.store.PortalDatabase;
import org.inbasket.mailets.pickup.Direction;
import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupContent;
import org.inbasket.mailets.pickup.PickupDeposit;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.inbasket.mailets.pickup.PickupStore;
import org.inbasket.mailets.pickup.StoreForPickup;

/**
 * Benchmark of the portal (not part of the test phase; see docs/benchmarks.md for the command):
 * <ol>
 *   <li>store throughput: deposits per second into the JDBC store on embedded Derby (encryption included), and
 *       the whole StoreForPickup mailet path (MIME extraction, deposit, notification composed);</li>
 *   <li>message views per second and latency for logged-in patients over HTTPS, measured by {@code wrk} with a
 *       Lua script that spreads requests over many patients' sessions.</li>
 * </ol>
 * Arguments: {@code [wrk seconds, default 30] [wrk connections, default 32]}. Bounded: about two minutes.
 */
public final class PortalBenchmark {
    private static final int PATIENTS = 200;
    private static final int DEPOSITS = 2000;

    private PortalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path work = Files.createDirectories(Path.of("target/bench"));
        System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
        BasicDataSource dataSource = new BasicDataSource();
        dataSource.setDriverClassName("org.apache.derby.jdbc.EmbeddedDriver");
        // On disk, as in production: an in-memory Derby would keep every 200 KB attachment in the heap and the
        // benchmark would measure garbage collection of the database instead of the portal.
        Path db = work.resolve("derby-" + System.currentTimeMillis());
        dataSource.setUrl("jdbc:derby:" + db.toAbsolutePath() + ";create=true");
        dataSource.setMaxTotal(32);
        PortalDatabase.migrate(dataSource);

        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> values = new HashMap<>();
        values.put("port", Integer.toString(port));
        values.put("bind", "127.0.0.1");
        values.put("public.url", "https://localhost:" + port);
        values.put("clinic.name", "Benchmark Clinic");
        values.put("clinic.phone", "555-0100");
        values.put("mail.from", "noreply@clinic.example");
        values.put("careteam.address", "careteam@clinic.example");
        values.put("session.max.count", "100000");
        values.put("ratelimit.failures", "1000000");
        PortalConfiguration config = PortalConfiguration.fromMap(values, Path.of("../conf"));
        MailSubmitter discard = new MailSubmitter() {
            @Override
            public void submitPatientMessage(MailAddress patient, java.util.Collection<MailAddress> recipients,
                                             javax.mail.internet.MimeMessage message) {
            }

            @Override
            public void sendToPatient(MailAddress sender, MailAddress patient, javax.mail.internet.MimeMessage m) {
            }

            @Override
            public void sendToStaff(MailAddress sender, MailAddress staff, javax.mail.internet.MimeMessage m) {
            }
        };
        AuditSink audit = event -> { };
        var keyStore = TestCertificates.localhost();
        PickupPortal portal = PickupPortal.builder().configuration(config).dataSource(dataSource)
            .gatewayKey(GatewayKey.random()).keyStore(keyStore, TestCertificates.PASSWORD)
            .mailSubmitter(discard).auditSink(audit).clock(Clock.systemUTC()).build();

        storeThroughput(portal.pickupStore());
        mailetThroughput(portal);

        PasswordHasher hasher = new PasswordHasher();
        JdbcPortalAccountStore accounts = new JdbcPortalAccountStore(dataSource);
        String hash = hasher.hash("benchmark password");
        List<String[]> targets = new ArrayList<>();
        portal.start();
        try {
            for (int i = 0; i < PATIENTS; i++) {
                String patient = "patient" + i + "@patientmail.example";
                PickupReceipt receipt = deposit(portal.pickupStore(), patient, i);
                accounts.setPassword(patient, hash, java.time.Instant.now());
                WebClient client = new WebClient("https://localhost:" + port, keyStore);
                client.get("/login");
                HttpResponse<byte[]> login = client.submit("/login", Map.of("email", patient,
                    "password", "benchmark password"));
                if (login.statusCode() != 303) {
                    throw new IllegalStateException("login failed: " + login.statusCode());
                }
                String path = "/conversations/" + receipt.conversationId();
                if (client.get(path).statusCode() != 200) {
                    throw new IllegalStateException("view failed");
                }
                targets.add(new String[] {client.cookies.get("__Host-portal"), path});
            }
            Path script = work.resolve("views.lua");
            Files.writeString(script, lua(targets));
            wrk(List.of("wrk", "-t2", "-c" + connections, "-d10s", "--timeout", "5s", "-s", script.toString(),
                "https://localhost:" + port), 10, "WARM-UP (JIT), not reported");
            wrk(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "--timeout", "5s",
                "-s", script.toString(), "https://localhost:" + port), seconds, "VIEWS");
        } finally {
            portal.stop();
            dataSource.close();
        }
    }

    private static void wrk(List<String> command, int seconds, String label) throws Exception {
        System.out.println(label + ": " + String.join(" ", command));
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
        }
        System.out.println(output);
    }

    private static PickupReceipt deposit(PickupStore store, String patient, int i) throws Exception {
        String body = ("Dear patient " + i + ", your results are within the normal range. ").repeat(40);
        return store.deposit(new PickupDeposit(Direction.TO_PATIENT, new MailAddress(patient),
            new MailAddress("doctor@clinic.example"), "<bench-" + i + "-" + System.nanoTime() + "@clinic.example>",
            List.of(), false, Optional.empty(), new PickupContent("Results " + i, Optional.of(body),
                Optional.of("<p>" + body + "</p><ul><li>Potassium 4.1</li><li>Sodium 140</li></ul>"),
                List.of(new PickupAttachment("results.pdf", "application/pdf", new byte[200 * 1024])))));
    }

    private static void storeThroughput(PickupStore store) throws Exception {
        for (int i = 0; i < 200; i++) {
            deposit(store, "warmup" + i + "@patientmail.example", i);
        }
        long start = System.nanoTime();
        for (int i = 0; i < DEPOSITS; i++) {
            deposit(store, "store" + (i % 500) + "@patientmail.example", i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("STORE: %d deposits (10 KB text + HTML, 200 KB attachment) in %.1f s = %.0f deposits/s%n",
            DEPOSITS, seconds, DEPOSITS / seconds);
    }

    private static void mailetThroughput(PickupPortal portal) throws Exception {
        FakeMailContext context = FakeMailContext.builder().build();
        StoreForPickup mailet = new StoreForPickup(portal.pickupStore(), portal.notifications());
        mailet.init(FakeMailetConfig.builder().mailetName("StoreForPickup").mailetContext(context).build());
        byte[] pdf = new byte[200 * 1024];
        int count = 1000;
        List<Mail> mails = new ArrayList<>();
        for (int i = 0; i < count + 100; i++) {
            mails.add(FakeMail.builder().name("bench" + i).sender("doctor@clinic.example")
                .recipient("mailet" + (i % 500) + "@patientmail.example")
                .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Results " + i)
                    .addFrom("doctor@clinic.example").addToRecipient("mailet" + i + "@patientmail.example")
                    .setMultipartWithBodyParts(
                        MimeMessageBuilder.bodyPartBuilder().data("Your results are normal. ".repeat(400)),
                        MimeMessageBuilder.bodyPartBuilder().data(pdf).type("application/pdf")
                            .filename("results.pdf").disposition("attachment")))
                .build());
        }
        for (int i = 0; i < 100; i++) {
            mailet.service(mails.get(i));
        }
        long start = System.nanoTime();
        for (int i = 100; i < mails.size(); i++) {
            mailet.service(mails.get(i));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("MAILET: %d mails through StoreForPickup (extract, encrypt, store, compose notification) "
            + "in %.1f s = %.0f mails/s%n", count, seconds, count / seconds);
    }

    private static String lua(List<String[]> targets) throws IOException {
        StringBuilder lua = new StringBuilder("-- Generated by PortalBenchmark: logged-in sessions and their views.\n");
        lua.append("local targets = {\n");
        for (String[] target : targets) {
            lua.append("  {\"").append(target[0]).append("\", \"").append(target[1]).append("\"},\n");
        }
        lua.append("}\n");
        lua.append("local n = 0\n");
        lua.append("request = function()\n");
        lua.append("  n = n + 1\n");
        lua.append("  local t = targets[(n % #targets) + 1]\n");
        lua.append("  return wrk.format(\"GET\", t[2], {[\"Cookie\"] = \"__Host-portal=\" .. t[1]})\n");
        lua.append("end\n");
        return lua.toString();
    }
}
