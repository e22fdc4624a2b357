package org.inbasket.mailets.triage;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.StorageDirective;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks an urgent message so that it sorts first in any mail client: headers {@code X-Inbasket-Urgent} (the
 * categories found by {@link IsUrgent}, or {@code unspecified}), {@code Importance: high},
 * {@code X-Priority: 1 (Highest)} and {@code Priority: urgent}; and, for every current recipient, a James
 * {@link StorageDirective} (mail attributes {@code Important_<user>} and {@code Keywords_<user>}) that
 * James 3.8.1's {@code LocalDelivery}/{@code ToRecipientFolder} apply when appending, so the stored copy
 * carries the IMAP flag {@code \Flagged} and the keyword {@code $Urgent}.
 *
 * <p>Place it after every step that changes recipients ({@link RouteToPool}, {@link ForwardForCoverage}):
 * the storage directive is per recipient.</p>
 *
 * <p>Parameters: {@code keyword} (IMAP keyword to add; default {@code $Urgent}), {@code headers}
 * (add the headers; default {@code true}).</p>
 *
 * <p>Failure behaviour: a recipient whose user name cannot be resolved is flagged under its full address
 * (as James's own delivery does). Never stops the mail.</p>
 *
 * <p>SECURITY: the category header names a condition; it is health information and stays inside the
 * message, which the pipeline encrypts at rest. Any {@code X-Inbasket-Urgent} a sender wrote is replaced.</p>
 */
public class FlagUrgent extends GenericMailet {
    public static final String HEADER = "X-Inbasket-Urgent";
    private static final Logger LOGGER = LoggerFactory.getLogger(FlagUrgent.class);
    private static final Pattern IMAP_ATOM = Pattern.compile("[!#&'+\\-./0-9:;<=>?@A-Z^_`a-z|~$]+");
    private static final String KEYWORDS_PREFIX = "Keywords_";

    private final UsersRepository usersRepository;
    private String keyword;
    private boolean headers;

    @Inject
    public FlagUrgent(UsersRepository usersRepository) {
        this.usersRepository = usersRepository;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("keyword", "headers"));
        keyword = TriageParameters.name("FlagUrgent", "keyword", getInitParameter("keyword"), "$Urgent");
        if (!IMAP_ATOM.matcher(keyword).matches() || keyword.startsWith("\\")) {
            throw new MessagingException("FlagUrgent: parameter 'keyword' is not a valid IMAP keyword: '" + keyword + "'");
        }
        headers = TriageParameters.bool("FlagUrgent", "headers", getInitParameter("headers"), true);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (headers) {
            List<String> categories = TriageAttributes.urgentCategories(mail).orElse(List.of());
            MimeMessage message = mail.getMessage();
            message.setHeader(HEADER, categories.isEmpty() ? "unspecified" : String.join(", ", categories));
            message.setHeader("Importance", "high");
            message.setHeader("X-Priority", "1 (Highest)");
            message.setHeader("Priority", "urgent");
        }
        for (MailAddress recipient : mail.getRecipients()) {
            Username user = username(recipient);
            Set<String> keywords = new LinkedHashSet<>(existingKeywords(mail, user));
            keywords.add(keyword);
            StorageDirective.builder()
                .important(java.util.Optional.of(true))
                .keywords(java.util.Optional.of(keywords))
                .build()
                .encodeAsAttributes(user)
                .forEach(mail::setAttribute);
        }
    }

    private Username username(MailAddress recipient) {
        try {
            return usersRepository.getUsername(recipient);
        } catch (UsersRepositoryException | RuntimeException e) {
            LOGGER.warn("FlagUrgent: no user name for a recipient ({}); using the address", e.getClass().getSimpleName());
            return Username.of(recipient.asString());
        }
    }

    private static Set<String> existingKeywords(Mail mail, Username user) {
        Set<String> result = new LinkedHashSet<>();
        mail.getAttribute(AttributeName.of(KEYWORDS_PREFIX + user.asString()))
            .map(Attribute::getValue)
            .map(AttributeValue::getValue)
            .filter(java.util.Collection.class::isInstance)
            .ifPresent(c -> ((java.util.Collection<?>) c).forEach(v -> {
                if (v instanceof AttributeValue<?> av && av.getValue() instanceof String s) {
                    result.add(s);
                }
            }));
        return result;
    }

    @Override
    public String getMailetInfo() {
        return "Flags urgent messages: headers, \\Flagged and $Urgent on delivery";
    }
}
