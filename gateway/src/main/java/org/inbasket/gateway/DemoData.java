package org.inbasket.gateway;

import java.util.List;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.user.api.UsersRepository;
import org.inbasket.gateway.config.Secrets;
import org.inbasket.gateway.james.GatewayProbe;

import reactor.core.publisher.Mono;

/**
 * {@code --demo}: the domain {@code clinic.example}, three clinicians with password {@code demo}, the care
 * team's mailbox {@code careteam@clinic.example} (password {@code demo}; the shipped {@code careteam.address} of
 * the pickup portal, where patients' new messages go before pool routing sorts them), and the pool address
 * {@code rn-pool@clinic.example} (an account nobody logs into; its mailbox is the pool's).
 * Idempotent: what exists already is left as it is (a changed password stays changed).
 */
public final class DemoData {
    public static final String DOMAIN = "clinic.example";
    public static final String PASSWORD = "demo";
    public static final List<String> CLINICIANS = List.of(
        "dr.grey@clinic.example", "dr.house@clinic.example", "nurse.joy@clinic.example");
    /** The shipped {@code careteam.address}: without this account, new messages from the portal would bounce. */
    public static final String CARE_TEAM = "careteam@clinic.example";
    public static final String POOL = "rn-pool@clinic.example";

    private DemoData() {
    }

    /** @return the number of accounts created by this call (0 on a second run) */
    public static int seed(GatewayProbe probe) throws Exception {
        DomainList domains = probe.domains();
        Domain domain = Domain.of(DOMAIN);
        // getDomains() reads the database and refreshes the domain list's read cache; containsDomain() would
        // cache "not local" for the cache's expiry before the domain is added.
        if (!domains.getDomains().contains(domain)) {
            domains.addDomain(domain);
        }
        UsersRepository users = probe.users();
        int created = 0;
        for (String address : CLINICIANS) {
            created += createIfAbsent(probe, users, address, PASSWORD);
        }
        created += createIfAbsent(probe, users, CARE_TEAM, PASSWORD);
        created += createIfAbsent(probe, users, POOL, Secrets.random());
        return created;
    }

    private static int createIfAbsent(GatewayProbe probe, UsersRepository users, String address, String password)
        throws Exception {
        Username username = Username.of(address);
        if (users.contains(username)) {
            return 0;
        }
        users.addUser(username, password);
        MailboxManager mailboxes = probe.mailboxes();
        MailboxSession session = mailboxes.createSystemSession(username);
        MailboxPath inbox = MailboxPath.inbox(username);
        if (!Boolean.TRUE.equals(Mono.from(mailboxes.mailboxExists(inbox, session)).block())) {
            mailboxes.createMailbox(inbox, session);
        }
        mailboxes.endProcessingRequest(session);
        return 1;
    }

}
