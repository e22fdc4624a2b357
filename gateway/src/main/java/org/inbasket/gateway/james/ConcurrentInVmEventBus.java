package org.inbasket.gateway.james;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusName;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.GroupAlreadyRegistered;
import org.apache.james.events.GroupRegistrationNotFound;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.Registration;
import org.apache.james.events.RegistrationKey;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.EventDelivery;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The mailbox event bus of the gateway: James's in-VM semantics (group listeners with back-off retries and dead
 * letters, key listeners delivered once), with registrations that are safe to change while events are dispatched.
 *
 * <p>Why not James's {@code InVMEventBus}: in 3.8.1 it keeps key registrations in a synchronized multimap but
 * iterates the per-key view without holding its lock. When an IMAP session selects or leaves a mailbox (a key
 * registration) while mail is appended to it, the append's dispatch can fail with a
 * {@code ConcurrentModificationException} after the message was stored; LocalDelivery then retries the store and
 * the clinician sees the message twice. {@code CrashIT} found exactly that (one duplicate under load with IMAP
 * polling). Here every key has a concurrent set, changed only inside the map's atomic {@code compute}, and a
 * dispatch reads a weakly consistent snapshot: a listener registered during a dispatch may or may not get that
 * event, and no dispatch fails because of it. A failing key listener (an IMAP session's notification) neither fails
 * the dispatch, as in James, nor keeps the event from the mailbox's other listeners.</p>
 *
 * <p>SECURITY: events stay in this JVM; nothing is logged here.</p>
 */
public final class ConcurrentInVmEventBus implements EventBus {
    private final Map<RegistrationKey, Set<EventListener.ReactiveEventListener>> registrations = new ConcurrentHashMap<>();
    private final Map<Group, EventListener.ReactiveEventListener> groups = new ConcurrentHashMap<>();
    private final EventDelivery eventDelivery;
    private final RetryBackoffConfiguration retryBackoff;
    private final EventDeadLetters eventDeadLetters;

    @Inject
    public ConcurrentInVmEventBus(EventDelivery eventDelivery, RetryBackoffConfiguration retryBackoff,
                                  EventDeadLetters eventDeadLetters) {
        this.eventDelivery = eventDelivery;
        this.retryBackoff = retryBackoff;
        this.eventDeadLetters = eventDeadLetters;
    }

    @Override
    public Mono<Registration> register(EventListener.ReactiveEventListener listener, RegistrationKey key) {
        registrations.compute(key, (k, listeners) -> {
            Set<EventListener.ReactiveEventListener> set = listeners == null ? ConcurrentHashMap.newKeySet() : listeners;
            set.add(listener);
            return set;
        });
        return Mono.just(() -> Mono.fromRunnable(() -> unregister(key, listener)));
    }

    private void unregister(RegistrationKey key, EventListener.ReactiveEventListener listener) {
        registrations.computeIfPresent(key, (k, listeners) -> {
            listeners.remove(listener);
            return listeners.isEmpty() ? null : listeners;
        });
    }

    @Override
    public Registration register(EventListener.ReactiveEventListener listener, Group group) {
        if (groups.putIfAbsent(group, listener) != null) {
            throw new GroupAlreadyRegistered(group);
        }
        return () -> Mono.fromRunnable(() -> groups.remove(group, listener));
    }

    @Override
    public Mono<Void> dispatch(Event event, Set<RegistrationKey> keys) {
        if (event.isNoop()) {
            return Mono.empty();
        }
        return Flux.merge(groupDeliveries(event), keyDeliveries(event, keys))
            .then()
            .onErrorResume(failure -> Mono.empty());
    }

    @Override
    public Mono<Void> reDeliver(Group group, Event event) {
        if (event.isNoop()) {
            return Mono.empty();
        }
        EventListener.ReactiveEventListener listener = Optional.ofNullable(groups.get(group))
            .orElseThrow(() -> new GroupRegistrationNotFound(group));
        return groupDelivery(event, listener, group);
    }

    @Override
    public EventBusName eventBusName() {
        // The same name as James's bus: dead letters and re-delivery tasks refer to it.
        return InVMEventBus.IN_VN_EVENTBUS_NAME;
    }

    @Override
    public Collection<Group> listRegisteredGroups() {
        return List.copyOf(groups.keySet());
    }

    /** The listeners of these keys now (a snapshot; never fails while others register). */
    Set<EventListener.ReactiveEventListener> listenersOf(Set<RegistrationKey> keys) {
        Set<EventListener.ReactiveEventListener> listeners = new LinkedHashSet<>();
        for (RegistrationKey key : keys) {
            listeners.addAll(registrations.getOrDefault(key, Set.of()));
        }
        return listeners;
    }

    private Mono<Void> keyDeliveries(Event event, Set<RegistrationKey> keys) {
        return Flux.defer(() -> Flux.fromIterable(listenersOf(keys)))
            .flatMap(listener -> eventDelivery.deliver(listener, event, EventDelivery.DeliveryOption.none())
                    .onErrorResume(failure -> Mono.empty()),
                EventBus.EXECUTION_RATE)
            .then();
    }

    private Mono<Void> groupDeliveries(Event event) {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(groups.entrySet())))
            .flatMap(entry -> groupDelivery(event, entry.getValue(), entry.getKey()), EventBus.EXECUTION_RATE)
            .then();
    }

    private Mono<Void> groupDelivery(Event event, EventListener.ReactiveEventListener listener, Group group) {
        return eventDelivery.deliver(listener, event, EventDelivery.DeliveryOption.of(
            EventDelivery.Retryer.BackoffRetryer.of(retryBackoff, listener),
            EventDelivery.PermanentFailureHandler.StoreToDeadLetters.of(group, eventDeadLetters)));
    }
}
