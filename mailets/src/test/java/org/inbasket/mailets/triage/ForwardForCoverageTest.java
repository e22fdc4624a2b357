package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.MutableClock;
import org.inbasket.mailets.triage.autoreply.MemoryReplyLedger;
import org.inbasket.mailets.triage.coverage.CoverageSchedule;
import org.inbasket.mailets.triage.coverage.CoverageWindow;
import org.inbasket.mailets.triage.coverage.CoverageWindow.CovererKind;
import org.inbasket.mailets.triage.coverage.MemoryCoverageSchedule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardForCoverageTest {
    private static final Instant START = Instant.parse("2025-07-01T12:00:00Z");

    @TempDir
    Path root;
    private TestFileSystem fileSystem;
    private MutableClock clock;
    private MemoryCoverageSchedule schedule;
    private FakeMailContext context;

    @BeforeEach
    void setUp() throws Exception {
        fileSystem = TriageTestFiles.installShippedConf(root);
        clock = new MutableClock(START.plus(Duration.ofDays(1)));
        schedule = new MemoryCoverageSchedule();
        schedule.add(new CoverageWindow("house-summer", new MailAddress("dr.house@clinic.example"),
            Optional.of("Dr. House"), START, START.plus(Duration.ofDays(14)), new MailAddress("dr.wilson@clinic.example"),
            CovererKind.CLINICIAN, Optional.of("Dr. Wilson")));
        context = FakeMailContext.builder().build();
    }

    private ForwardForCoverage mailet(FakeMailetConfig.Builder config) throws MessagingException {
        return mailet(schedule, config);
    }

    private ForwardForCoverage mailet(CoverageSchedule s, FakeMailetConfig.Builder config) throws MessagingException {
        ForwardForCoverage m = new ForwardForCoverage(s, new MemoryReplyLedger(), fileSystem, clock);
        m.init(config.mailetName("ForwardForCoverage").mailetContext(context).build());
        return m;
    }

    private static FakeMail mail(String... recipients) throws MessagingException {
        return FakeMail.builder().name("m1").sender("pat@patients.example").recipients(recipients)
            .mimeMessage(TestMails.text("question", "my knee still hurts")).build();
    }

    private static FakeMailetConfig.Builder withAutoreply() {
        return FakeMailetConfig.builder().setProperty("autoreply", "true").setProperty("from", "care-team@clinic.example")
            .setProperty("timezone", "UTC").setProperty("clinicName", "Springfield Clinic");
    }

    @Test
    void serviceShouldDeliverToTheCovererDuringTheWindowAndMarkIt() throws Exception {
        FakeMail mail = mail("dr.house@clinic.example");
        mailet(FakeMailetConfig.builder()).service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@clinic.example"));
        assertThat(mail.getMessage().getHeader(ForwardForCoverage.HEADER, null))
            .isEqualTo("dr.house@clinic.example -> dr.wilson@clinic.example; window=house-summer; until=2025-07-15T12:00:00Z");
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldLeaveMailAloneOutsideTheWindow() throws Exception {
        clock.set(START.plus(Duration.ofDays(14)));
        FakeMail mail = mail("dr.house@clinic.example");
        mailet(FakeMailetConfig.builder()).service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.house@clinic.example"));
        assertThat(mail.getMessage().getHeader(ForwardForCoverage.HEADER)).isNull();
    }

    @Test
    void serviceShouldKeepTheAbsentClinicianWhenCopyToAbsent() throws Exception {
        FakeMail mail = mail("dr.house@clinic.example", "dr.cuddy@clinic.example");
        mailet(FakeMailetConfig.builder().setProperty("copyToAbsent", "true")).service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@clinic.example"),
            new MailAddress("dr.house@clinic.example"), new MailAddress("dr.cuddy@clinic.example"));
    }

    @Test
    void serviceShouldFollowAChainOfCoverage() throws Exception {
        schedule.add(new CoverageWindow("wilson-week", new MailAddress("dr.wilson@clinic.example"), Optional.empty(),
            START, START.plus(Duration.ofDays(7)), new MailAddress("rn-pool@clinic.example"), CovererKind.POOL,
            Optional.of("the nursing team")));
        FakeMail mail = mail("dr.house@clinic.example");
        mailet(FakeMailetConfig.builder()).service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("rn-pool@clinic.example"));
        assertThat(mail.getMessage().getHeader(ForwardForCoverage.HEADER, null))
            .startsWith("dr.house@clinic.example -> dr.wilson@clinic.example -> rn-pool@clinic.example;");
    }

    @Test
    void serviceShouldTellThePatientWhoCoversOncePerWindow() throws Exception {
        ForwardForCoverage m = mailet(withAutoreply());
        m.service(mail("dr.house@clinic.example"));
        m.service(mail("dr.house@clinic.example"));

        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail reply = context.getSentMails().get(0);
        assertThat(reply.getSender()).isEqualTo(MailAddress.nullSender());
        assertThat(reply.getRecipients()).containsExactly(new MailAddress("pat@patients.example"));
        assertThat(reply.getMsg().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        String body = (String) reply.getMsg().getContent();
        assertThat(body).contains("Dr. House is away until").contains("July 15, 2025").contains("Dr. Wilson");
        assertThat(body).doesNotContain("knee");
    }

    @Test
    void serviceShouldNotAutoreplyToListMail() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("pat@patients.example").recipient("dr.house@clinic.example")
            .mimeMessage(TestMails.parse("From: pat@patients.example\nList-Id: <x.example>\nSubject: x\n\nhello\n")).build();
        mailet(withAutoreply()).service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@clinic.example"));
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldKeepRecipientsWhenTheScheduleFails() throws Exception {
        CoverageSchedule broken = () -> {
            throw new TriageStoreException("down");
        };
        FakeMail mail = mail("dr.house@clinic.example");
        mailet(broken, FakeMailetConfig.builder()).service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.house@clinic.example"));
    }

    @Test
    void serviceShouldRemoveASenderWrittenCoverageHeader() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("pat@patients.example").recipient("dr.cuddy@clinic.example")
            .mimeMessage(TestMails.parse("From: pat@patients.example\nX-Inbasket-Coverage: forged\nSubject: x\n\nhi\n")).build();
        mailet(FakeMailetConfig.builder()).service(mail);
        assertThat(mail.getMessage().getHeader(ForwardForCoverage.HEADER)).isNull();
    }

    @Test
    void initShouldRejectAutoreplyParametersWithoutAutoreply() {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("from", "a@clinic.example")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("needs autoreply=true");
    }

    @Test
    void initShouldRequireFromWithAutoreply() {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("autoreply", "true")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("'from' is required");
    }

    @Test
    void initShouldRejectBadValues() {
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("copyToAbsent", "maybe")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("copyToAbsent");
        assertThatThrownBy(() -> mailet(withAutoreply().setProperty("timezone", "Mars/Base")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("timezone");
        assertThatThrownBy(() -> mailet(FakeMailetConfig.builder().setProperty("unknown", "x")))
            .isInstanceOf(MessagingException.class);
    }

    @Test
    void serviceShouldNotTouchMailForClinicianWithoutCoverage() throws Exception {
        FakeMail mail = mail("dr.cuddy@clinic.example");
        mailet(withAutoreply()).service(mail);
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.cuddy@clinic.example"));
        assertThat(context.getSentMails()).isEmpty();
        assertThat(List.copyOf(mail.getRecipients())).hasSize(1);
    }
}
