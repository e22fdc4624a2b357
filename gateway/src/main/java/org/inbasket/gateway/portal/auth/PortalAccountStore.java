package org.inbasket.gateway.portal.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Patient accounts and pending one-time codes. Addresses are passed in lower case.
 *
 * <p>Implementations: {@link InMemoryPortalAccountStore} and {@link JdbcPortalAccountStore}, both run through
 * one contract test.</p>
 *
 * <p>SECURITY: stores only hashes: Argon2id for passwords, HMAC-SHA256 under the gateway key for codes.</p>
 */
public interface PortalAccountStore {

    Optional<Account> find(String address) throws AccountStoreException;

    /** Creates the account or replaces its password; clears failed logins and any lock. */
    void setPassword(String address, String passwordHash, Instant now) throws AccountStoreException;

    /**
     * Counts a failed login; when the count reaches {@code maxFailures} the account is locked until
     * {@code now + lockout} and the counter restarts.
     *
     * @return the lock's end when this failure locked the account
     */
    Optional<Instant> recordFailedLogin(String address, Instant now, int maxFailures, Duration lockout)
        throws AccountStoreException;

    /** Resets the failed-login counter after a successful login. */
    void recordSuccessfulLogin(String address) throws AccountStoreException;

    /** Stores a pending code for this address and purpose, replacing any earlier one. */
    void putCode(String address, CodePurpose purpose, String codeHash, Instant expiresAt)
        throws AccountStoreException;

    /**
     * Checks a code. A valid code is consumed; a wrong one uses an attempt, and the code is discarded once
     * {@code maxAttempts} wrong attempts were made.
     */
    CodeCheck useCode(String address, CodePurpose purpose, String codeHash, Instant now, int maxAttempts)
        throws AccountStoreException;

    /** Deletes expired codes; returns how many. */
    int purgeCodes(Instant now) throws AccountStoreException;
}
