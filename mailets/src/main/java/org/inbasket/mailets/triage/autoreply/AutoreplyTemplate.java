package org.inbasket.mailets.triage.autoreply;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inbasket.mailets.triage.conf.ConfException;

/**
 * An automatic-reply template: {@code Subject:} header lines, a blank line, then the plain-text body. Lines
 * starting with '#' before the Subject are comments. {@code {name}} placeholders are replaced by
 * {@link #render(Map)}; an unknown placeholder stays as written.
 *
 * <pre>
 * # comment
 * Subject: We received your message
 *
 * Body text for {clinic.name}.
 * </pre>
 *
 * <p>SECURITY: the template is the whole reply. The gateway adds nothing from the patient's message (not its
 * subject, not its text), so the reply carries no health information over ordinary email.</p>
 */
public final class AutoreplyTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)}");
    private static final List<String> HEADERS = List.of("subject");

    private final String subject;
    private final String body;

    private AutoreplyTemplate(String subject, String body) {
        this.subject = subject;
        this.body = body;
    }

    public static AutoreplyTemplate load(Path path) throws ConfException {
        String text;
        try {
            text = java.nio.file.Files.readString(path, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfException(path + ": not valid UTF-8");
        } catch (java.io.IOException e) {
            throw new ConfException(path + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        return parse(path.toString(), text);
    }

    public static AutoreplyTemplate parse(String file, String text) throws ConfException {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        String subject = null;
        int i = 0;
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#") && subject == null) {
                continue;
            }
            if (line.isBlank()) {
                if (subject == null) {
                    continue;
                }
                i++;
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw ConfException.at(file, i + 1, "expected 'Subject: ...' before a blank line and the body");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!HEADERS.contains(name)) {
                throw ConfException.at(file, i + 1, "unknown header '" + line.substring(0, colon).trim()
                    + "'; only Subject is allowed");
            }
            if (subject != null) {
                throw ConfException.at(file, i + 1, "duplicate Subject");
            }
            subject = line.substring(colon + 1).trim();
            if (subject.isEmpty()) {
                throw ConfException.at(file, i + 1, "empty Subject");
            }
        }
        if (subject == null) {
            throw new ConfException(file + ": no 'Subject:' line");
        }
        StringBuilder body = new StringBuilder();
        for (; i < lines.length; i++) {
            body.append(lines[i]).append('\n');
        }
        String b = body.toString().strip();
        if (b.isEmpty()) {
            throw new ConfException(file + ": empty body after the Subject line");
        }
        return new AutoreplyTemplate(subject, b + "\n");
    }

    public String subject(Map<String, String> variables) {
        return fill(subject, variables).replaceAll("[\r\n]+", " ");
    }

    /** The body with known placeholders filled. */
    public String render(Map<String, String> variables) {
        return fill(body, variables);
    }

    /** Replaces each known {@code {name}} placeholder; unknown placeholders stay as written. */
    public static String fill(String text, Map<String, String> variables) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        while (m.find()) {
            String value = variables.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
