package org.inbasket.mailets.triage.conf;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small sectioned text format every triage file uses (lexicon, pools, coverage, SmartPhrases).
 *
 * <pre>
 * # a comment (a line whose first non-blank character is '#')
 * [section-type optional-argument]
 * a line of content
 * key = value
 * </pre>
 *
 * <p>Blank lines and comments outside {@linkplain #parse(String, String, boolean) verbatim} sections are
 * ignored. A section header is a line starting with '[' and ending with ']'. Lines before the first header
 * are an error. The file must be UTF-8; a malformed byte sequence is an error, not a guess.</p>
 *
 * <p>BUGS: a verbatim body line cannot start with '[' or '#' unless written {@code \[} or {@code \#}.</p>
 */
public final class ConfFile {
    private static final Pattern HEADER = Pattern.compile("\\[\\s*([A-Za-z0-9_.-]+)(?:\\s+(\\S(?:.*\\S)?))?\\s*]");

    /** One line of content with its 1-based line number in the file. */
    public record Line(int number, String text) {
    }

    /** One {@code [type argument]} section and its lines. */
    public static final class Section {
        private final String file;
        private final String type;
        private final String argument;
        private final int line;
        private final List<Line> lines = new ArrayList<>();

        Section(String file, String type, String argument, int line) {
            this.file = file;
            this.type = type;
            this.argument = argument;
            this.line = line;
        }

        public String type() {
            return type;
        }

        /** The text after the type in the header, or empty. */
        public Optional<String> argument() {
            return Optional.ofNullable(argument);
        }

        public int line() {
            return line;
        }

        public String file() {
            return file;
        }

        public List<Line> lines() {
            return lines;
        }

        /** An error at this section's header line. */
        public ConfException error(String message) {
            return ConfException.at(file, line, message);
        }

        /** The argument, or an error naming the header line when it is missing. */
        public String requireArgument(String what) throws ConfException {
            if (argument == null) {
                throw error("[" + type + "] needs " + what + ", as in [" + type + " " + what + "]");
            }
            return argument;
        }

        /**
         * Reads the section as {@code key = value} lines. Keys are lower-cased; a key outside {@code allowed},
         * a line without '=', or a key given twice is an error naming the line.
         */
        public Map<String, Line> keyValues(List<String> allowed) throws ConfException {
            Map<String, Line> result = new LinkedHashMap<>();
            Map<String, Integer> firstSeen = new LinkedHashMap<>();
            for (Line l : lines) {
                int eq = l.text().indexOf('=');
                if (eq <= 0) {
                    throw ConfException.at(file, l.number(), "expected 'key = value' in [" + type + "]");
                }
                String key = l.text().substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = l.text().substring(eq + 1).trim();
                if (!allowed.contains(key)) {
                    throw ConfException.at(file, l.number(), "unknown key '" + key + "' in [" + type + "]; allowed: "
                        + String.join(", ", allowed));
                }
                if (firstSeen.containsKey(key)) {
                    throw ConfException.at(file, l.number(), "duplicate key '" + key + "' (first at line "
                        + firstSeen.get(key) + ")");
                }
                firstSeen.put(key, l.number());
                result.put(key, new Line(l.number(), value));
            }
            return result;
        }
    }

    private ConfFile() {
    }

    /** Reads and parses a UTF-8 file. */
    public static List<Section> read(Path path, boolean verbatimBodies) throws ConfException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(path);
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
        } catch (CharacterCodingException e) {
            throw new ConfException(path + ": not valid UTF-8");
        } catch (IOException e) {
            throw new ConfException(path + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        return parse(path.toString(), text, verbatimBodies);
    }

    /**
     * Parses text. With {@code verbatimBodies} the lines of a section are kept as written (blank lines kept,
     * trailing blank lines dropped, {@code \[} and {@code \#} unescaped); otherwise lines are trimmed and
     * blank lines dropped. Comment lines are dropped in both modes.
     */
    public static List<Section> parse(String file, String text, boolean verbatimBodies) throws ConfException {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String raw = lines[i];
            if (number == 1 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            String trimmed = raw.trim();
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                Matcher m = HEADER.matcher(trimmed);
                if (!m.matches()) {
                    throw ConfException.at(file, number, "malformed section header; expected [type] or [type argument]");
                }
                current = new Section(file, m.group(1).toLowerCase(Locale.ROOT), m.group(2), number);
                sections.add(current);
                continue;
            }
            if (trimmed.isEmpty() && !verbatimBodies) {
                continue;
            }
            if (current == null) {
                if (trimmed.isEmpty()) {
                    continue;
                }
                throw ConfException.at(file, number, "content before the first [section] header");
            }
            if (verbatimBodies) {
                String body = stripTrailing(raw);
                if (body.startsWith("\\[") || body.startsWith("\\#")) {
                    body = body.substring(1);
                }
                current.lines.add(new Line(number, body));
            } else {
                current.lines.add(new Line(number, trimmed));
            }
        }
        if (verbatimBodies) {
            for (Section s : sections) {
                while (!s.lines.isEmpty() && s.lines.get(s.lines.size() - 1).text().isBlank()) {
                    s.lines.remove(s.lines.size() - 1);
                }
                while (!s.lines.isEmpty() && s.lines.get(0).text().isBlank()) {
                    s.lines.remove(0);
                }
            }
        }
        return sections;
    }

    /** Splits a {@code a | b | c} list, trimming each item; an empty item is an error naming the line. */
    public static List<String> splitList(String file, Line line) throws ConfException {
        List<String> items = new ArrayList<>();
        for (String item : line.text().split("\\|", -1)) {
            String t = item.trim();
            if (t.isEmpty()) {
                throw ConfException.at(file, line.number(), "empty item in '|' list");
            }
            items.add(t);
        }
        return items;
    }

    /** A strict boolean: exactly "true" or "false" (any case). */
    public static boolean parseBoolean(String file, Line line) throws ConfException {
        String v = line.text().trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw ConfException.at(file, line.number(), "expected true or false, got '" + line.text() + "'");
    }

    /** A strict integer within [min, max]. */
    public static int parseInt(String file, Line line, int min, int max) throws ConfException {
        try {
            int v = Integer.parseInt(line.text().trim());
            if (v < min || v > max) {
                throw ConfException.at(file, line.number(), "expected a number from " + min + " to " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ConfException.at(file, line.number(), "expected a whole number, got '" + line.text() + "'");
        }
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
