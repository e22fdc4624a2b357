package org.inbasket.gateway.portal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link PortalAccountStore} in memory, for tests and demonstrations; lost at restart. */
public class InMemoryPortalAccountStore implements PortalAccountStore {
    private record Code(String hash, Instant expiresAt, int attempts) {
    }

    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Code> codes = new HashMap<>();

    private static String codeKey(String address, CodePurpose purpose) {
        return purpose + ":" + address;
    }

    @Override
    public synchronized Optional<Account> find(String address) {
        return Optional.ofNullable(accounts.get(address));
    }

    @Override
    public synchronized void setPassword(String address, String passwordHash, Instant now) {
        Instant created = Optional.ofNullable(accounts.get(address)).map(Account::createdAt).orElse(now);
        accounts.put(address, new Account(address, passwordHash, 0, Instant.EPOCH, created));
    }

    @Override
    public synchronized Optional<Instant> recordFailedLogin(String address, Instant now, int maxFailures,
                                                            Duration lockout) {
        Account account = accounts.get(address);
        if (account == null) {
            return Optional.empty();
        }
        int failures = account.failedLogins() + 1;
        if (failures >= maxFailures) {
            Instant until = now.plus(lockout);
            accounts.put(address, new Account(address, account.passwordHash(), 0, until, account.createdAt()));
            return Optional.of(until);
        }
        accounts.put(address, new Account(address, account.passwordHash(), failures, account.lockedUntil(),
            account.createdAt()));
        return Optional.empty();
    }

    @Override
    public synchronized void recordSuccessfulLogin(String address) {
        Account account = accounts.get(address);
        if (account != null) {
            accounts.put(address, new Account(address, account.passwordHash(), 0, account.lockedUntil(),
                account.createdAt()));
        }
    }

    @Override
    public synchronized void putCode(String address, CodePurpose purpose, String codeHash, Instant expiresAt) {
        codes.put(codeKey(address, purpose), new Code(codeHash, expiresAt, 0));
    }

    @Override
    public synchronized CodeCheck useCode(String address, CodePurpose purpose, String codeHash, Instant now,
                                          int maxAttempts) {
        String key = codeKey(address, purpose);
        Code code = codes.get(key);
        if (code == null || !code.expiresAt().isAfter(now) || code.attempts() >= maxAttempts) {
            codes.remove(key);
            return CodeCheck.UNAVAILABLE;
        }
        if (MessageDigest.isEqual(code.hash().getBytes(StandardCharsets.US_ASCII),
            codeHash.getBytes(StandardCharsets.US_ASCII))) {
            codes.remove(key);
            return CodeCheck.VALID;
        }
        if (code.attempts() + 1 >= maxAttempts) {
            codes.remove(key);
        } else {
            codes.put(key, new Code(code.hash(), code.expiresAt(), code.attempts() + 1));
        }
        return CodeCheck.WRONG;
    }

    @Override
    public synchronized int purgeCodes(Instant now) {
        int before = codes.size();
        codes.values().removeIf(code -> !code.expiresAt().isAfter(now));
        return before - codes.size();
    }
}
