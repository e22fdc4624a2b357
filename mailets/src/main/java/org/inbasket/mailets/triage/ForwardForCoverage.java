package org.inbasket.mailets.triage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.triage.autoreply.AutoreplyTemplate;
import org.inbasket.mailets.triage.autoreply.Autoresponder;
import org.inbasket.mailets.triage.autoreply.ReplyLedger;
import org.inbasket.mailets.triage.conf.ReloadingFile;
import org.inbasket.mailets.triage.coverage.CoverageSchedule;
import org.inbasket.mailets.triage.coverage.CoverageWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a clinician is away, delivers their mail to the covering clinician or pool per the
 * {@link CoverageSchedule} (followed through chains: A covered by B, B away and covered by C, gives C; cycles
 * never loop). The recipient is replaced by the coverer, optionally keeping the absent clinician too, and an
 * {@code X-Inbasket-Coverage} header records {@code absent -> ... -> coverer; window=ID; until=INSTANT}.
 * Optionally the patient gets one automatic reply per coverage window and {@code window} naming who covers
 * (through the same RFC 3834 {@link Autoresponder} as {@link UrgentAutoreply}).
 *
 * <p>Place it after {@link RouteToPool} and before {@link FlagUrgent} and the encrypt-at-rest step: the
 * coverer's copy is then flagged and encrypted for the coverer like any delivery.</p>
 *
 * <p>Parameters: {@code copyToAbsent} (default {@code false}); {@code autoreply} (default {@code false}); with
 * autoreply: {@code from} (required), {@code fromName}, {@code template} (default {@value #DEFAULT_TEMPLATE},
 * reloaded on change), {@code window} (default {@code 7d}), {@code processor} (default {@code root}),
 * {@code clinicName}, {@code replyToLocalSenders} (default {@code false}), {@code timezone} (for {@code {until}};
 * default the server's), {@code locale} (default {@code en-US}).</p>
 *
 * <p>Failure behaviour: a schedule that cannot be read leaves the recipients unchanged (WARN): the absent
 * clinician's mailbox still receives the mail, nothing is lost. The autoreply fails open.</p>
 *
 * <p>SECURITY: the coverer receives the patient's message; the coverage header names clinicians and the
 * window only. The autoreply names the coverer by the display name in the schedule, never by an internal
 * pool address.</p>
 */
public class ForwardForCoverage extends GenericMailet {
    public static final String DEFAULT_TEMPLATE = "file://conf/triage/coverage-autoreply.txt";
    public static final String HEADER = "X-Inbasket-Coverage";
    private static final Logger LOGGER = LoggerFactory.getLogger(ForwardForCoverage.class);
    private static final Set<String> AUTOREPLY_PARAMETERS = Set.of("from", "fromName", "template", "window", "processor",
        "clinicName", "replyToLocalSenders", "timezone", "locale");

    private final CoverageSchedule schedule;
    private final ReplyLedger ledger;
    private final FileSystem fileSystem;
    private final Clock clock;
    private boolean copyToAbsent;
    private boolean autoreply;
    private Autoresponder autoresponder;
    private Autoresponder.Settings settings;
    private ReloadingFile<AutoreplyTemplate> template;
    private String clinicName;
    private DateTimeFormatter untilFormat;

    @Inject
    public ForwardForCoverage(CoverageSchedule schedule, ReplyLedger ledger, FileSystem fileSystem, Clock clock) {
        this.schedule = schedule;
        this.ledger = ledger;
        this.fileSystem = fileSystem;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        Set<String> allowed = new LinkedHashSet<>(AUTOREPLY_PARAMETERS);
        allowed.add("copyToAbsent");
        allowed.add("autoreply");
        checkInitParameters(allowed);
        String name = "ForwardForCoverage";
        copyToAbsent = TriageParameters.bool(name, "copyToAbsent", getInitParameter("copyToAbsent"), false);
        autoreply = TriageParameters.bool(name, "autoreply", getInitParameter("autoreply"), false);
        if (!autoreply) {
            for (String p : AUTOREPLY_PARAMETERS) {
                if (getInitParameter(p) != null) {
                    throw new MessagingException(name + ": parameter '" + p + "' needs autoreply=true");
                }
            }
            return;
        }
        MailAddress from = TriageParameters.address(name, "from", getInitParameter("from"), true).orElseThrow();
        Optional<String> fromName = Optional.ofNullable(getInitParameter("fromName")).map(String::trim).filter(s -> !s.isEmpty());
        Duration window = TriageParameters.duration(name, "window", getInitParameter("window"), Duration.ofDays(7));
        String processor = TriageParameters.name(name, "processor", getInitParameter("processor"), "root");
        boolean local = TriageParameters.bool(name, "replyToLocalSenders", getInitParameter("replyToLocalSenders"), false);
        settings = new Autoresponder.Settings("coverage", from, fromName, window, processor, local);
        clinicName = getInitParameter("clinicName", "").trim();
        ZoneId zone = TriageParameters.zone(name, "timezone", getInitParameter("timezone"));
        Locale locale = TriageParameters.locale(name, "locale", getInitParameter("locale"), "en-US");
        untilFormat = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT).withLocale(locale).withZone(zone);
        template = UrgentAutoreply.loadTemplate(fileSystem, clock, name, getInitParameter("template", DEFAULT_TEMPLATE));
        autoresponder = new Autoresponder(ledger, clock);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Instant now = clock.instant();
        MimeMessage message = mail.getMessage();
        message.removeHeader(HEADER);
        List<MailAddress> recipients = new ArrayList<>();
        List<CoverageSchedule.Resolution> covered = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<CoverageSchedule.Resolution> resolution = resolve(recipient, now);
            if (resolution.isEmpty()) {
                recipients.add(recipient);
                continue;
            }
            CoverageSchedule.Resolution r = resolution.get();
            covered.add(r);
            recipients.add(r.recipient());
            if (copyToAbsent) {
                recipients.add(recipient);
            }
            message.addHeader(HEADER, header(recipient, r));
        }
        if (covered.isEmpty()) {
            return;
        }
        mail.setRecipients(new ArrayList<>(new LinkedHashSet<>(recipients)));
        if (autoreply) {
            reply(mail, covered.get(0));
        }
    }

    private Optional<CoverageSchedule.Resolution> resolve(MailAddress recipient, Instant now) {
        try {
            return schedule.resolve(recipient, now);
        } catch (RuntimeException e) {
            LOGGER.warn("ForwardForCoverage: schedule unavailable ({}); mail stays with its recipients",
                e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static String header(MailAddress absent, CoverageSchedule.Resolution r) {
        String path = r.chain().stream().map(w -> w.coverer().asString()).collect(Collectors.joining(" -> "));
        return absent.asString() + " -> " + path + "; window=" + r.first().id() + "; until=" + r.first().to();
    }

    private void reply(Mail mail, CoverageSchedule.Resolution r) {
        CoverageWindow first = r.first();
        CoverageWindow last = r.chain().get(r.chain().size() - 1);
        Map<String, String> variables = Map.of(
            "absent.name", first.absentName().orElse("your clinician"),
            "coverer.name", last.covererName().orElse("another member of your care team"),
            "until", untilFormat.format(first.to()),
            "clinic.name", clinicName);
        Autoresponder.Settings perWindow = new Autoresponder.Settings("coverage:" + first.id(), settings.from(),
            settings.fromName(), settings.window(), settings.processor(), settings.replyToLocalSenders());
        autoresponder.reply(mail, getMailetContext(), perWindow, template.get(), variables);
    }

    @Override
    public String getMailetInfo() {
        return "Delivers mail for an absent clinician to the covering clinician or pool";
    }
}
