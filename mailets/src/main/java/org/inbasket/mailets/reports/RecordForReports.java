package org.inbasket.mailets.reports;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.triage.RouteToPool;
import org.inbasket.mailets.triage.TriageAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the reports and the response-time metrics need in {@link ReportFacts}, never changing the mail.
 * Parameter {@code fact} (required) says what this place in the pipeline knows:
 * <ul>
 *   <li>{@code patient-message}: after {@link RouteToPool} in {@code local-delivery}. A mail whose envelope
 *       sender is outside the local domains is a patient message (portal messages too: their sender is the
 *       verified patient); its Message-ID is kept as a digest with its handling: {@code urgent} when
 *       {@code IsUrgent} matched, {@code pool} when {@code RouteToPool} sent a recipient to a pool, otherwise
 *       {@code clinician}. Mail without a Message-ID or with a null sender is skipped.</li>
 *   <li>{@code reply}: at the start of {@code outbound}. A mail from a local sender answers every recorded,
 *       unanswered patient message named in its {@code In-Reply-To} or {@code References}.</li>
 *   <li>{@code encrypted}: in {@code outbound-smime} after {@code SmimeEncrypt}. A mail from a local sender
 *       counts as a secure message to each recipient (messages held for pickup are recorded by the gateway's
 *       pickup store when they are stored).</li>
 * </ul>
 *
 * <p>Failure: fails open. If the facts cannot be written, a WARN names the mail and the fact, and the mail goes
 * on; the reports then miss that message.</p>
 *
 * <p>SECURITY: keeps addresses, times and a SHA-256 of Message-IDs; never the subject, body, category or the
 * urgent categories. The {@code X-Inbasket-Route} header is trusted because {@code root} removes sender-written
 * {@code X-Inbasket-*} headers.</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.inbasket.mailets.reports.RecordForReports">
 *     <fact>patient-message</fact>
 * </mailet>
 * }</pre>
 */
public class RecordForReports extends GenericMailet {
    static final String FACTS = "patient-message, reply, encrypted";
    static final String PORTAL_HEADER = "X-Inbasket-Portal-Verified";
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordForReports.class);

    private final ReportFacts facts;
    private final Clock clock;
    private String fact;

    @Inject
    public RecordForReports(ReportFacts facts, Clock clock) {
        this.facts = facts;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("fact"));
        String value = getInitParameter("fact");
        if (value == null || value.isBlank()) {
            throw new MessagingException(getMailetName() + ": parameter fact is required (one of " + FACTS + ")");
        }
        fact = value.strip();
        if (!Set.of(FACTS.split(", ")).contains(fact)) {
            throw new MessagingException(getMailetName() + ": parameter fact must be one of " + FACTS);
        }
    }

    @Override
    public void service(Mail mail) {
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty()) {
            return;
        }
        boolean local = getMailetContext().isLocalServer(sender.get().getDomain());
        try {
            if (mail.getMessage() == null) {
                return;
            }
            switch (fact) {
                case "patient-message" -> {
                    if (!local) {
                        patientMessage(mail, sender.get());
                    }
                }
                case "reply" -> {
                    if (local) {
                        facts.recordReply(MessageIds.referencedKeys(mail.getMessage()), clock.instant());
                    }
                }
                default -> {
                    if (local) {
                        encrypted(mail);
                    }
                }
            }
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("RecordForReports: fact {} not recorded for mail {} ({})", fact, mail.getName(),
                e.getClass().getSimpleName());
        }
    }

    private void patientMessage(Mail mail, MailAddress patient) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Optional<String> key = MessageIds.keyOf(message);
        if (key.isEmpty()) {
            return;
        }
        ReportFacts.Channel channel = message.getHeader(PORTAL_HEADER) != null
            ? ReportFacts.Channel.PORTAL : ReportFacts.Channel.MAIL;
        facts.recordPatientMessage(new ReportFacts.PatientMessage(key.get(), patient, clock.instant(), channel,
            handling(mail), Optional.empty()));
    }

    static ReportFacts.Handling handling(Mail mail) throws MessagingException {
        if (TriageAttributes.isUrgent(mail)) {
            return ReportFacts.Handling.URGENT;
        }
        String[] routes = mail.getMessage().getHeader(RouteToPool.HEADER);
        if (routes != null) {
            for (String route : routes) {
                if (route.split(";", 2)[0].contains("->")) {
                    return ReportFacts.Handling.POOL;
                }
            }
        }
        return ReportFacts.Handling.CLINICIAN;
    }

    private void encrypted(Mail mail) {
        Instant now = clock.instant();
        List<MailAddress> recipients = List.copyOf(mail.getRecipients());
        for (MailAddress recipient : recipients) {
            facts.recordSecureMessage(new ReportFacts.SecureMessage(
                MessageIds.sha256(mail.getName() + " " + recipient.asString()), recipient, now,
                ReportFacts.Delivery.ENCRYPTED, Optional.empty()));
        }
    }

    @Override
    public String getMailetInfo() {
        return "RecordForReports: content-free facts for the reports";
    }
}
