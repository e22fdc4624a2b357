package org.inbasket.gateway.smtp;

import java.util.Collection;
import java.util.List;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses the SMTP {@code AUTH} command wherever the listener does not offer it: before STARTTLS when
 * {@code auth/requireSSL} is true ({@code 530 5.7.0 Must issue a STARTTLS command first}, RFC 3207), and on a
 * listener that never announces AUTH, the MX ({@code 502 5.5.1}). James 3.8.1 only hides AUTH from the EHLO
 * reply in those cases; its AUTH command handler still accepted a password sent in clear (found by issue 8's
 * ProtocolAbuseIT).
 *
 * <p>Configuration: none. Put it in {@code smtpserver.xml}'s {@code handlerchain} before
 * {@code CoreCmdHandlerLoader}: James asks the command handlers of a command in chain order, and this one answers
 * only when it refuses (otherwise James's own AUTH handler runs).</p>
 *
 * <p>SECURITY: the password of a client that sends AUTH anyway has crossed the network in clear; this handler
 * stops it being accepted, which is what tells the client (and its user) that the setup is wrong.</p>
 */
public class RefuseAuthWhereNotOffered implements CommandHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(RefuseAuthWhereNotOffered.class);
    private static final Response STARTTLS_FIRST = new SMTPResponse("530", "5.7.0 Must issue a STARTTLS command first").immutable();
    private static final Response NOT_OFFERED = new SMTPResponse("502", "5.5.1 AUTH is not offered on this port").immutable();

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.isAuthAnnounced()) {
            return null;
        }
        LOGGER.info("AUTH refused: not offered on this connection (TLS started: {})", session.isTLSStarted());
        return session.isTLSStarted() ? NOT_OFFERED : STARTTLS_FIRST;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("AUTH");
    }
}
