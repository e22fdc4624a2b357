package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.mailet.Mailet;
import org.apache.mailet.StorageDirective;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.inbasket.mailets.MutableClock;
import org.inbasket.mailets.triage.autoreply.MemoryReplyLedger;
import org.inbasket.mailets.triage.coverage.CoverageWindow;
import org.inbasket.mailets.triage.coverage.MemoryCoverageSchedule;
import org.inbasket.mailets.triage.pool.MemoryPoolDirectory;
import org.inbasket.mailets.triage.pool.PoolRules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented processor order with the shipped configuration and fakes: IsUrgent, UrgentAutoreply,
 * RouteToPool, ForwardForCoverage, FlagUrgent. FakeMailContext treats only "localhost" as local, so the
 * clinic here is "localhost" and the shipped pools.conf routes ("*" for billing) are complemented below.
 */
class TriagePipelineTest {
    @TempDir
    Path root;
    private MutableClock clock;
    private FakeMailContext context;
    private IsUrgent isUrgent;
    private Mailet autoreply;
    private Mailet route;
    private Mailet coverage;
    private Mailet flag;

    @BeforeEach
    void setUp() throws Exception {
        TestFileSystem fs = TriageTestFiles.installShippedConf(root);
        java.nio.file.Files.writeString(root.resolve("conf/triage/pools.conf"),
            java.nio.file.Files.readString(root.resolve("conf/triage/pools.conf"))
                .replace("[route prescription-refill]\n", "[route prescription-refill]\nlocalhost = rn-pool@localhost\n")
                + "\n[pool rn-pool@localhost]\nmembers = nurse.joy@localhost\n");
        clock = new MutableClock(Instant.parse("2025-07-02T15:00:00Z"));
        context = FakeMailContext.builder().build();
        MemoryReplyLedger ledger = new MemoryReplyLedger();
        MemoryPoolDirectory pools = new MemoryPoolDirectory();
        PoolRules.load(root.resolve("conf/triage/pools.conf")).seedInto(pools);
        MemoryCoverageSchedule schedule = new MemoryCoverageSchedule();
        schedule.add(new CoverageWindow("house-away", new MailAddress("dr.house@localhost"), Optional.of("Dr. House"),
            Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-07-10T00:00:00Z"),
            new MailAddress("dr.wilson@localhost"), CoverageWindow.CovererKind.CLINICIAN, Optional.of("Dr. Wilson")));

        isUrgent = new IsUrgent(fs, clock);
        isUrgent.init(FakeMatcherConfig.builder().matcherName("IsUrgent").mailetContext(context).build());
        autoreply = new UrgentAutoreply(ledger, fs, clock);
        autoreply.init(FakeMailetConfig.builder().mailetName("UrgentAutoreply").mailetContext(context)
            .setProperty("from", "care-team@localhost").build());
        route = new RouteToPool(pools, fs, clock);
        route.init(FakeMailetConfig.builder().mailetName("RouteToPool").mailetContext(context).build());
        coverage = new ForwardForCoverage(schedule, ledger, fs, clock);
        coverage.init(FakeMailetConfig.builder().mailetName("ForwardForCoverage").mailetContext(context).build());
        flag = new FlagUrgent(MemoryUsersRepository.withVirtualHosting(null));
        flag.init(FakeMailetConfig.builder().mailetName("FlagUrgent").mailetContext(context).build());
        clock.advance(Duration.ofSeconds(1));
    }

    private void process(FakeMail mail) throws Exception {
        Collection<MailAddress> urgent = isUrgent.match(mail);
        if (!urgent.isEmpty()) {
            autoreply.service(mail);
        }
        route.service(mail);
        coverage.service(mail);
        if (!isUrgent.match(mail).isEmpty()) {
            flag.service(mail);
        }
    }

    private static FakeMail patientMail(String to, String subject, String body) throws Exception {
        return FakeMail.builder().name("m1").sender("pat@patients.example").recipient(to)
            .mimeMessage(TestMails.text(subject, body)).build();
    }

    @Test
    void urgentMailToAnAbsentClinicianShouldReachTheCovererFlaggedAndThePatientShouldBeTold() throws Exception {
        FakeMail mail = patientMail("dr.house@localhost", "refill", "Please refill my lisinopril. Also I have chest pain since an hour.");
        process(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("dr.wilson@localhost"));
        assertThat(mail.getMessage().getHeader(RouteToPool.HEADER, null)).contains("kept; reason=urgent");
        assertThat(mail.getMessage().getHeader(ForwardForCoverage.HEADER, null)).startsWith("dr.house@localhost -> dr.wilson@localhost");
        assertThat(mail.getMessage().getHeader(FlagUrgent.HEADER, null)).isEqualTo("cardiac");
        Flags flags = StorageDirective.fromMail(Username.of("dr.wilson@localhost"), mail).getFlags().orElseThrow();
        assertThat(flags.contains(Flags.Flag.FLAGGED)).isTrue();
        assertThat(flags.contains("$Urgent")).isTrue();
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(context.getSentMails().get(0).getMsg().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void routineRefillShouldGoToThePoolUnflaggedWithoutReply() throws Exception {
        FakeMail mail = patientMail("dr.cuddy@localhost", "[Refill] lisinopril", "Could you refill my lisinopril? Thank you.");
        process(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("rn-pool@localhost"));
        assertThat(mail.getMessage().getHeader(FlagUrgent.HEADER)).isNull();
        assertThat(StorageDirective.fromMail(Username.of("rn-pool@localhost"), mail).getFlags()).isEmpty();
        assertThat(context.getSentMails()).isEmpty();
    }
}
