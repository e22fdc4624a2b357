package org.inbasket.mailets.triage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.triage.autoreply.AutoreplyTemplate;
import org.inbasket.mailets.triage.autoreply.Autoresponder;
import org.inbasket.mailets.triage.autoreply.ReplyLedger;
import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.conf.ReloadingFile;

/**
 * Tells a patient at once, by automatic reply, what to do in an emergency ("call 911; for a mental-health
 * crisis call or text 988"), from a template in {@code conf/triage/}. Use with {@code match="IsUrgent"}.
 * The reply follows RFC 3834 through {@link Autoresponder}: no reply to null senders, automatic or list
 * mail, reports or machine addresses; one reply per patient per {@code window}; null return path;
 * {@code Auto-Submitted: auto-replied}.
 *
 * <p>Parameters: {@code from} (required: the clinic address the reply comes from), {@code fromName}
 * (optional display name), {@code template} (default {@value #DEFAULT_TEMPLATE}, reloaded on change),
 * {@code window} (default {@code 24h}), {@code processor} (where the reply is sent; default {@code root}),
 * {@code clinicName} and {@code clinicPhone} (values of {@code {clinic.name}} and {@code {clinic.phone}} in
 * the template; default empty), {@code replyToLocalSenders} (default {@code false}: clinicians' own mail
 * gets no reply).</p>
 *
 * <p>Failure behaviour: fails open. Whatever goes wrong with the reply (ledger, template, sending), a WARN is
 * logged and the patient's message continues unchanged; this mailet never stops or errors a mail.</p>
 *
 * <p>SECURITY: the reply is the template only: no subject or text of the patient's message goes back over
 * ordinary email.</p>
 */
public class UrgentAutoreply extends GenericMailet {
    public static final String DEFAULT_TEMPLATE = "file://conf/triage/urgent-autoreply.txt";
    public static final String KIND = "urgent";

    private final ReplyLedger ledger;
    private final FileSystem fileSystem;
    private final Clock clock;
    private Autoresponder autoresponder;
    private Autoresponder.Settings settings;
    private ReloadingFile<AutoreplyTemplate> template;
    private Map<String, String> variables;

    @Inject
    public UrgentAutoreply(ReplyLedger ledger, FileSystem fileSystem, Clock clock) {
        this.ledger = ledger;
        this.fileSystem = fileSystem;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("from", "fromName", "template", "window", "processor", "clinicName",
            "clinicPhone", "replyToLocalSenders"));
        String name = "UrgentAutoreply";
        MailAddress from = TriageParameters.address(name, "from", getInitParameter("from"), true).orElseThrow();
        Optional<String> fromName = Optional.ofNullable(getInitParameter("fromName")).map(String::trim)
            .filter(s -> !s.isEmpty());
        Duration window = TriageParameters.duration(name, "window", getInitParameter("window"), Duration.ofHours(24));
        String processor = TriageParameters.name(name, "processor", getInitParameter("processor"), "root");
        boolean local = TriageParameters.bool(name, "replyToLocalSenders", getInitParameter("replyToLocalSenders"), false);
        settings = new Autoresponder.Settings(KIND, from, fromName, window, processor, local);
        variables = Map.of(
            "clinic.name", getInitParameter("clinicName", "").trim(),
            "clinic.phone", getInitParameter("clinicPhone", "").trim());
        template = loadTemplate(fileSystem, clock, name, getInitParameter("template", DEFAULT_TEMPLATE));
        autoresponder = new Autoresponder(ledger, clock);
    }

    static ReloadingFile<AutoreplyTemplate> loadTemplate(FileSystem fileSystem, Clock clock, String mailet, String url)
        throws MessagingException {
        Path path = TriageParameters.file(fileSystem, mailet, "template", url);
        try {
            return new ReloadingFile<>(path, AutoreplyTemplate::load, clock, Duration.ofSeconds(2));
        } catch (ConfException e) {
            throw new MessagingException(mailet + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void service(Mail mail) {
        autoresponder.reply(mail, getMailetContext(), settings, template.get(), variables);
    }

    @Override
    public String getMailetInfo() {
        return "Automatic emergency-instructions reply to urgent patient messages (RFC 3834)";
    }
}
