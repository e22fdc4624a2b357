package org.inbasket.mailets.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.inbasket.mailets.MutableClock;
import org.inbasket.mailets.audit.Audit;
import org.inbasket.mailets.audit.InMemoryAuditTrail;
import org.inbasket.mailets.metrics.Count;
import org.inbasket.mailets.pickup.InMemoryPickupStore;
import org.inbasket.mailets.pickup.StoreForPickup;
import org.inbasket.mailets.pickup.TemplatePickupNotifications;
import org.inbasket.mailets.smime.HasRecipientCertificate;
import org.inbasket.mailets.smime.IsSmimeEncrypted;
import org.inbasket.mailets.smime.IsSmimeSigned;
import org.inbasket.mailets.smime.SmimeDecrypt;
import org.inbasket.mailets.smime.SmimeEncrypt;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.SmimeSign;
import org.inbasket.mailets.smime.SmimeTrustStore;
import org.inbasket.mailets.smime.SmimeVerify;
import org.inbasket.mailets.smime.TestPki;
import org.inbasket.mailets.smime.directory.InMemoryCertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryPrivateKeyDirectory;
import org.inbasket.mailets.triage.DeliverToPoolMembers;
import org.inbasket.mailets.triage.ExpandSmartPhrases;
import org.inbasket.mailets.triage.FlagUrgent;
import org.inbasket.mailets.triage.ForwardForCoverage;
import org.inbasket.mailets.triage.IsUrgent;
import org.inbasket.mailets.triage.RouteToPool;
import org.inbasket.mailets.triage.TestFileSystem;
import org.inbasket.mailets.triage.TriageTestFiles;
import org.inbasket.mailets.triage.UrgentAutoreply;
import org.inbasket.mailets.triage.autoreply.MemoryReplyLedger;
import org.inbasket.mailets.triage.coverage.MemoryCoverageSchedule;
import org.inbasket.mailets.triage.pool.MemoryPoolDirectory;
import org.inbasket.mailets.triage.pool.PoolRules;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 8, bad input at the mailet level: every mailet and matcher of the shipped pipeline, set up as
 * {@code conf/mailetcontainer.xml} sets it up (with in-memory stores), gets the hostile corpus and generated
 * hostile MIME ({@link HostileMime}). None may throw an unchecked exception or an error (a stack overflow on deep
 * nesting included): it processes the mail, or sends it to its error processor with a reason. A checked
 * {@link MessagingException} is allowed, since the mailet container then moves the mail to the {@code error}
 * processor with the exception as the reason, but it is counted and reported.
 *
 * <p>DeliverOnce and James's LocalDelivery are not here: they need a mailbox manager; the end-to-end test
 * (HostileInputIT in the gateway module) covers them with the same corpus.</p>
 */
class HostileInputTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String LOCAL = "dr.grey@localhost";
    private static final String PATIENT = "pat@outside.example";
    private static SmimeIdentity grey;
    private static SmimeIdentity greyCa;
    private static TestPki pki;
    private static Path root;
    private static List<Step> pipeline;

    @BeforeContainer
    static void keys() throws Exception {
        pki = TestPki.create("Hostile Input CA");
        grey = pki.issue(LOCAL, TestPki.KeyType.RSA);
        greyCa = pki.issue("postmaster@localhost", TestPki.KeyType.EC);
        root = Files.createTempDirectory("hostile-mailets");
        TriageTestFiles.installShippedConf(root);
        Files.writeString(root.resolve("conf/triage/pools.conf"),
            Files.readString(root.resolve("conf/triage/pools.conf"))
                .replace("[route prescription-refill]\n", "[route prescription-refill]\nlocalhost = rn-pool@localhost\n")
                + "\n[pool rn-pool@localhost]\nmembers = nurse.joy@localhost\n");
        pipeline = pipeline();
    }

    /** One pipeline step: a mailet, or a matcher (which must only answer). */
    private record Step(String name, Mailet mailet, Matcher matcher) {
    }

    private static List<Step> pipeline() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T15:00:00Z"));
        FakeMailContext context = FakeMailContext.builder().build();
        TestFileSystem fs = new TestFileSystem(root);
        InMemoryPrivateKeyDirectory keys = new InMemoryPrivateKeyDirectory();
        keys.add(LOCAL, grey);
        keys.add("localhost", greyCa);
        InMemoryCertificateDirectory certificates = new InMemoryCertificateDirectory();
        certificates.add(grey.certificate());
        certificates.add(pki.issue(PATIENT, TestPki.KeyType.RSA).certificate());
        MemoryPoolDirectory pools = new MemoryPoolDirectory();
        PoolRules.load(root.resolve("conf/triage/pools.conf")).seedInto(pools);
        MemoryReplyLedger ledger = new MemoryReplyLedger();
        SmimeTrustStore trust = SmimeTrustStore.of(List.of(pki.caCertificate()), List.of());
        TemplatePickupNotifications notifications = new TemplatePickupNotifications("Clinic Example", "555-0100",
            URI.create("https://portal.clinic.example"), new MailAddress("noreply@localhost"),
            Path.of("../conf/portal"), ZoneOffset.UTC);

        List<Step> steps = new ArrayList<>();
        steps.add(mailet(context, new Count(new RecordingMetricFactory()), "Count", "name", "received"));
        steps.add(mailet(context, new Audit(new InMemoryAuditTrail(), clock), "Audit", "event", "received"));
        steps.add(mailet(context, new ExpandSmartPhrases(fs, clock), "ExpandSmartPhrases",
            "clinicName", "Clinic Example", "timezone", "America/New_York"));
        steps.add(mailet(context, new SmimeDecrypt(keys), "SmimeDecrypt", "onNoKey", "pass", "useDomainKey", "true",
            "errorProcessor", "error"));
        steps.add(mailet(context, new SmimeVerify(certificates, trust, clock), "SmimeVerify", "harvest", "true",
            "acceptSha1", "true"));
        steps.add(matcher(context, new IsUrgent(fs, clock), "IsUrgent", "file://conf/triage/urgent-lexicon.txt"));
        steps.add(mailet(context, new UrgentAutoreply(ledger, fs, clock), "UrgentAutoreply", "from", "careteam@localhost",
            "clinicName", "Clinic Example", "clinicPhone", "555-0100", "window", "24h", "processor", "relay"));
        steps.add(mailet(context, new RouteToPool(pools, fs, clock), "RouteToPool", "rules", "file://conf/triage/pools.conf"));
        steps.add(mailet(context, new ForwardForCoverage(new MemoryCoverageSchedule(), ledger, fs, clock), "ForwardForCoverage",
            "copyToAbsent", "false", "autoreply", "true", "from", "careteam@localhost", "clinicName", "Clinic Example",
            "timezone", "America/New_York", "processor", "relay"));
        steps.add(mailet(context, new DeliverToPoolMembers(pools), "DeliverToPoolMembers", "folder", "Pools"));
        steps.add(mailet(context, new FlagUrgent(MemoryUsersRepository.withVirtualHosting(null)), "FlagUrgent"));
        steps.add(matcher(context, new HasRecipientCertificate(certificates, clock), "HasRecipientCertificate", null));
        steps.add(matcher(context, new IsSmimeEncrypted(), "IsSmimeEncrypted", null));
        steps.add(matcher(context, new IsSmimeSigned(), "IsSmimeSigned", null));
        steps.add(mailet(context, new SmimeSign(keys, clock), "SmimeSign", "signWith", "sender", "onMissingKey", "pass",
            "errorProcessor", "error"));
        steps.add(mailet(context, new SmimeEncrypt(certificates, clock), "SmimeEncrypt", "contentCipher", "aes-256-cbc",
            "rsaKeyTransport", "rsa-oaep-sha256", "subject", "keep", "errorProcessor", "error"));
        steps.add(mailet(context, new SmimeEncrypt(certificates, clock), "SmimeEncrypt(protect)", "subject", "protect",
            "errorProcessor", "error"));
        steps.add(mailet(context, new StoreForPickup(new InMemoryPickupStore(clock, Duration.ofDays(30)), notifications),
            "StoreForPickup", "errorProcessor", "error", "notificationProcessor", "relay", "requirePatientCheck", "false"));
        return steps;
    }

    private static Step mailet(FakeMailContext context, Mailet mailet, String name, String... parameters)
        throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(name).mailetContext(context);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return new Step(name, mailet, null);
    }

    private static Step matcher(FakeMailContext context, Matcher matcher, String name, String condition)
        throws MessagingException {
        FakeMatcherConfig.Builder config = FakeMatcherConfig.builder().matcherName(name).mailetContext(context);
        if (condition != null) {
            config.condition(condition);
        }
        matcher.init(config.build());
        return new Step(name, null, matcher);
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        return HostileMime.anything(grey);
    }

    @Provide
    Arbitrary<String> corpusNames() {
        return Arbitraries.of(List.copyOf(HostileMime.corpus().keySet()));
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyStepShouldHandleEachCorpusFile(@ForAll("corpusNames") String name) throws Exception {
        assertHandledByEveryStep(HostileMime.corpus().get(name));
    }

    @Property(tries = 100)
    void everyStepShouldHandleGeneratedHostileMime(@ForAll("hostile") byte[] raw) throws Exception {
        assertHandledByEveryStep(raw);
    }

    @Example
    void everyCorpusFileShouldBeDescribedInTheReadme() throws Exception {
        String readme = new String(HostileInputTest.class.getResourceAsStream(HostileMime.CORPUS + "/README.md").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        assertThat(HostileMime.corpus().keySet()).hasSizeGreaterThan(40)
            .allSatisfy(name -> assertThat(readme).contains("| `" + name + "` |"));
    }

    @Example
    void twoThousandLevelsOfNestingShouldNotOverflowTheStack() throws Exception {
        assertHandledByEveryStep(("From: pat@outside.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
            + HostileMime.deepChain(2_000)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Each step on a fresh copy, the way each would see the mail first: inbound to a clinician, outbound to a patient. */
    private static void assertHandledByEveryStep(byte[] raw) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Step step : pipeline) {
            for (Direction direction : Direction.values()) {
                FakeMail mail = direction.mail(raw);
                try {
                    if (step.matcher() != null) {
                        step.matcher().match(mail);
                    } else {
                        step.mailet().service(mail);
                    }
                    if (mail.getState() != null && mail.getState().equals(Mail.ERROR)) {
                        if (mail.getErrorMessage() == null || mail.getErrorMessage().isBlank()) {
                            problems.add(step.name() + " (" + direction + "): sent to error without a reason");
                        }
                    }
                } catch (MessagingException e) {
                    // The container's onMailetException: error processor, with this message as the reason.
                    if (e.getMessage() == null || e.getMessage().isBlank()) {
                        problems.add(step.name() + " (" + direction + "): MessagingException without a message");
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    java.io.StringWriter trace = new java.io.StringWriter();
                    e.printStackTrace(new java.io.PrintWriter(trace));
                    problems.add(step.name() + " (" + direction + "): " + trace.toString().lines().limit(12)
                        .reduce((a, b) -> a + "\n" + b).orElse(""));
                }
            }
        }
        assertThat(problems).as("steps that crashed").isEmpty();
    }

    private enum Direction {
        INBOUND(PATIENT, LOCAL), OUTBOUND(LOCAL, PATIENT);

        private final String sender;
        private final String recipient;

        Direction(String sender, String recipient) {
            this.sender = sender;
            this.recipient = recipient;
        }

        FakeMail mail(byte[] raw) throws MessagingException {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            return FakeMail.builder().name("hostile-1").sender(sender).recipient(recipient).mimeMessage(message).build();
        }
    }

}
