package org.inbasket.mailets.triage.urgent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.conf.ConfFile;
import org.inbasket.mailets.triage.text.MessageText;
import org.inbasket.mailets.triage.text.PhraseAutomaton;
import org.inbasket.mailets.triage.text.PhraseAutomaton.Hit;
import org.inbasket.mailets.triage.text.Tokenizer;
import org.inbasket.mailets.triage.text.Tokens;

/**
 * A compiled urgent lexicon: urgent terms by category plus NegEx-style negation rules, ready to scan.
 *
 * <p>File format ({@code conf/triage/urgent-lexicon.txt}, documented in docs/conf/urgent-lexicon.txt.md):
 * {@code [options]} with {@code key = value} lines; {@code [category NAME]} sections whose lines each hold one
 * or more {@code |}-separated phrases; {@code [negation-pre]}, {@code [negation-post]},
 * {@code [negation-pseudo]}, {@code [scope-end]} and {@code [recurrence]} sections of phrases.</p>
 *
 * <p>Matching: every phrase is normalised by {@link Tokenizer} (case, accents, spacing, apostrophes,
 * stretched letters) and matched on whole words by one {@link PhraseAutomaton}. A multi-word term also
 * matches written as one word ({@code chestpain}); a word of at least {@code fuzzy-min-length} letters also
 * matches with one letter missing or two neighbouring letters swapped (never in its first two letters). A term occurrence is negated when a
 * pre-negation phrase ends at most {@code negation-window} words before it (with no sentence or line break, no
 * scope-end phrase and no comma right after the trigger, as in "No, ...", in between), or a post-negation
 * phrase starts at most {@code post-negation-window} words after it (with no break, scope-end or comma in
 * between). A negation phrase inside a pseudo-negation
 * ("not sure", "no longer", "won't stop") or inside an urgent term ("no longer want to live") is no trigger.
 * A recurrence phrase later in the same sentence ("went away but came back") undoes a post-negation.
 * One non-negated occurrence makes the message urgent.</p>
 *
 * <p>Immutable and thread-safe.</p>
 */
public final class UrgentLexicon {
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** The keys of the [options] section. */
    public static final List<String> OPTION_KEYS = List.of("negation-window", "post-negation-window",
        "fuzzy-min-length", "ignore-quoted", "max-scan-chars");

    enum Trigger { PRE, POST, PSEUDO, END, RECUR }

    private record Where(int line, String category) {
    }

    private final List<String> categories;
    private final PhraseAutomaton<Integer> terms;
    private final PhraseAutomaton<Trigger> triggers;
    private final int negationWindow;
    private final int postNegationWindow;
    private final boolean ignoreQuoted;
    private final int maxScanChars;
    private final int termCount;

    private UrgentLexicon(List<String> categories, PhraseAutomaton<Integer> terms, PhraseAutomaton<Trigger> triggers,
                          int negationWindow, int postNegationWindow, boolean ignoreQuoted, int maxScanChars,
                          int termCount) {
        this.categories = List.copyOf(categories);
        this.terms = terms;
        this.triggers = triggers;
        this.negationWindow = negationWindow;
        this.postNegationWindow = postNegationWindow;
        this.ignoreQuoted = ignoreQuoted;
        this.maxScanChars = maxScanChars;
        this.termCount = termCount;
    }

    public static UrgentLexicon load(Path path) throws ConfException {
        return compile(ConfFile.read(path, false));
    }

    public static UrgentLexicon parse(String file, String text) throws ConfException {
        return compile(ConfFile.parse(file, text, false));
    }

    /** The category names in file order. */
    public List<String> categories() {
        return categories;
    }

    /** Number of distinct urgent phrases as written (before generated variants). */
    public int termCount() {
        return termCount;
    }

    public boolean ignoreQuoted() {
        return ignoreQuoted;
    }

    /** Scans the Subject and every text part of a message. */
    public UrgentScan scan(MimeMessage message) {
        MessageText.Result text = MessageText.extract(message, maxScanChars, ignoreQuoted);
        Tokens tokens = new Tokens();
        for (String segment : text.segments()) {
            Tokenizer.append(segment, tokens, ignoreQuoted);
        }
        return scan(tokens);
    }

