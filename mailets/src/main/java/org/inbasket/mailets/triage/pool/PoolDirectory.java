package org.inbasket.mailets.triage.pool;

import java.util.Locale;
import java.util.Set;

import org.apache.james.core.MailAddress;

/**
 * Pools (shared mailboxes such as an RN pool) and their members. The gateway shows each pool mailbox to its
 * members in their own IMAP client (IMAP ACLs on the pool's INBOX) and the admin API manages membership
 * through this interface. Addresses compare case-insensitively.
 *
 * <p>Implementations: {@link MemoryPoolDirectory} (tests; also built from the {@code [pool]} sections of
 * {@code conf/triage/pools.conf} by {@link PoolRules#seedInto(PoolDirectory)}) and {@link JdbcPoolDirectory}
 * (Flyway V21). Both pass {@code PoolDirectoryContract}.</p>
 */
public interface PoolDirectory {
    /** Creates a pool; returns false when it already exists. */
    boolean createPool(MailAddress pool);

    /** Deletes a pool and its memberships; returns false when it did not exist. */
    boolean deletePool(MailAddress pool);

    boolean isPool(MailAddress address);

    Set<MailAddress> pools();

    /**
     * The members of a pool.
     *
     * @throws UnknownPoolException when {@code pool} is not a pool
     */
    Set<MailAddress> members(MailAddress pool);

    /**
     * Adds a member; returns false when already a member.
     *
     * @throws UnknownPoolException when {@code pool} is not a pool
     * @throws IllegalArgumentException when {@code member} is itself a pool (no nested pools)
     */
    boolean addMember(MailAddress pool, MailAddress member);

    /** Removes a member; returns false when not a member. */
    boolean removeMember(MailAddress pool, MailAddress member);

    /** The pools {@code member} belongs to. */
    Set<MailAddress> poolsOf(MailAddress member);

    /** The comparison key of an address. */
    static String key(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }

    /** A pool address that is not in the directory. */
    class UnknownPoolException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UnknownPoolException(MailAddress pool) {
            super("unknown pool: " + pool.asString());
        }
    }
}
