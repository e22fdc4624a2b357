package org.inbasket.gateway.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.inbasket.mailets.delivery.InMemoryRelayLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

class RelayOnceMailQueueFactoryTest {
    private static final MailQueueName OUTGOING = MailQueueName.of("outgoing");
    private final MemoryMailQueueFactory memory = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
    private final RelayOnceMailQueueFactory factory = new RelayOnceMailQueueFactory(memory,
        new InMemoryRelayLedger(Clock.systemUTC(), RelayOnceMailQueueFactory.LEASE));
    private final MailQueue outgoing = factory.createQueue(OUTGOING);
    private final Iterator<MailQueueItem> dequeued = Flux.from(outgoing.deQueue()).toIterable(1).iterator();

    @AfterEach
    void close() throws Exception {
        outgoing.close();
    }

    private static Mail mail(String name, String messageId, int retries) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setText("routine");
        message.saveChanges();
        message.setHeader("Message-ID", messageId);
        MailImpl mail = MailImpl.builder().name(name).sender("dr.grey@clinic.example")
            .addRecipient(new MailAddress("partner@other-hospital.example")).mimeMessage(message).build();
        if (retries > 0) {
            mail.setAttribute(new Attribute(RelayOnceMailQueueFactory.RETRY_COUNT, AttributeValue.of(retries)));
        }
        return mail;
    }

    private long size() throws Exception {
        return memory.getQueue(OUTGOING).orElseThrow().getSize();
    }

    @Test
    void deQueueShouldDropASecondCopyOfAMailAlreadyRelayed() throws Exception {
        outgoing.enQueue(mail("mail-1", "<a@x>", 0));
        MailQueueItem first = dequeued.next();
        first.done(CompletionStatus.SUCCESS);

        // The spool replayed mail-1 after a crash and RemoteDelivery queued it again.
        outgoing.enQueue(mail("mail-1", "<a@x>", 0));
        outgoing.enQueue(mail("mail-2", "<b@x>", 0));

        MailQueueItem next = dequeued.next();
        assertThat(next.getMail().getName()).isEqualTo("mail-2");
        next.done(CompletionStatus.SUCCESS);
        assertThat(size()).as("nothing left: the second copy was acknowledged, not sent").isZero();
    }

    @Test
    void deQueueShouldHandOutRemoteDeliveryRetriesAndDropTheOlderCopy() throws Exception {
        outgoing.enQueue(mail("mail-1", "<a@x>", 0));
        MailQueueItem first = dequeued.next();
        // RemoteDelivery after a temporary failure: one more retry on the mail, requeued, then done.
        first.getMail().setAttribute(new Attribute(RelayOnceMailQueueFactory.RETRY_COUNT, AttributeValue.of(1)));
        outgoing.enQueue(first.getMail());
        first.done(CompletionStatus.SUCCESS);

        MailQueueItem retry = dequeued.next();
        assertThat(retry.getMail().getName()).isEqualTo("mail-1");
        assertThat(RelayOnceMailQueueFactory.retries(retry.getMail())).isEqualTo(1);

        outgoing.enQueue(mail("mail-1", "<a@x>", 0));
        outgoing.enQueue(mail("mail-3", "<c@x>", 0));
        assertThat(dequeued.next().getMail().getName()).isEqualTo("mail-3");
    }

    @Test
    void deQueueShouldPutATwinBackWhileTheFirstCopyIsBeingSent() throws Exception {
        outgoing.enQueue(mail("mail-1", "<a@x>", 0));
        MailQueueItem first = dequeued.next();

        outgoing.enQueue(mail("mail-1", "<a@x>", 0));
        outgoing.enQueue(mail("mail-2", "<b@x>", 0));

        MailQueueItem next = dequeued.next();
        assertThat(next.getMail().getName()).isEqualTo("mail-2");
        next.done(CompletionStatus.SUCCESS);
        first.done(CompletionStatus.SUCCESS);
        assertThat(size()).as("the twin, back in the queue for later").isEqualTo(1);
    }

    @Test
    void deQueueShouldSendTheSameNameWithAnotherMessageIdAndHandBackFailedCopies() throws Exception {
        outgoing.enQueue(mail("mail-1", "<a@x>", 0));
        dequeued.next().done(CompletionStatus.SUCCESS);
        outgoing.enQueue(mail("mail-1", "<other@x>", 0));
        assertThat(dequeued.next().getMail().getName()).isEqualTo("mail-1");

        outgoing.enQueue(mail("mail-4", "<d@x>", 0));
        MailQueueItem failing = dequeued.next();
        failing.done(CompletionStatus.RETRY);
        outgoing.enQueue(mail("mail-4", "<d@x>", 0));
        assertThat(dequeued.next().getMail().getName()).as("a copy handed back is sent again").isEqualTo("mail-4");
    }

    @Test
    void createQueueShouldLeaveOtherQueuesAlone() {
        assertThat(factory.createQueue(MailQueueName.of("spool"))).isSameAs(memory.createQueue(MailQueueName.of("spool")));
        assertThat(factory.createQueue(MailQueueName.of("outgoing-tls-only"))).isNotSameAs(
            memory.createQueue(MailQueueName.of("outgoing-tls-only")));
    }
}
