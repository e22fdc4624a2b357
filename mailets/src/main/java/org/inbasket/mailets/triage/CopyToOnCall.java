package org.inbasket.mailets.triage;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a copy of the message to the on-call address(es), leaving the original untouched. Use with
 * {@code match="IsUrgent"}. The copy keeps the mail attributes (so {@link FlagUrgent} flags it too),
 * carries the header {@code X-Inbasket-Oncall-Copy: yes}, and enters the processor named by
 * {@code processor}.
 *
 * <p>Parameters: {@code to} (required; one or more comma-separated addresses), {@code processor}
 * (default {@code transport}).</p>
 *
 * <p>Failure behaviour: fails open: a copy that cannot be made or sent is logged as a WARN and the original
 * continues (the patient's clinician still gets it, flagged).</p>
 *
 * <p>SECURITY: the copy is a full copy of a patient message: send it only to addresses the pipeline treats
 * like any clinician (local, or encrypted/pickup for outside addresses). Nothing is logged but the mail name.</p>
 */
public class CopyToOnCall extends GenericMailet {
    public static final String HEADER = "X-Inbasket-Oncall-Copy";
    private static final Logger LOGGER = LoggerFactory.getLogger(CopyToOnCall.class);

    private List<MailAddress> onCall;
    private String processor;

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("to", "processor"));
        onCall = TriageParameters.addresses("CopyToOnCall", "to", getInitParameter("to"));
        processor = TriageParameters.name("CopyToOnCall", "processor", getInitParameter("processor"), "transport");
    }

    @Override
    public void service(Mail mail) {
        try {
            Mail copy = mail.duplicate();
            MimeMessage message = new MimeMessage(mail.getMessage());
            message.setHeader(HEADER, "yes");
            copy.setMessage(message);
            copy.setRecipients(onCall);
            copy.setName(mail.getName() + "-oncall-" + UUID.randomUUID());
            getMailetContext().sendMail(copy, processor);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("CopyToOnCall: could not copy mail {} ({}); original continues", mail.getName(),
                e.getClass().getSimpleName());
        }
    }

    @Override
    public String getMailetInfo() {
        return "Copies urgent messages to the on-call address";
    }
}
