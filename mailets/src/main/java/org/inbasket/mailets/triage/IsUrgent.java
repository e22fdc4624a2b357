package org.inbasket.mailets.triage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.conf.ReloadingFile;
import org.inbasket.mailets.triage.urgent.UrgentLexicon;
import org.inbasket.mailets.triage.urgent.UrgentScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches messages that mention an urgent condition (chest pain, stroke signs, suicidal thoughts, ...) in the
 * Subject or any text part, per the urgent lexicon, negation-aware (see {@link UrgentLexicon}).
 *
 * <p>Condition: the lexicon file URL; default {@value #DEFAULT_LEXICON}. Example:
 * {@code match="org.inbasket.mailets.triage.IsUrgent=file://conf/triage/urgent-lexicon.txt"}. The file is
 * re-read when it changes (checked at most every 2 seconds; no restart).</p>
 *
 * <p>Result: returns all recipients when urgent, none otherwise, and records the categories in the attribute
 * {@link TriageAttributes#URGENT} (an empty list when not urgent), so later steps ({@link FlagUrgent},
 * {@link RouteToPool}) and later {@code IsUrgent} matchers reuse the result without scanning again.</p>
 *
 * <p>Failure behaviour: an invalid lexicon at init fails the start with the file and line; an invalid edit
 * later keeps the last good lexicon (ERROR in the log). Unreadable MIME parts are skipped, the rest is
 * scanned. An unexpected error while scanning matches the message as urgent with category {@code unscanned}:
 * a false alarm is safer than a missed emergency.</p>
 *
 * <p>SECURITY: decides on content the sender controls, which is the point; it never trusts headers such as
 * {@code X-Inbasket-Urgent} (the gateway should strip {@code X-Inbasket-*} at ingress). Logs hold the mail
 * name only, never categories, addresses or text.</p>
 */
public class IsUrgent extends GenericMatcher {
    public static final String DEFAULT_LEXICON = "file://conf/triage/urgent-lexicon.txt";
    static final Duration RELOAD_CHECK = Duration.ofSeconds(2);
    private static final Logger LOGGER = LoggerFactory.getLogger(IsUrgent.class);

    private final FileSystem fileSystem;
    private final Clock clock;
    private ReloadingFile<UrgentLexicon> lexicon;

    @Inject
    public IsUrgent(FileSystem fileSystem, Clock clock) {
        this.fileSystem = fileSystem;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        String url = condition == null || condition.isBlank() ? DEFAULT_LEXICON : condition.trim();
        Path path = TriageParameters.file(fileSystem, "IsUrgent", "condition", url);
        try {
            lexicon = new ReloadingFile<>(path, UrgentLexicon::load, clock, RELOAD_CHECK);
        } catch (ConfException e) {
            throw new MessagingException("IsUrgent: " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Optional<List<String>> known = TriageAttributes.urgentCategories(mail);
        List<String> categories;
        if (known.isPresent()) {
            categories = known.get();
        } else {
            categories = scan(mail);
            TriageAttributes.setUrgentCategories(mail, categories);
        }
        return categories.isEmpty() ? List.of() : mail.getRecipients();
    }

    private List<String> scan(Mail mail) {
        try {
            UrgentScan result = lexicon.get().scan(mail.getMessage());
            if (result.urgent()) {
                LOGGER.info("Mail {} matched the urgent lexicon", mail.getName());
            }
            return result.categories();
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Mail {} could not be scanned ({}); treating it as urgent", mail.getName(),
                e.getClass().getSimpleName());
            return List.of("unscanned");
        }
    }

    @Override
    public String getMatcherInfo() {
        return "Matches messages that mention an urgent condition (Inbasket urgent lexicon)";
    }
}
