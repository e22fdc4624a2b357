package org.inbasket.gateway.james;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.webadmin.WebAdminServer;

/**
 * The gateway's window into the running James server: the bound listeners (for the startup report) and the
 * data services (for demo seeding and, later, the admin tools).
 */
public class GatewayProbe implements GuiceProbe {
    /** One bound listener, as printed at startup. */
    public record Listener(String name, String address, String tls) {
    }

    private final SMTPServerFactory smtp;
    private final IMAPServerFactory imap;
    private final WebAdminServer webAdmin;
    private final DomainList domains;
    private final UsersRepository users;
    private final RecipientRewriteTable rewrites;
    private final MailboxManager mailboxes;

    @Inject
    GatewayProbe(SMTPServerFactory smtp, IMAPServerFactory imap, WebAdminServer webAdmin, DomainList domains,
                 UsersRepository users, RecipientRewriteTable rewrites, MailboxManager mailboxes) {
        this.smtp = smtp;
        this.imap = imap;
        this.webAdmin = webAdmin;
        this.domains = domains;
        this.users = users;
        this.rewrites = rewrites;
        this.mailboxes = mailboxes;
    }

    /**
     * @param names     a display name per configured port (e.g. 2587 to "smtp submission")
     * @param adminHost the admin API's bind address (WebAdmin reports its port only)
     */
    public List<Listener> listeners(Map<Integer, String> names, String adminHost) {
        List<Listener> result = new ArrayList<>();
        for (AbstractConfigurableAsyncServer server : smtp.getServers()) {
            result.add(describe(server, names, "smtp"));
        }
        for (AbstractConfigurableAsyncServer server : imap.getServers()) {
            result.add(describe(server, names, "imap"));
        }
        result.add(new Listener("admin (WebAdmin)", adminHost + ":" + webAdmin.getPort().getValue(), "plain HTTP"));
        return result;
    }

    private static Listener describe(AbstractConfigurableAsyncServer server, Map<Integer, String> names,
                                     String protocol) {
        List<InetSocketAddress> addresses = server.getListenAddresses();
        if (addresses.isEmpty()) {
            return new Listener(protocol, "-", "not bound");
        }
        InetSocketAddress bound = addresses.get(0);
        String tls = "secure".equals(server.getSocketType()) ? "implicit TLS"
            : server.getStartTLSSupported() ? "STARTTLS" : "no TLS";
        return new Listener(names.getOrDefault(bound.getPort(), protocol),
            bound.getAddress().getHostAddress() + ":" + bound.getPort(), tls);
    }

    public DomainList domains() {
        return domains;
    }

    public UsersRepository users() {
        return users;
    }

    public RecipientRewriteTable rewrites() {
        return rewrites;
    }

    public MailboxManager mailboxes() {
        return mailboxes;
    }
}