    /** Scans plain text (one segment). */
    public UrgentScan scan(String text) {
        Tokens tokens = new Tokens();
        Tokenizer.append(text, tokens, ignoreQuoted);
        return scan(tokens);
    }

    /** Scans already tokenised text. */
    public UrgentScan scan(Tokens tokens) {
        List<Hit<Integer>> hits = terms.scan(tokens);
        if (hits.isEmpty()) {
            return new UrgentScan(List.of(), 0, 0);
        }
        List<Hit<Trigger>> found = triggers.scan(tokens);
        BitSet inTerm = new BitSet();
        for (Hit<Integer> h : hits) {
            inTerm.set(h.start(), h.end());
        }
        List<Hit<Trigger>> pseudo = new ArrayList<>();
        List<Hit<Trigger>> pre = new ArrayList<>();
        List<Hit<Trigger>> post = new ArrayList<>();
        List<Hit<Trigger>> ends = new ArrayList<>();
        List<Hit<Trigger>> recurrences = new ArrayList<>();
        for (Hit<Trigger> t : found) {
            if (t.payload() == Trigger.PSEUDO) {
                pseudo.add(t);
            } else if (t.payload() == Trigger.END) {
                ends.add(t);
            } else if (t.payload() == Trigger.RECUR) {
                recurrences.add(t);
            }
        }
        for (Hit<Trigger> t : found) {
            if (t.payload() != Trigger.PRE && t.payload() != Trigger.POST) {
                continue;
            }
            boolean suppressed = insidePseudo(t, pseudo)
                || inTerm.get(t.start(), t.end()).cardinality() == t.end() - t.start();
            if (!suppressed) {
                (t.payload() == Trigger.PRE ? pre : post).add(t);
            }
        }
        BitSet urgentCategories = new BitSet();
        int urgent = 0;
        int negated = 0;
        for (Hit<Integer> h : hits) {
            if (negatedBefore(h, pre, ends, tokens) || negatedAfter(h, post, ends, recurrences, tokens)) {
                negated++;
            } else {
                urgent++;
                urgentCategories.set(h.payload());
            }
        }
        List<String> names = new ArrayList<>();
        urgentCategories.stream().forEach(i -> names.add(categories.get(i)));
        return new UrgentScan(names, urgent, negated);
    }

    /** A trigger overlapping a pseudo-negation is none, unless it contains it ("no longer have" vs "no longer"). */
    private static boolean insidePseudo(Hit<Trigger> t, List<Hit<Trigger>> pseudo) {
        for (Hit<Trigger> p : pseudo) {
            boolean overlaps = p.start() < t.end() && t.start() < p.end();
            boolean contains = t.start() <= p.start() && t.end() >= p.end();
            if (overlaps && !contains) {
                return true;
            }
        }
        return false;
    }

    private boolean negatedBefore(Hit<Integer> h, List<Hit<Trigger>> pre, List<Hit<Trigger>> ends, Tokens tokens) {
        for (Hit<Trigger> p : pre) {
            if (p.end() > h.start() || h.start() - p.end() > negationWindow) {
                continue;
            }
            if (p.end() < tokens.size() && tokens.commaBefore(p.end())) {
                continue; // "No, I have chest pain": the trigger is an interjection
            }
            if (breakBetween(tokens, p.end(), h.start()) || endBetween(ends, p.end(), h.start())) {
                continue;
            }
            return true;
        }
        return false;
    }

    private boolean negatedAfter(Hit<Integer> h, List<Hit<Trigger>> post, List<Hit<Trigger>> ends,
                                 List<Hit<Trigger>> recurrences, Tokens tokens) {
        for (Hit<Trigger> p : post) {
            if (p.start() < h.end() || p.start() - h.end() > postNegationWindow) {
                continue;
            }
            if (breakBetween(tokens, h.end(), p.start()) || commaBetween(tokens, h.end(), p.start())
                || endBetween(ends, h.end(), p.start())) {
                continue;
            }
            return !recursLater(p, recurrences, tokens);
        }
        return false;
    }

