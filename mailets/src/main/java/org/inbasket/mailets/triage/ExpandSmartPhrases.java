package org.inbasket.mailets.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.conf.ReloadingFile;
import org.inbasket.mailets.triage.smartphrase.PhraseLibrary;
import org.inbasket.mailets.triage.smartphrase.SmartPhraseExpander;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands SmartPhrases in a clinician's outgoing mail: a {@code .refillok} token becomes the text of phrase
 * {@code refillok} from the sender's own library ({@code userLibraries}/{@code <sender address>.txt}) or else
 * the global library. Works in text and HTML parts up to {@value #MAX_DEPTH} multipart levels deep (HTML expansions are escaped, line
 * breaks become {@code <br>}); leaves attachments, forwarded messages, quoted lines, URLs, e-mail addresses and
 * unknown tokens as written, and never touches signed or encrypted mail. Placeholders in phrases:
 * {@code {date}}, {@code {sender.name}} (From display name), {@code {sender.email}}, {@code {clinic.name}}.
 * Use with a matcher for mail from local clinicians (for example {@code SenderIsLocal}), before signing or
 * encryption. The Message-ID is kept.
 *
 * <p>Parameters: {@code library} (default {@value #DEFAULT_LIBRARY}), {@code userLibraries} (directory; default
 * {@value #DEFAULT_USER_LIBRARIES}), {@code clinicName} (default empty), {@code dateFormat} (default
 * {@code MMMM d, yyyy}), {@code locale} (default {@code en-US}), {@code timezone} (default the server's).
 * All files are reloaded on change; a per-user file may be added at any time.</p>
 *
 * <p>Failure behaviour: fails open: if expansion fails, the mail leaves exactly as written (WARN). An invalid
 * per-user file is ignored with a WARN naming the file and line; an invalid global library fails the start.</p>
 *
 * <p>SECURITY: phrase files are trusted configuration; per-user file names are derived from the sender address
 * and confined to the {@code userLibraries} directory. Phrase text is inserted into HTML as text, never as
 * markup. Parts nested deeper than {@value #MAX_DEPTH} levels are left as written: javax.mail re-reads every level
 * of a nested multipart, so 2,000 levels took 6 s. BUGS: the clinician's Sent folder keeps the unexpanded text
 * their client saved.</p>
 */
public class ExpandSmartPhrases extends GenericMailet {
    public static final String DEFAULT_LIBRARY = "file://conf/triage/smartphrases.txt";
    public static final String DEFAULT_USER_LIBRARIES = "file://conf/triage/smartphrases.d";
    private static final Logger LOGGER = LoggerFactory.getLogger(ExpandSmartPhrases.class);
    private static final Duration RELOAD_CHECK = Duration.ofSeconds(2);
    /** Multipart levels searched for tokens; real mail clients nest three or four. */
    static final int MAX_DEPTH = 32;

    private final FileSystem fileSystem;
    private final Clock clock;
    private ReloadingFile<PhraseLibrary> global;
    private Path userDirectory;
    private final Map<String, ReloadingFile<PhraseLibrary>> userLibraries = new ConcurrentHashMap<>();
    private String clinicName;
    private DateTimeFormatter dateFormat;

    @Inject
    public ExpandSmartPhrases(FileSystem fileSystem, Clock clock) {
        this.fileSystem = fileSystem;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        String name = "ExpandSmartPhrases";
        checkInitParameters(Set.of("library", "userLibraries", "clinicName", "dateFormat", "locale", "timezone"));
        Path library = TriageParameters.file(fileSystem, name, "library", getInitParameter("library", DEFAULT_LIBRARY));
        userDirectory = TriageParameters.directory(fileSystem, name, "userLibraries",
            getInitParameter("userLibraries", DEFAULT_USER_LIBRARIES)).toAbsolutePath().normalize();
        clinicName = getInitParameter("clinicName", "").trim();
        Locale locale = TriageParameters.locale(name, "locale", getInitParameter("locale"), "en-US");
        ZoneId zone = TriageParameters.zone(name, "timezone", getInitParameter("timezone"));
        try {
            dateFormat = DateTimeFormatter.ofPattern(getInitParameter("dateFormat", "MMMM d, yyyy"), locale).withZone(zone);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(name + ": parameter 'dateFormat' is not a date pattern: " + e.getMessage());
        }
        try {
            global = new ReloadingFile<>(library, PhraseLibrary::load, clock, RELOAD_CHECK);
        } catch (ConfException e) {
            throw new MessagingException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void service(Mail mail) {
        try {
            MimeMessage message = mail.getMessage();
            if (isSignedOrEncrypted(message)) {
                return;
            }
            Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
            PhraseLibrary user = sender.map(this::userLibrary).orElse(PhraseLibrary.EMPTY);
            PhraseLibrary shared = global.get();
            SmartPhraseExpander expander = new SmartPhraseExpander(
                n -> user.phrase(n).orElseGet(() -> shared.phrase(n).orElse(null)), variables(message, sender));
            if (expand(message, expander, 0)) {
                String messageId = message.getMessageID();
                message.saveChanges();
                if (messageId != null) {
                    message.setHeader("Message-ID", messageId);
                }
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            LOGGER.warn("ExpandSmartPhrases: mail {} left as written ({})", mail.getName(), e.getClass().getSimpleName());
        }
    }

    private Map<String, String> variables(MimeMessage message, Optional<MailAddress> sender) throws MessagingException {
        String senderName = "";
        Address[] from = message.getFrom();
        if (from != null && from.length > 0 && from[0] instanceof InternetAddress ia && ia.getPersonal() != null) {
            senderName = ia.getPersonal();
        } else if (sender.isPresent()) {
            senderName = sender.get().getLocalPart();
        }
        return Map.of(
            "date", dateFormat.format(clock.instant()),
            "sender.name", senderName,
            "sender.email", sender.map(MailAddress::asString).orElse(""),
            "clinic.name", clinicName);
    }

    /** Expands in place; true when something changed. Parts deeper than {@value #MAX_DEPTH} levels stay as written. */
    private boolean expand(Part part, SmartPhraseExpander expander, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || Part.ATTACHMENT.equalsIgnoreCase(dispositionOf(part))) {
            return false;
        }
        ContentType type = new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
        if (type.match("multipart/signed") || type.match("multipart/encrypted")) {
            return false;
        }
        if (type.match("multipart/*")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                return false;
            }
            boolean changed = false;
            for (int i = 0; i < multipart.getCount(); i++) {
                changed |= expand(multipart.getBodyPart(i), expander, depth + 1);
            }
            if (changed) {
                part.setContent(multipart);
            }
            return changed;
        }
        if (type.match("text/plain") || type.match("text/html")) {
            Object content = part.getContent();
            if (!(content instanceof String text)) {
                return false;
            }
            String expanded = type.match("text/html") ? expander.expandHtml(text) : expander.expandText(text);
            if (expanded == null || expanded.equals(text)) {
                return false;
            }
            type.setParameter("charset", "UTF-8");
            part.setContent(expanded, type.toString());
            return true;
        }
        return false;
    }

    private static String dispositionOf(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException e) {
            return null;
        }
    }

    private static boolean isSignedOrEncrypted(MimeMessage message) throws MessagingException {
        String type = message.getContentType();
        if (type == null) {
            return false;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("multipart/signed") || lower.startsWith("multipart/encrypted")
            || lower.startsWith("application/pkcs7-mime") || lower.startsWith("application/x-pkcs7-mime");
    }

    private PhraseLibrary userLibrary(MailAddress sender) {
        String key = sender.asString().toLowerCase(Locale.ROOT);
        Path file = userDirectory.resolve(key + ".txt").normalize();
        if (!file.getParent().equals(userDirectory) || key.startsWith(".") || key.contains("/") || key.contains("\\")) {
            return PhraseLibrary.EMPTY;
        }
        if (!Files.isRegularFile(file)) {
            userLibraries.remove(key);
            return PhraseLibrary.EMPTY;
        }
        ReloadingFile<PhraseLibrary> reloading = userLibraries.get(key);
        if (reloading == null) {
            try {
                reloading = new ReloadingFile<>(file, PhraseLibrary::load, clock, RELOAD_CHECK);
                userLibraries.put(key, reloading);
            } catch (ConfException e) {
                LOGGER.warn("ExpandSmartPhrases: ignoring a per-user library: {}", e.getMessage());
                return PhraseLibrary.EMPTY;
            }
        }
        return reloading.get();
    }

    @Override
    public String getMailetInfo() {
        return "Expands .phrase tokens in clinicians' outgoing mail";
    }
}
