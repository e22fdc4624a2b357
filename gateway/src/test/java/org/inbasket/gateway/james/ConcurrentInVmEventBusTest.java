package org.inbasket.gateway.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.GroupAlreadyRegistered;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class ConcurrentInVmEventBusTest {
    private static final RegistrationKey INBOX = () -> "dr.house@clinic.example/INBOX";
    private static final RegistrationKey OTHER = () -> "dr.grey@clinic.example/INBOX";

    private final ConcurrentInVmEventBus bus = new ConcurrentInVmEventBus(
        new InVmEventDelivery(new RecordingMetricFactory()), RetryBackoffConfiguration.DEFAULT,
        new MemoryEventDeadLetters());

    record TestEvent(Event.EventId getEventId, Username getUsername, boolean isNoop) implements Event {
        static TestEvent next() {
            return new TestEvent(Event.EventId.random(), Username.of("dr.house@clinic.example"), false);
        }
    }

    static final class Counting implements EventListener.ReactiveEventListener {
        final AtomicInteger events = new AtomicInteger();

        @Override
        public Mono<Void> reactiveEvent(Event event) {
            return Mono.fromRunnable(events::incrementAndGet);
        }
    }

    static final class CountingGroup extends Group {
    }

    @Test
    void dispatchShouldNotFailWhileImapSessionsRegisterAndLeaveTheSameMailbox() throws Exception {
        // The regression CrashIT found: an append's dispatch failed with a ConcurrentModificationException while
        // IMAP sessions selected and left the mailbox, and LocalDelivery then stored the message a second time.
        Counting steady = new Counting();
        Mono.from(bus.register(steady, INBOX)).block();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(3);
        List<Thread> sessions = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread session = new Thread(() -> {
                started.countDown();
                try {
                    while (running.get()) {
                        Registration registration = Mono.from(bus.register(new Counting(), INBOX)).block();
                        Mono.from(registration.unregister()).block();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "imap-session-" + t);
            sessions.add(session);
            session.start();
        }
        started.await();
        int dispatched = 20_000;
        try {
            for (int i = 0; i < dispatched; i++) {
                bus.dispatch(TestEvent.next(), Set.of(INBOX)).block();
            }
        } finally {
            running.set(false);
            for (Thread session : sessions) {
                session.join();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(steady.events).hasValue(dispatched);
    }

    @Test
    void keyListenersShouldGetOnlyTheirKeysAndNothingAfterUnregistering() {
        Counting house = new Counting();
        Counting grey = new Counting();
        Registration houseRegistration = Mono.from(bus.register(house, INBOX)).block();
        Mono.from(bus.register(grey, OTHER)).block();

        bus.dispatch(TestEvent.next(), Set.of(INBOX)).block();
        Mono.from(houseRegistration.unregister()).block();
        bus.dispatch(TestEvent.next(), Set.of(INBOX, OTHER)).block();

        assertThat(house.events).hasValue(1);
        assertThat(grey.events).hasValue(1);
        assertThat(bus.listenersOf(Set.of(INBOX))).isEmpty();
    }

    @Test
    void groupListenersShouldGetEveryEventAndBeRegisteredOnce() {
        Counting indexer = new Counting();
        Group group = new CountingGroup();
        Registration registration = bus.register(indexer, group);

        bus.dispatch(TestEvent.next(), Set.of()).block();
        bus.dispatch(TestEvent.next(), Set.of(INBOX)).block();

        assertThat(indexer.events).hasValue(2);
        assertThat(bus.listRegisteredGroups()).containsExactly(group);
        assertThatThrownBy(() -> bus.register(new Counting(), group)).isInstanceOf(GroupAlreadyRegistered.class);
        Mono.from(registration.unregister()).block();
        assertThat(bus.listRegisteredGroups()).isEmpty();
    }

    @Test
    void noopEventsShouldReachNobody() {
        Counting house = new Counting();
        Mono.from(bus.register(house, INBOX)).block();
        bus.dispatch(new TestEvent(Event.EventId.random(), Username.of("dr.house@clinic.example"), true), Set.of(INBOX))
            .block();
        assertThat(house.events).hasValue(0);
    }

    @Test
    void aFailingKeyListenerShouldNotFailTheDispatch() {
        Counting house = new Counting();
        EventListener.ReactiveEventListener broken = event -> Mono.error(new IllegalStateException("listener broke"));
        Mono.from(bus.register(broken, INBOX)).block();
        Mono.from(bus.register(house, INBOX)).block();

        bus.dispatch(TestEvent.next(), Set.of(INBOX)).block();

        assertThat(house.events).hasValue(1);
    }
}