    /** "went away but came back": a recurrence phrase later in the same sentence undoes a post-negation. */
    private static boolean recursLater(Hit<Trigger> p, List<Hit<Trigger>> recurrences, Tokens tokens) {
        for (Hit<Trigger> r : recurrences) {
            if (r.start() >= p.end() && !breakBetween(tokens, p.end(), r.start())) {
                return true;
            }
        }
        return false;
    }

    /** A break before any word from {@code from} to {@code to}, both inclusive. */
    private static boolean breakBetween(Tokens tokens, int from, int to) {
        for (int t = from; t <= to && t < tokens.size(); t++) {
            if (tokens.breakBefore(t)) {
                return true;
            }
        }
        return false;
    }

    /** A comma before any word from {@code from} to {@code to}, both inclusive. */
    private static boolean commaBetween(Tokens tokens, int from, int to) {
        for (int t = from; t <= to && t < tokens.size(); t++) {
            if (tokens.commaBefore(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endBetween(List<Hit<Trigger>> ends, int from, int to) {
        for (Hit<Trigger> e : ends) {
            if (e.start() >= from && e.end() <= to) {
                return true;
            }
        }
        return false;
    }

    private static UrgentLexicon compile(List<ConfFile.Section> sections) throws ConfException {
        int negationWindow = 6;
        int postNegationWindow = 3;
        int fuzzyMinLength = 7;
        boolean ignoreQuoted = true;
        int maxScanChars = 1_000_000;
        boolean optionsSeen = false;
        List<String> categories = new ArrayList<>();
        PhraseAutomaton.Builder<Integer> terms = PhraseAutomaton.builder();
        PhraseAutomaton.Builder<Trigger> triggers = PhraseAutomaton.builder();
        Map<String, Where> seenTerms = new HashMap<>();
        Map<String, Integer> seenTriggers = new HashMap<>();
        Map<String, Integer> categoryLines = new LinkedHashMap<>();
        List<List<String>> fuzzyWords = new ArrayList<>();
        int termCount = 0;
        String file = sections.isEmpty() ? "lexicon" : sections.get(0).file();

        for (ConfFile.Section section : sections) {
            switch (section.type()) {
                case "options" -> {
                    if (optionsSeen) {
                        throw section.error("duplicate [options] section");
                    }
                    optionsSeen = true;
                    Map<String, ConfFile.Line> kv = section.keyValues(OPTION_KEYS);
                    if (kv.containsKey("negation-window")) {
                        negationWindow = ConfFile.parseInt(file, kv.get("negation-window"), 0, 20);
                    }
                    if (kv.containsKey("post-negation-window")) {
                        postNegationWindow = ConfFile.parseInt(file, kv.get("post-negation-window"), 0, 20);
                    }
                    if (kv.containsKey("fuzzy-min-length")) {
                        fuzzyMinLength = ConfFile.parseInt(file, kv.get("fuzzy-min-length"), 0, 50);
                    }
                    if (kv.containsKey("ignore-quoted")) {
                        ignoreQuoted = ConfFile.parseBoolean(file, kv.get("ignore-quoted"));
                    }
                    if (kv.containsKey("max-scan-chars")) {
                        maxScanChars = ConfFile.parseInt(file, kv.get("max-scan-chars"), 1_000, 50_000_000);
                    }
                }
                case "category" -> {
                    String name = section.requireArgument("a name");
                    if (!CATEGORY.matcher(name).matches()) {
                        throw section.error("category name '" + name + "' must be lower-case letters, digits and '-'");
                    }
                    if (categoryLines.containsKey(name)) {
                        throw section.error("duplicate category '" + name + "' (first at line " + categoryLines.get(name) + ")");
                    }
                    categoryLines.put(name, section.line());
                    int index = categories.size();
                    categories.add(name);
                    for (ConfFile.Line line : section.lines()) {
                        for (String phrase : ConfFile.splitList(file, line)) {
                            List<String> words = wordsOf(file, line, phrase);
                            if (words.size() == 1 && words.get(0).length() < 3) {
                                throw ConfException.at(file, line.number(), "term '" + phrase + "' is too short once"
                                    + " normalised ('" + words.get(0) + "'); it would match ordinary words");
                            }
                            String key = String.join(" ", words);
                            Where first = seenTerms.putIfAbsent(key, new Where(line.number(), name));
                            if (first != null) {
                                throw ConfException.at(file, line.number(), "duplicate term '" + phrase
                                    + "' (first at line " + first.line() + " in [category " + first.category() + "])");
                            }
                            terms.add(words, index);
                            termCount++;
                            fuzzyWords.add(words);
                            if (words.size() > 1) {
                                String joined = String.join("", words);
                                if (!seenTerms.containsKey(joined)) {
                                    terms.add(List.of(joined), index);
                                }
                            }
                        }
                    }
                    if (section.lines().isEmpty()) {
                        throw section.error("[category " + name + "] has no terms");
                    }
                }
                case "negation-pre" -> addTriggers(file, section, Trigger.PRE, triggers, seenTriggers);
                case "negation-post" -> addTriggers(file, section, Trigger.POST, triggers, seenTriggers);
                case "negation-pseudo" -> addTriggers(file, section, Trigger.PSEUDO, triggers, seenTriggers);
                case "scope-end" -> addTriggers(file, section, Trigger.END, triggers, seenTriggers);
                case "recurrence" -> addTriggers(file, section, Trigger.RECUR, triggers, seenTriggers);
                default -> throw section.error("unknown section [" + section.type() + "]; expected [options], "
                    + "[category NAME], [negation-pre], [negation-post], [negation-pseudo], [scope-end] or [recurrence]");
            }
        }
        if (categories.isEmpty()) {
            throw new ConfException(file + ": no [category NAME] section; an empty lexicon would never flag anything");
        }
        if (fuzzyMinLength > 0) {
            for (List<String> words : fuzzyWords) {
                for (String w : words) {
                    if (w.length() >= fuzzyMinLength && !isNumber(w)) {
                        for (String variant : oneEditVariants(w)) {
                            if (variant.length() >= 6 && !terms.knows(variant)) {
                                terms.alias(variant, w);
                            }
                        }
                    }
                }
            }
        }
        return new UrgentLexicon(categories, terms.build(), triggers.build(), negationWindow, postNegationWindow,
            ignoreQuoted, maxScanChars, termCount);
    }

    private static void addTriggers(String file, ConfFile.Section section, Trigger kind,
                                    PhraseAutomaton.Builder<Trigger> triggers, Map<String, Integer> seen)
        throws ConfException {
        if (section.argument().isPresent()) {
            throw section.error("[" + section.type() + "] takes no argument");
        }
        for (ConfFile.Line line : section.lines()) {
            for (String phrase : ConfFile.splitList(file, line)) {
                List<String> words = wordsOf(file, line, phrase);
                String key = kind + ":" + String.join(" ", words);
                Integer first = seen.putIfAbsent(key, line.number());
                if (first != null) {
                    throw ConfException.at(file, line.number(), "duplicate phrase '" + phrase + "' (first at line " + first + ")");
                }
                triggers.add(words, kind);
            }
        }
    }

    private static List<String> wordsOf(String file, ConfFile.Line line, String phrase) throws ConfException {
        List<String> words = Tokenizer.words(phrase);
        if (words.isEmpty()) {
            throw ConfException.at(file, line.number(), "phrase '" + phrase + "' has no letters or digits");
        }
        return words;
    }

    private static boolean isNumber(String w) {
        return w.chars().allMatch(Character::isDigit);
    }

    /**
     * One deleted letter or two swapped neighbours, normalised like text (letter runs collapsed). The first
     * two letters are never edited: typos there are rare, and editing them turns words into other common
     * words ("choking" into "coking", which is how "cooking" normalises).
     */
    static List<String> oneEditVariants(String word) {
        List<String> variants = new ArrayList<>();
        for (int i = 2; i < word.length(); i++) {
            variants.add(collapse(word.substring(0, i) + word.substring(i + 1)));
        }
        for (int i = 2; i + 1 < word.length(); i++) {
            char[] c = word.toCharArray();
            char tmp = c[i];
            c[i] = c[i + 1];
            c[i + 1] = tmp;
            variants.add(collapse(new String(c)));
        }
        return variants;
    }

    private static String collapse(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (sb.length() == 0 || c != sb.charAt(sb.length() - 1) || Character.isDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
