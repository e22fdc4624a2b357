package org.inbasket.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class RetryLaterTest {
    private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());

    private RetryLater init(String delays) throws MessagingException {
        RetryLater mailet = new RetryLater(queues);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("RetryLater")
            .mailetContext(FakeMailContext.defaultContext());
        if (delays != null) {
            config.setProperty("delays", delays);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail failedMail() throws MessagingException {
        FakeMail mail = FakeMail.builder().name("mail-1").sender("patient@example.org")
            .recipient(new MailAddress("dr.grey@clinic.example")).state(Mail.ERROR).build();
        mail.setErrorMessage("Exception calling LocalDelivery: refused\n\tat a.b.C(C.java:1)");
        mail.setAttribute(new Attribute(Mail.MAILET_ERROR,
            AttributeValue.ofUnserializable(new MessagingException("x", new SQLException("refused", "08001")))));
        return mail;
    }

    private List<ManageableMailQueue.MailQueueItemView> spool() throws Exception {
        List<ManageableMailQueue.MailQueueItemView> items = new ArrayList<>();
        queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().browse().forEachRemaining(items::add);
        return items;
    }

    @Test
    void serviceShouldRequeueAtTheRecordedProcessorAfterTheFirstDelay() throws Exception {
        FakeMail mail = failedMail();
        mail.setAttribute(new Attribute(MarkResumePoint.NAME, AttributeValue.of("local-store-final")));
        ZonedDateTime before = ZonedDateTime.now();

        init("30s,2m").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        List<ManageableMailQueue.MailQueueItemView> spool = spool();
        assertThat(spool).hasSize(1);
        Mail queued = spool.get(0).getMail();
        assertThat(queued.getName()).isEqualTo("mail-1");
        assertThat(queued.getState()).isEqualTo("local-store-final");
        assertThat(queued.getRecipients()).containsExactly(new MailAddress("dr.grey@clinic.example"));
        assertThat(queued.getAttribute(RetryLater.ATTEMPTS_NAME)).contains(new Attribute(RetryLater.ATTEMPTS_NAME, AttributeValue.of(1)));
        assertThat(queued.getAttribute(Mail.MAILET_ERROR)).isEmpty();
        assertThat(spool.get(0).getNextDelivery()).hasValueSatisfying(at ->
            assertThat(at).isAfter(before.plus(Duration.ofSeconds(29))).isBefore(before.plus(Duration.ofSeconds(60))));
    }

    @Test
    void serviceShouldWaitLongerOnEachRetryAndStartAtRootWithoutAResumePoint() throws Exception {
        FakeMail mail = failedMail();
        mail.setAttribute(new Attribute(RetryLater.ATTEMPTS_NAME, AttributeValue.of(1)));
        ZonedDateTime before = ZonedDateTime.now();

        init("30s,2m").service(mail);

        ManageableMailQueue.MailQueueItemView item = spool().get(0);
        assertThat(item.getMail().getState()).isEqualTo(Mail.DEFAULT);
        assertThat(item.getNextDelivery()).hasValueSatisfying(at ->
            assertThat(at).isAfter(before.plus(Duration.ofSeconds(119))));
    }

    @Test
    void serviceShouldHandTheMailToTheErrorHandlingWithAReasonAfterTheLastRetry() throws Exception {
        FakeMail mail = failedMail();
        mail.setAttribute(new Attribute(RetryLater.ATTEMPTS_NAME, AttributeValue.of(2)));

        init("30s,2m").service(mail);

        assertThat(spool()).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
        assertThat(mail.getErrorMessage())
            .isEqualTo("transient failure persisted after 2 retries: Exception calling LocalDelivery: refused");
    }

    @Test
    void serviceShouldCountACopyThatLostItsAttributesByMailName() throws Exception {
        RetryLater mailet = init("30s,2m");
        mailet.service(failedMail());
        mailet.service(failedMail());
        FakeMail third = failedMail();

        mailet.service(third);

        assertThat(spool()).hasSize(2);
        assertThat(third.getState()).isEqualTo(Mail.ERROR);
        assertThat(third.getErrorMessage()).startsWith("transient failure persisted after 2 retries");
    }

    @Test
    void initShouldRejectMalformedDelays() {
        assertThatThrownBy(() -> init("10s,,1m")).isInstanceOf(MessagingException.class).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> init("10 parsecs")).isInstanceOf(MessagingException.class).hasMessageContaining("delays");
    }
}
