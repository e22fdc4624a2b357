package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.MutableClock;
import org.inbasket.mailets.triage.pool.MemoryPoolDirectory;
import org.inbasket.mailets.triage.pool.PoolDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FakeMailContext treats only "localhost" as local, so the clinic here is "localhost". */
class RouteToPoolTest {
    private static final String RULES = """
        [category prescription-refill]
        kind = administrative
        subject-tags = refill | rx
        header-values = refill
        keywords = refill | renew my prescription

        [category appointment]
        kind = administrative
        keywords = appointment | reschedule

        [category billing]
        kind = administrative
        keywords = bill | copay

        [category clinical-question]
        kind = clinical
        keywords = side effect | pain | rash

        [route prescription-refill]
        dr.house@localhost = house-team@localhost
        localhost = rn-pool@localhost

        [route appointment]
        localhost = front-desk@localhost

        [route billing]
        * = billing@localhost
        """;

    @TempDir
    Path root;
    private FakeMailContext context;
    private PoolDirectory directory;
    private RouteToPool mailet;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("conf/triage"));
        Files.writeString(root.resolve("conf/triage/pools.conf"), RULES);
        directory = new MemoryPoolDirectory();
        for (String pool : List.of("house-team@localhost", "rn-pool@localhost", "front-desk@localhost", "billing@localhost")) {
            directory.createPool(new MailAddress(pool));
        }
        context = FakeMailContext.builder().build();
        mailet = create(FakeMailetConfig.builder());
    }

    private RouteToPool create(FakeMailetConfig.Builder config) throws MessagingException {
        RouteToPool m = new RouteToPool(directory, new TestFileSystem(root), new MutableClock(Instant.EPOCH));
        m.init(config.mailetName("RouteToPool").mailetContext(context).build());
        return m;
    }

    private static FakeMail mail(String to, String subject, String body, String extraHeaders) throws MessagingException {
        return FakeMail.builder().name("m1").sender("pat@patients.example").recipient(to)
            .mimeMessage(TestMails.parse("From: pat@patients.example\nTo: " + to + "\nSubject: " + subject + "\n"
                + extraHeaders + "\n" + body + "\n"))
            .build();
    }

    @Test
    void serviceShouldSendARefillRequestToTheDomainPool() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "question", "Could you refill my lisinopril?", "");
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("rn-pool@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null))
            .isEqualTo("dr.wilson@localhost -> rn-pool@localhost; category=prescription-refill; by=keyword");
    }

    @Test
    void serviceShouldPreferTheClinicianOwnPool() throws Exception {
        FakeMail mail = mail("dr.house@localhost", "question", "please renew my prescription", "");
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("house-team@localhost"));
    }

    @Test
    void serviceShouldRecogniseASubjectTag() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "[Rx] lisinopril", "thanks", "");
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("rn-pool@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null)).endsWith("by=subject-tag");
    }

    @Test
    void serviceShouldRecogniseThePortalCategoryHeader() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "message", "see attached", "X-Inbasket-Category: refill\n");
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("rn-pool@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null)).endsWith("by=portal-header");
    }

    @Test
    void serviceShouldIgnoreThePortalHeaderWhenNotTrusted() throws Exception {
        RouteToPool m = create(FakeMailetConfig.builder().setProperty("trustCategoryHeader", "false"));
        FakeMail mail = mail("dr.wilson@localhost", "message", "see attached", "X-Inbasket-Category: refill\n");
        m.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@localhost"));
    }

    @Test
    void serviceShouldKeepClinicalMailWithTheClinician() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "[Refill] metformin", "Refill please, but I also get a rash from it", "");
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null))
            .isEqualTo("dr.wilson@localhost kept; reason=clinical; category=clinical-question");
    }

    @Test
    void serviceShouldKeepUrgentMailWithTheClinician() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "refill", "refill please", "");
        TriageAttributes.setUrgentCategories(mail, List.of("cardiac"));
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null)).isEqualTo("dr.wilson@localhost kept; reason=urgent");
    }

    @Test
    void serviceShouldKeepUncategorisedMail() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "hello", "thank you for the visit", "");
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null)).contains("reason=no-category");
    }

    @Test
    void serviceShouldKeepMailWhoseAdministrativeCategoriesDisagree() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "hello", "I need a refill and to reschedule my appointment", "");
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null)).contains("reason=ambiguous");
    }

    @Test
    void serviceShouldKeepMailWhenThePoolIsNotInTheDirectory() throws Exception {
        directory.deletePool(new MailAddress("front-desk@localhost"));
        FakeMail mail = mail("dr.wilson@localhost", "hello", "I need to reschedule", "");
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null)).contains("reason=unknown-pool");
    }

    @Test
    void serviceShouldLeaveRemoteRecipientsAndPoolsAlone() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("pat@patients.example")
            .recipients("someone@elsewhere.example", "rn-pool@localhost")
            .mimeMessage(TestMails.text("refill", "refill please")).build();
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("someone@elsewhere.example"),
            new MailAddress("rn-pool@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER)).isNull();
    }

    @Test
    void serviceShouldRemoveASenderWrittenRouteHeader() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "hello", "thanks", "X-Inbasket-Route: forged\n");
        mailet.service(mail);
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER)).hasSize(1).doesNotContain("forged");
    }

    @Test
    void serviceShouldNotPutContentInTheRouteHeader() throws Exception {
        FakeMail mail = mail("dr.wilson@localhost", "metformin", "Could you refill my metformin?", "");
        mailet.service(mail);
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null)).doesNotContain("metformin");
    }

    @Test
    void serviceShouldMergeRecipientsRoutedToTheSamePool() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("pat@patients.example")
            .recipients("dr.wilson@localhost", "dr.cuddy@localhost")
            .mimeMessage(TestMails.text("refill", "refill please")).build();
        mailet.service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("rn-pool@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER)).hasSize(2);
    }

    @Test
    void initShouldRejectUnknownParametersAndBadBooleans() {
        assertThatThrownBy(() -> create(FakeMailetConfig.builder().setProperty("rule", "x")))
            .isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> create(FakeMailetConfig.builder().setProperty("trustCategoryHeader", "1")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("trustCategoryHeader");
    }

    @Test
    void initShouldFailNamingTheLineOfInvalidRules() throws Exception {
        Files.writeString(root.resolve("conf/triage/pools.conf"), "[category x]\nkind = sometimes\n");
        assertThatThrownBy(() -> create(FakeMailetConfig.builder()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("pools.conf:2");
    }

    @Test
    void shippedRulesShouldKeepASymptomMessageAndRouteABillingQuestion() throws Exception {
        Path shippedRoot = root.resolve("shipped");
        TestFileSystem fs = TriageTestFiles.installShippedConf(shippedRoot);
        MemoryPoolDirectory shippedDirectory = new MemoryPoolDirectory();
        org.inbasket.mailets.triage.pool.PoolRules.load(shippedRoot.resolve("conf/triage/pools.conf")).seedInto(shippedDirectory);
        RouteToPool m = new RouteToPool(shippedDirectory, fs, new MutableClock(Instant.EPOCH));
        m.init(FakeMailetConfig.builder().mailetName("RouteToPool").mailetContext(context).build());
        assertThat(Set.copyOf(shippedDirectory.pools())).isNotEmpty();

        FakeMail billing = mail("dr.house@localhost", "question", "Why was I charged a copay?", "");
        m.service(billing);
        assertThat(billing.getRecipients()).containsExactly(new MailAddress("billing@clinic.example"));

        FakeMail symptom = mail("dr.house@localhost", "refill", "Refill please; the side effects are bad", "");
        m.service(symptom);
        assertThat(symptom.getRecipients()).containsExactly(new MailAddress("dr.house@localhost"));
    }
}
