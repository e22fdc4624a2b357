package org.inbasket.gateway.services;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.user.api.UsersRepository;
import org.inbasket.gateway.config.Secrets;
import org.inbasket.mailets.triage.pool.PoolDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Gives each pool in a local domain an account nobody logs into (random password) with an INBOX, so mail to the
 * pool is accepted and kept; its members get their copies in their own {@code Pools/<pool>} folder
 * ({@code DeliverToPoolMembers}). The account also gets an S/MIME certificate like any user, so the pool's own
 * copy is encrypted at rest. Run at start, after pool changes and in maintenance.
 */
public final class PoolMailboxes {
    private static final Logger LOGGER = LoggerFactory.getLogger(PoolMailboxes.class);
    private final PoolDirectory pools;
    private final UsersRepository users;
    private final DomainList domains;
    private final MailboxManager mailboxes;

    @Inject
    public PoolMailboxes(PoolDirectory pools, UsersRepository users, DomainList domains, MailboxManager mailboxes) {
        this.pools = pools;
        this.users = users;
        this.domains = domains;
        this.mailboxes = mailboxes;
    }

    /** @return how many pools have their account; a failure for one pool is logged and the others go on */
    public int synchronize() {
        int done = 0;
        for (MailAddress pool : pools.pools()) {
            try {
                if (synchronize(pool)) {
                    done++;
                }
            } catch (Exception e) {
                LOGGER.warn("Could not set up the shared mailbox of pool {}: {}", pool.asString(), e.getMessage());
            }
        }
        return done;
    }

    private boolean synchronize(MailAddress pool) throws Exception {
        if (!domains.containsDomain(Domain.of(pool.getDomain().asString()))) {
            LOGGER.info("Pool {} is not in a local domain; no shared mailbox", pool.asString());
            return false;
        }
        Username owner = Username.of(pool.asString());
        if (!users.contains(owner)) {
            users.addUser(owner, Secrets.random());
            LOGGER.info("Created the account of pool {}", pool.asString());
        }
        MailboxSession session = mailboxes.createSystemSession(owner);
        try {
            MailboxPath inbox = MailboxPath.inbox(owner);
            if (!Boolean.TRUE.equals(Mono.from(mailboxes.mailboxExists(inbox, session)).block())) {
                mailboxes.createMailbox(inbox, session);
            }
            return true;
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }
}
