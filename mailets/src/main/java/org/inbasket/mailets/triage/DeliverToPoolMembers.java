package org.inbasket.mailets.triage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.mailet.Mail;
import org.apache.mailet.StorageDirective;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.triage.pool.PoolDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes pool mail visible in each member's own mail client: for every recipient that is a pool, each current
 * member becomes a recipient too, with a James {@link StorageDirective} that files their copy in the folder
 * {@code <folder>/<pool local part>} (created on first delivery, subscribed). The pool keeps its own copy in its
 * INBOX as the record of what the pool received.
 *
 * <p>Why copies and not one shared mailbox: James 3.8.1's IMAP server maps every mailbox name to the logged-in
 * user's own namespace and refuses other users' mailboxes ({@code PathConverter}), so an IMAP ACL on the pool's
 * INBOX is not visible to members' clients. Each member's copy has its own flags.</p>
 *
 * <p>Place it after {@link RouteToPool} and {@link ForwardForCoverage} and before {@link FlagUrgent} and
 * encryption at rest (a pool's envelope opens for every member).</p>
 *
 * <p>Parameters: {@code folder} (default {@code Pools}). Never stops the mail; a directory failure is logged
 * and the pool's own copy is still delivered.</p>
 */
public class DeliverToPoolMembers extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliverToPoolMembers.class);

    private final PoolDirectory pools;
    private String folder;

    @Inject
    public DeliverToPoolMembers(PoolDirectory pools) {
        this.pools = pools;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("folder"));
        folder = TriageParameters.name("DeliverToPoolMembers", "folder", getInitParameter("folder"), "Pools");
        if (folder.contains(".") || folder.startsWith("/") || folder.endsWith("/")) {
            throw new MessagingException("DeliverToPoolMembers: parameter 'folder' must not contain '.' or start or end with '/'");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Set<MailAddress> recipients = new LinkedHashSet<>(mail.getRecipients());
        List<MailAddress> added = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Set<MailAddress> members;
            try {
                if (!pools.isPool(recipient)) {
                    continue;
                }
                members = pools.members(recipient);
            } catch (RuntimeException e) {
                LOGGER.warn("Pool lookup failed for mail {}; only the pool's own copy is delivered: {}", mail.getName(),
                    e.getMessage());
                continue;
            }
            String target = folder + "/" + recipient.getLocalPart().toLowerCase(Locale.ROOT).replace('.', '-');
            // In address order, so a mail's recipient list does not depend on the directory's set order.
            for (MailAddress member : members.stream().sorted(java.util.Comparator.comparing(MailAddress::asString)).toList()) {
                if (recipients.add(member)) {
                    added.add(member);
                    StorageDirective.builder().targetFolder(target).build()
                        .encodeAsAttributes(Username.of(member.asString()))
                        .forEach(mail::setAttribute);
                }
            }
        }
        if (!added.isEmpty()) {
            mail.setRecipients(recipients);
            LOGGER.info("Mail {}: copies for {} pool member(s)", mail.getName(), added.size());
        }
    }

    @Override
    public String getMailetInfo() {
        return "Copies pool mail into each member's pool folder";
    }
}
