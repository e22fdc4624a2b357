package org.inbasket.mailets.triage.smartphrase;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.conf.ConfFile;

/**
 * A SmartPhrase library: {@code [name]} sections whose bodies are the text a {@code .name} token expands to
 * (docs/conf/smartphrases.txt.md). Names are case-insensitive letters, digits, '-' and '_', starting with a
 * letter. Bodies are kept verbatim (inner blank lines too); a body line starting with '[' or '#' is written
 * {@code \[} or {@code \#}. Immutable.
 */
public final class PhraseLibrary {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    public static final PhraseLibrary EMPTY = new PhraseLibrary(Map.of());

    private final Map<String, String> phrases;

    private PhraseLibrary(Map<String, String> phrases) {
        this.phrases = phrases;
    }

    public static PhraseLibrary load(Path path) throws ConfException {
        return compile(ConfFile.read(path, true));
    }

    public static PhraseLibrary parse(String file, String text) throws ConfException {
        return compile(ConfFile.parse(file, text, true));
    }

    public Optional<String> phrase(String name) {
        return Optional.ofNullable(phrases.get(name.toLowerCase(Locale.ROOT)));
    }

    public int size() {
        return phrases.size();
    }

    private static PhraseLibrary compile(List<ConfFile.Section> sections) throws ConfException {
        Map<String, String> phrases = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (ConfFile.Section s : sections) {
            if (s.argument().isPresent()) {
                throw s.error("a phrase header is [name] alone, got an argument");
            }
            String name = s.type();
            if (!NAME.matcher(name).matches()) {
                throw s.error("phrase name '" + name + "' must start with a letter and use letters, digits, '-' or '_'");
            }
            if (lines.containsKey(name)) {
                throw s.error("duplicate phrase [" + name + "] (first at line " + lines.get(name) + ")");
            }
            if (s.lines().isEmpty()) {
                throw s.error("phrase [" + name + "] is empty");
            }
            lines.put(name, s.line());
            phrases.put(name, s.lines().stream().map(ConfFile.Line::text).collect(Collectors.joining("\n")));
        }
        return new PhraseLibrary(Map.copyOf(phrases));
    }
}
