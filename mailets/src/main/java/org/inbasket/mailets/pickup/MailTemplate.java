package org.inbasket.mailets.pickup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.apache.commons.text.StringEscapeUtils;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;

/**
 * A branded mail template from {@code conf/portal/}: plain text with {@code ${name}} placeholders, rendered by
 * Commons Text's {@link StringSubstitutor}.
 *
 * <p>A text template starts with a {@code Subject: ...} line and a blank line; an HTML template is the body
 * only, and every value put into it is HTML-escaped. Placeholders are checked when the template is loaded: a
 * placeholder outside the allowed set is an error naming the file and the placeholder, so a typo fails at
 * start-up instead of mailing "${clinicNmae}" to patients.</p>
 *
 * <p>SECURITY: templates are written by the clinic's IT and trusted; values are not (a clinic name could hold
 * markup), hence escaping. No value may carry health information: callers pass only names, links and dates.</p>
 */
public final class MailTemplate {
    private final Path file;
    private final String subject;
    private final String body;
    private final boolean html;
    private final Set<String> allowed;

    private MailTemplate(Path file, String subject, String body, boolean html, Set<String> allowed) {
        this.file = file;
        this.subject = subject;
        this.body = body;
        this.html = html;
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * Loads a text template ({@code Subject:} line, blank line, body).
     *
     * @throws IllegalArgumentException if the file is unreadable, lacks the subject line, or uses a
     *                                  placeholder outside {@code allowed}; the message names the file
     */
    public static MailTemplate text(Path file, Set<String> allowed) {
        String raw = read(file).replace("\r\n", "\n");
        if (!raw.startsWith("Subject:")) {
            throw new IllegalArgumentException(file + ": the first line must be 'Subject: ...'");
        }
        int end = raw.indexOf('\n');
        if (end < 0 || !raw.startsWith("\n", end + 1)) {
            throw new IllegalArgumentException(file + ": the Subject line must be followed by a blank line");
        }
        String subject = raw.substring("Subject:".length(), end).strip();
        String body = raw.substring(end + 2);
        MailTemplate template = new MailTemplate(file, subject, body, false, allowed);
        template.check();
        return template;
    }

    /** Loads an HTML body template; values are HTML-escaped when rendered. Same checks as {@link #text}. */
    public static MailTemplate html(Path file, Set<String> allowed) {
        MailTemplate template = new MailTemplate(file, "", read(file), true, allowed);
        template.check();
        return template;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read template (" + e.getMessage() + ")", e);
        }
    }

    private void check() {
        StringLookup strict = name -> {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(file + ": unknown placeholder ${" + name + "}; allowed: "
                    + new java.util.TreeSet<>(allowed));
            }
            return "";
        };
        substitutor(strict).replace(subject);
        substitutor(strict).replace(body);
    }

    private static StringSubstitutor substitutor(StringLookup lookup) {
        StringSubstitutor substitutor = new StringSubstitutor(lookup);
        substitutor.setEnableUndefinedVariableException(true);
        substitutor.setDisableSubstitutionInValues(true);
        return substitutor;
    }

    /** The rendered subject; line breaks in values are removed. */
    public String subject(Map<String, String> values) {
        return render(subject, values, v -> v.replaceAll("[\\r\\n]+", " "));
    }

    /** The rendered body; in an HTML template every value is escaped. */
    public String body(Map<String, String> values) {
        return render(body, values, html ? StringEscapeUtils::escapeHtml4 : UnaryOperator.identity());
    }

    private String render(String template, Map<String, String> values, UnaryOperator<String> escape) {
        StringLookup lookup = name -> {
            String value = values.get(name);
            if (value == null || !allowed.contains(name)) {
                throw new IllegalArgumentException(file + ": no value for placeholder ${" + name + "}");
            }
            return escape.apply(value);
        };
        return substitutor(lookup).replace(template);
    }
}
