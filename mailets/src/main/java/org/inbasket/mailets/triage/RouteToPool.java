package org.inbasket.mailets.triage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.conf.ReloadingFile;
import org.inbasket.mailets.triage.pool.PoolDirectory;
import org.inbasket.mailets.triage.pool.PoolRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends routine administrative mail (refills, appointments, billing, forms, results) addressed to a
 * clinician to that clinician's pool instead, per {@code conf/triage/pools.conf}; clinical and urgent mail
 * always reaches the clinician. The recipient is replaced by the pool address; every decision about a local
 * recipient is recorded in an {@code X-Inbasket-Route} header (recipient, pool or "kept", category, and what
 * recognised it; never content).
 *
 * <p>A recipient is kept when: the message is urgent ({@link TriageAttributes#URGENT}, so put
 * {@link IsUrgent} before); any category found is clinical; no category is found; several administrative
 * categories point to different pools; no route exists for it; or the route's pool is not in the
 * {@link PoolDirectory}. Recipients outside the local domains and pool addresses are left alone.</p>
 *
 * <p>Parameters: {@code rules} (default {@value #DEFAULT_RULES}, reloaded on change), {@code categoryHeader}
 * (default {@code X-Inbasket-Category}: the category the pickup portal sets), {@code trustCategoryHeader}
 * (default {@code true}).</p>
 *
 * <p>Failure behaviour: invalid rules fail the start with file and line; an invalid edit keeps the last good
 * rules. A directory failure keeps the mail with the clinician (WARN). Never drops a recipient.</p>
 *
 * <p>SECURITY: the category header is trusted as set by the portal; the gateway must strip
 * {@code X-Inbasket-*} headers from mail that enters by SMTP (a patient could otherwise choose the pool,
 * though never for urgent or clinical-keyword mail). Sender-written {@code X-Inbasket-Route} headers are
 * removed here.</p>
 */
public class RouteToPool extends GenericMailet {
    public static final String DEFAULT_RULES = "file://conf/triage/pools.conf";
    public static final String HEADER = "X-Inbasket-Route";
    private static final Logger LOGGER = LoggerFactory.getLogger(RouteToPool.class);

    private final PoolDirectory directory;
    private final FileSystem fileSystem;
    private final Clock clock;
    private ReloadingFile<PoolRules> rules;
    private String categoryHeader;
    private boolean trustCategoryHeader;

    @Inject
    public RouteToPool(PoolDirectory directory, FileSystem fileSystem, Clock clock) {
        this.directory = directory;
        this.fileSystem = fileSystem;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("rules", "categoryHeader", "trustCategoryHeader"));
        Path path = TriageParameters.file(fileSystem, "RouteToPool", "rules", getInitParameter("rules", DEFAULT_RULES));
        categoryHeader = TriageParameters.name("RouteToPool", "categoryHeader", getInitParameter("categoryHeader"),
            "X-Inbasket-Category");
        trustCategoryHeader = TriageParameters.bool("RouteToPool", "trustCategoryHeader",
            getInitParameter("trustCategoryHeader"), true);
        try {
            rules = new ReloadingFile<>(path, PoolRules::load, clock, Duration.ofSeconds(2));
        } catch (ConfException e) {
            throw new MessagingException("RouteToPool: " + e.getMessage(), e);
        }
        for (MailAddress target : rules.get().routeTargets()) {
            try {
                if (!directory.isPool(target)) {
                    LOGGER.warn("RouteToPool: route target {} is not a pool in the directory yet; mail for it stays"
                        + " with the clinician until it is", target.asString());
                }
            } catch (RuntimeException e) {
                LOGGER.warn("RouteToPool: pool directory unavailable at start ({})", e.getClass().getSimpleName());
                break;
            }
        }
    }

    /** One recipient's outcome. */
    record Decision(MailAddress recipient, Optional<MailAddress> pool, String reason, Optional<String> category) {
        String header() {
            StringBuilder sb = new StringBuilder(recipient.asString());
            if (pool.isPresent()) {
                sb.append(" -> ").append(pool.get().asString()).append("; category=").append(category.orElse("-"))
                    .append("; by=").append(reason);
            } else {
                sb.append(" kept; reason=").append(reason);
                category.ifPresent(c -> sb.append("; category=").append(c));
            }
            return sb.toString();
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        message.removeHeader(HEADER);
        PoolRules current = rules.get();
        boolean urgent = TriageAttributes.isUrgent(mail);
        PoolRules.Classification classification = null;
        List<MailAddress> recipients = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (!getMailetContext().isLocalServer(recipient.getDomain()) || isPool(recipient)) {
                recipients.add(recipient);
                continue;
            }
            if (!urgent && classification == null) {
                classification = current.classify(message, headerValue(message));
            }
            Decision d = urgent ? new Decision(recipient, Optional.empty(), "urgent", Optional.empty())
                : decide(current, classification, recipient);
            decisions.add(d);
            recipients.add(d.pool().orElse(recipient));
        }
        for (Decision d : decisions) {
            message.addHeader(HEADER, d.header());
        }
        mail.setRecipients(new ArrayList<>(new LinkedHashSet<>(recipients)));
    }

    private Decision decide(PoolRules rules, PoolRules.Classification c, MailAddress recipient) {
        List<String> found = c.categories();
        for (String name : found) {
            if (rules.category(name).map(cat -> cat.kind() == PoolRules.Kind.CLINICAL).orElse(false)) {
                return new Decision(recipient, Optional.empty(), "clinical", Optional.of(name));
            }
        }
        if (found.isEmpty()) {
            return new Decision(recipient, Optional.empty(), "no-category", Optional.empty());
        }
        String chosen;
        if (c.explicit().isPresent()) {
            chosen = c.explicit().get();
        } else if (found.size() == 1) {
            chosen = found.get(0);
        } else {
            Set<MailAddress> targets = new LinkedHashSet<>();
            for (String name : found) {
                targets.add(rules.route(name, recipient).orElse(null));
            }
            if (targets.size() != 1 || targets.contains(null)) {
                return new Decision(recipient, Optional.empty(), "ambiguous", Optional.empty());
            }
            chosen = found.get(0);
        }
        Optional<MailAddress> pool = rules.route(chosen, recipient);
        if (pool.isEmpty()) {
            return new Decision(recipient, Optional.empty(), "no-route", Optional.of(chosen));
        }
        if (!isPool(pool.get())) {
            LOGGER.warn("RouteToPool: {} is not a pool in the directory; kept with the clinician", pool.get().asString());
            return new Decision(recipient, Optional.empty(), "unknown-pool", Optional.of(chosen));
        }
        return new Decision(recipient, pool, c.by(), Optional.of(chosen));
    }

    private boolean isPool(MailAddress address) {
        try {
            return directory.isPool(address);
        } catch (RuntimeException e) {
            LOGGER.warn("RouteToPool: pool directory unavailable ({}); keeping mail with the clinician",
                e.getClass().getSimpleName());
            return false;
        }
    }

    private Optional<String> headerValue(MimeMessage message) throws MessagingException {
        if (!trustCategoryHeader) {
            return Optional.empty();
        }
        return Optional.ofNullable(message.getHeader(categoryHeader, null));
    }

    @Override
    public String getMailetInfo() {
        return "Routes routine administrative mail for a clinician to the clinician's pool";
    }
}
