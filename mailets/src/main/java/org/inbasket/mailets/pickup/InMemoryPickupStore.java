package org.inbasket.mailets.pickup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.james.core.MailAddress;

/**
 * {@link PickupStore} in memory, for tests and demonstrations. Content is kept in clear in the heap and lost at
 * restart.
 *
 * <p>SECURITY: never use in production: nothing is encrypted and nothing survives a restart.</p>
 */
public class InMemoryPickupStore implements PickupStore {
    private final Clock clock;
    private final Duration expiry;
    private final Map<String, Entry> messages = new HashMap<>();
    private final Map<String, String> tokenHashes = new HashMap<>();
    private final Map<String, String> checks = new HashMap<>();

    /**
     * @param clock  the clock giving deposit times
     * @param expiry how long messages and links stay available
     */
    public InMemoryPickupStore(Clock clock, Duration expiry) {
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("expiry must be positive");
        }
        this.clock = clock;
        this.expiry = expiry;
    }

    private static final class Entry {
        final PickupDeposit deposit;
        final String id;
        final String conversationId;
        final Instant createdAt;
        final Instant expiresAt;
        Instant firstOpenedAt;
        Instant remindedAt;
        Instant revokedAt;

        Entry(PickupDeposit deposit, String id, String conversationId, Instant createdAt, Instant expiresAt) {
            this.deposit = deposit;
            this.id = id;
            this.conversationId = conversationId;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
        }

        boolean visible(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }

        PickupSummary summary() {
            PickupContent content = deposit.content();
            return new PickupSummary(id, conversationId, deposit.direction(), deposit.patient(),
                deposit.counterpart(), deposit.rfcMessageId(), createdAt, expiresAt,
                Optional.ofNullable(firstOpenedAt), deposit.readReceiptRequested(), content.subject(),
                content.attachmentInfos());
        }
    }

    @Override
    public synchronized PickupReceipt deposit(PickupDeposit deposit) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        String conversation = messages.values().stream()
            .filter(e -> PickupStore.addressKey(e.deposit.patient()).equals(PickupStore.addressKey(deposit.patient())))
            .filter(e -> deposit.references().contains(e.deposit.rfcMessageId()))
            .max(Comparator.comparing((Entry e) -> e.createdAt))
            .map(e -> e.conversationId)
            .orElseGet(() -> UUID.randomUUID().toString());
        Entry entry = new Entry(deposit, id, conversation, now, now.plus(expiry));
        messages.put(id, entry);
        deposit.patientCheck().ifPresent(check -> checks.put(PickupStore.addressKey(deposit.patient()), check));
        Optional<String> token = Optional.empty();
        if (deposit.direction() == Direction.TO_PATIENT) {
            String fresh = PickupTokens.newToken();
            tokenHashes.put(PickupTokens.hash(fresh), id);
            token = Optional.of(fresh);
        }
        return new PickupReceipt(id, conversation, token, entry.expiresAt);
    }

    @Override
    public synchronized Optional<PickupLink> resolveToken(String token, Instant now) {
        if (!PickupTokens.looksLikeToken(token)) {
            return Optional.empty();
        }
        return Optional.ofNullable(tokenHashes.get(PickupTokens.hash(token)))
            .map(messages::get)
            .filter(e -> e.visible(now))
            .map(e -> new PickupLink(e.id, e.conversationId, e.deposit.patient()));
    }

    @Override
    public synchronized List<PickupSummary> listForPatient(MailAddress patient, Instant now) {
        return messages.values().stream()
            .filter(e -> PickupStore.addressKey(e.deposit.patient()).equals(PickupStore.addressKey(patient)) && e.visible(now))
            .sorted(Comparator.comparing((Entry e) -> e.createdAt).thenComparing(e -> e.id))
            .map(Entry::summary)
            .toList();
    }

    private Optional<Entry> visible(String messageId, MailAddress patient, Instant now) {
        return Optional.ofNullable(messages.get(messageId))
            .filter(e -> PickupStore.addressKey(e.deposit.patient()).equals(PickupStore.addressKey(patient)) && e.visible(now));
    }

    @Override
    public synchronized Optional<PickupMessage> read(String messageId, MailAddress patient, Instant now) {
        return visible(messageId, patient, now)
            .map(e -> new PickupMessage(e.summary(), e.deposit.content().textBody(), e.deposit.content().htmlBody()));
    }

    @Override
    public synchronized Optional<PickupAttachment> attachment(String messageId, int index, MailAddress patient,
                                                              Instant now) {
        return visible(messageId, patient, now)
            .map(e -> e.deposit.content().attachments())
            .filter(list -> index >= 0 && index < list.size())
            .map(list -> list.get(index));
    }

    @Override
    public synchronized boolean markOpened(String messageId, Instant when) {
        Entry entry = messages.get(messageId);
        if (entry == null || entry.firstOpenedAt != null) {
            return false;
        }
        entry.firstOpenedAt = when;
        return true;
    }

    @Override
    public synchronized boolean revoke(String messageId, Instant when) {
        Entry entry = messages.get(messageId);
        if (entry == null || entry.revokedAt != null) {
            return false;
        }
        entry.revokedAt = when;
        return true;
    }

    @Override
    public synchronized int revokeByRfcMessageId(String rfcMessageId, Instant when) {
        int count = 0;
        for (Entry entry : messages.values()) {
            if (entry.deposit.direction() == Direction.TO_PATIENT
                && entry.deposit.rfcMessageId().equals(rfcMessageId) && entry.revokedAt == null) {
                entry.revokedAt = when;
                count++;
            }
        }
        return count;
    }

    @Override
    public synchronized void delete(String messageId) {
        messages.remove(messageId);
        tokenHashes.values().removeIf(messageId::equals);
    }

    @Override
    public synchronized List<PickupSummary> unopenedAndNotReminded(Instant createdBefore, Instant now) {
        return messages.values().stream()
            .filter(e -> e.deposit.direction() == Direction.TO_PATIENT)
            .filter(e -> e.visible(now) && e.firstOpenedAt == null && e.remindedAt == null)
            .filter(e -> !e.createdAt.isAfter(createdBefore))
            .sorted(Comparator.comparing((Entry e) -> e.createdAt))
            .map(Entry::summary)
            .toList();
    }

    @Override
    public synchronized void markReminded(String messageId, Instant when) {
        Entry entry = messages.get(messageId);
        if (entry != null) {
            entry.remindedAt = when;
        }
    }

    @Override
    public synchronized int purgeExpired(Instant now) {
        List<String> expired = new ArrayList<>();
        messages.values().stream().filter(e -> !e.expiresAt.isAfter(now)).forEach(e -> expired.add(e.id));
        expired.forEach(this::delete);
        return expired.size();
    }

    @Override
    public synchronized Optional<String> patientCheck(MailAddress patient) {
        return Optional.ofNullable(checks.get(PickupStore.addressKey(patient)));
    }
}
