package org.inbasket.gateway.portal.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's portal account.
 *
 * @param address      the verified address, lower case
 * @param passwordHash Argon2id hash in PHC string format
 * @param failedLogins consecutive failed logins since the last success
 * @param lockedUntil  logins are refused before this instant ({@link Instant#EPOCH} when not locked)
 * @param createdAt    when the account was created
 */
public record Account(String address, String passwordHash, int failedLogins, Instant lockedUntil, Instant createdAt) {
    public Account {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether logins are refused at {@code now}. */
    public boolean lockedAt(Instant now) {
        return lockedUntil.isAfter(now);
    }

    @Override
    public String toString() {
        return "Account[" + address + "]";
    }
}
