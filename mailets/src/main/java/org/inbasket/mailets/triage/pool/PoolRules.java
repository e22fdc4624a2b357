package org.inbasket.mailets.triage.pool;

import java.io.UnsupportedEncodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.conf.ConfFile;
import org.inbasket.mailets.triage.text.MessageText;
import org.inbasket.mailets.triage.text.PhraseAutomaton;
import org.inbasket.mailets.triage.text.Tokenizer;
import org.inbasket.mailets.triage.text.Tokens;

/**
 * Pool routing rules from {@code conf/triage/pools.conf} (docs/conf/pools.conf.md): message categories,
 * how each is recognised, which pool handles it per clinician, per clinic domain or by default, and the
 * pools' configured members.
 *
 * <pre>
 * [category prescription-refill]
 * kind = administrative            # or clinical: clinical mail always stays with the clinician
 * subject-tags = refill | rx       # "[Refill] ..." in the Subject
 * header-values = refill           # X-Inbasket-Category set by the pickup portal
 * keywords = refill | renew my prescription
 *
 * [route prescription-refill]
 * dr.house@clinic.example = house-team@clinic.example   # one clinician
 * clinic.example = rn-pool@clinic.example               # a clinic (domain)
 * * = rn-pool@clinic.example                            # everyone else
 *
 * [pool rn-pool@clinic.example]
 * members = nurse.joy@clinic.example | ma.lee@clinic.example
 * </pre>
 *
 * <p>Immutable and thread-safe. Keywords are matched like the urgent lexicon (whole words, case, accents
 * and spacing ignored) by one {@link PhraseAutomaton}.</p>
 */
public final class PoolRules {
    /** Whether a category may leave the clinician. */
    public enum Kind { ADMINISTRATIVE, CLINICAL }

    /** One category and how it is recognised. */
    public record Category(String name, Kind kind, Set<String> subjectTags, Set<String> headerValues) {
    }

    /** How a message was classified: its categories in file order, and what recognised them. */
    public record Classification(List<String> categories, Optional<String> explicit, String by) {
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern TAG = Pattern.compile("\\[([^\\[\\]]{1,60})]");
    /** The keys of a [category] section. */
    public static final List<String> CATEGORY_KEYS = List.of("kind", "subject-tags", "header-values", "keywords");

    private final Map<String, Category> categories;
    private final Map<String, String> tagIndex;
    private final Map<String, String> headerIndex;
    private final PhraseAutomaton<String> keywords;
    private final Map<String, Map<String, MailAddress>> routes;
    private final Map<MailAddress, List<MailAddress>> pools;

    private PoolRules(Map<String, Category> categories, Map<String, String> tagIndex, Map<String, String> headerIndex,
                      PhraseAutomaton<String> keywords, Map<String, Map<String, MailAddress>> routes,
                      Map<MailAddress, List<MailAddress>> pools) {
        this.categories = categories;
        this.tagIndex = tagIndex;
        this.headerIndex = headerIndex;
        this.keywords = keywords;
        this.routes = routes;
        this.pools = pools;
    }

    public static PoolRules load(Path path) throws ConfException {
        return compile(ConfFile.read(path, false));
    }

    public static PoolRules parse(String file, String text) throws ConfException {
        return compile(ConfFile.parse(file, text, false));
    }

    public Optional<Category> category(String name) {
        return Optional.ofNullable(categories.get(name));
    }

    public Set<String> categoryNames() {
        return categories.keySet();
    }

    /** The configured pools and their members, in file order. */
    public Map<MailAddress, List<MailAddress>> configuredPools() {
        return pools;
    }

    /** Creates the configured pools and adds the configured members (additive; nothing is removed). */
    public void seedInto(PoolDirectory directory) {
        pools.forEach((pool, members) -> {
            directory.createPool(pool);
            members.forEach(m -> directory.addMember(pool, m));
        });
    }

    /** Every route target (pool address), for start-up checks. */
    public Set<MailAddress> routeTargets() {
        Set<MailAddress> targets = new LinkedHashSet<>();
        routes.values().forEach(r -> targets.addAll(r.values()));
        return targets;
    }

    /**
     * The pool for {@code category} mail to {@code recipient}: the clinician's own route, else the route of the
     * recipient's domain, else the default route ({@code *}).
     */
    public Optional<MailAddress> route(String category, MailAddress recipient) {
        Map<String, MailAddress> byScope = routes.get(category);
        if (byScope == null) {
            return Optional.empty();
        }
        MailAddress target = byScope.get(recipient.asString().toLowerCase(Locale.ROOT));
        if (target == null) {
            target = byScope.get(recipient.getDomain().asString().toLowerCase(Locale.ROOT));
        }
        if (target == null) {
            target = byScope.get("*");
        }
        return Optional.ofNullable(target);
    }

    /**
     * Classifies a message: by the portal's category header when given and known, by {@code [tag]}s in the
     * Subject, and by keywords in the Subject and text (quoted replies skipped).
     */
    public Classification classify(MimeMessage message, Optional<String> headerValue) {
        Set<String> found = new LinkedHashSet<>();
        Optional<String> explicit = Optional.empty();
        String by = "none";
        if (headerValue.isPresent()) {
            String c = headerIndex.get(headerValue.get().trim().toLowerCase(Locale.ROOT));
            if (c != null) {
                explicit = Optional.of(c);
                by = "portal-header";
            }
        }
        if (explicit.isEmpty()) {
            Matcher m = TAG.matcher(subject(message));
            while (m.find()) {
                String c = tagIndex.get(String.join(" ", Tokenizer.words(m.group(1))));
                if (c != null) {
                    explicit = Optional.of(c);
                    by = "subject-tag";
                    break;
                }
            }
        }
        explicit.ifPresent(found::add);
        Tokens tokens = new Tokens();
        for (String segment : MessageText.extract(message, 200_000, true).segments()) {
            Tokenizer.append(segment, tokens, true);
        }
        boolean keywordHit = false;
        for (PhraseAutomaton.Hit<String> hit : keywords.scan(tokens)) {
            keywordHit |= found.add(hit.payload());
        }
        if (explicit.isEmpty() && keywordHit) {
            by = "keyword";
        }
        List<String> ordered = new ArrayList<>();
        for (String name : categories.keySet()) {
            if (found.contains(name)) {
                ordered.add(name);
            }
        }
        return new Classification(ordered, explicit, by);
    }

    private static String subject(MimeMessage message) {
        try {
            String raw = message.getHeader("Subject", null);
            return raw == null ? "" : MimeUtility.decodeText(MimeUtility.unfold(raw));
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            return "";
        }
    }

    private static PoolRules compile(List<ConfFile.Section> sections) throws ConfException {
        Map<String, Category> categories = new LinkedHashMap<>();
        Map<String, String> tagIndex = new HashMap<>();
        Map<String, String> headerIndex = new HashMap<>();
        Map<String, String> keywordIndex = new HashMap<>();
        PhraseAutomaton.Builder<String> keywords = PhraseAutomaton.builder();
        Map<String, Map<String, MailAddress>> routes = new LinkedHashMap<>();
        Map<String, ConfFile.Section> routeSections = new LinkedHashMap<>();
        Map<MailAddress, List<MailAddress>> pools = new LinkedHashMap<>();
        Map<String, Integer> poolLines = new HashMap<>();
        String file = sections.isEmpty() ? "pools.conf" : sections.get(0).file();

        for (ConfFile.Section s : sections) {
            switch (s.type()) {
                case "category" -> {
                    String name = s.requireArgument("a name");
                    if (!NAME.matcher(name).matches()) {
                        throw s.error("category name '" + name + "' must be lower-case letters, digits and '-'");
                    }
                    if (categories.containsKey(name)) {
                        throw s.error("duplicate [category " + name + "]");
                    }
                    Map<String, ConfFile.Line> kv = s.keyValues(CATEGORY_KEYS);
                    ConfFile.Line kindLine = kv.get("kind");
                    if (kindLine == null) {
                        throw s.error("[category " + name + "] needs 'kind = administrative' or 'kind = clinical'");
                    }
                    Kind kind = switch (kindLine.text().toLowerCase(Locale.ROOT)) {
                        case "administrative" -> Kind.ADMINISTRATIVE;
                        case "clinical" -> Kind.CLINICAL;
                        default -> throw ConfException.at(file, kindLine.number(),
                            "kind must be administrative or clinical, got '" + kindLine.text() + "'");
                    };
                    Set<String> tags = new LinkedHashSet<>();
                    if (kv.containsKey("subject-tags")) {
                        for (String tag : ConfFile.splitList(file, kv.get("subject-tags"))) {
                            String key = String.join(" ", Tokenizer.words(tag));
                            claim(file, kv.get("subject-tags"), tagIndex, key, name, "subject tag '" + tag + "'");
                            tags.add(key);
                        }
                    }
                    Set<String> headers = new LinkedHashSet<>();
                    if (kv.containsKey("header-values")) {
                        for (String value : ConfFile.splitList(file, kv.get("header-values"))) {
                            String key = value.toLowerCase(Locale.ROOT);
                            claim(file, kv.get("header-values"), headerIndex, key, name, "header value '" + value + "'");
                            headers.add(key);
                        }
                    }
                    if (kv.containsKey("keywords")) {
                        for (String phrase : ConfFile.splitList(file, kv.get("keywords"))) {
                            List<String> words = Tokenizer.words(phrase);
                            if (words.isEmpty()) {
                                throw ConfException.at(file, kv.get("keywords").number(), "keyword '" + phrase + "' has no letters");
                            }
                            claim(file, kv.get("keywords"), keywordIndex, String.join(" ", words), name,
                                "keyword '" + phrase + "'");
                            keywords.add(words, name);
                        }
                    }
                    categories.put(name, new Category(name, kind, Set.copyOf(tags), Set.copyOf(headers)));
                }
                case "route" -> {
                    String name = s.requireArgument("a category");
                    if (routeSections.containsKey(name)) {
                        throw s.error("duplicate [route " + name + "]");
                    }
                    routeSections.put(name, s);
                }
                case "pool" -> {
                    MailAddress pool = address(file, s.line(), s.requireArgument("an address"));
                    if (poolLines.containsKey(PoolDirectory.key(pool))) {
                        throw s.error("duplicate [pool " + pool.asString() + "] (first at line "
                            + poolLines.get(PoolDirectory.key(pool)) + ")");
                    }
                    poolLines.put(PoolDirectory.key(pool), s.line());
                    Map<String, ConfFile.Line> kv = s.keyValues(List.of("members"));
                    List<MailAddress> members = new ArrayList<>();
                    if (kv.containsKey("members")) {
                        for (String m : ConfFile.splitList(file, kv.get("members"))) {
                            members.add(address(file, kv.get("members").number(), m));
                        }
                    }
                    pools.put(pool, List.copyOf(members));
                }
                default -> throw s.error("unknown section [" + s.type() + "]; expected [category NAME], [route CATEGORY] or [pool ADDRESS]");
            }
        }
        for (Map.Entry<String, ConfFile.Section> e : routeSections.entrySet()) {
            ConfFile.Section s = e.getValue();
            Category category = categories.get(e.getKey());
            if (category == null) {
                throw s.error("[route " + e.getKey() + "] names an unknown category");
            }
            if (category.kind() == Kind.CLINICAL) {
                throw s.error("[route " + e.getKey() + "]: clinical mail always reaches the clinician and has no route");
            }
            Map<String, MailAddress> byScope = new LinkedHashMap<>();
            for (ConfFile.Line line : s.lines()) {
                int eq = line.text().indexOf('=');
                if (eq <= 0) {
                    throw ConfException.at(file, line.number(), "expected 'clinician-or-domain-or-* = pool-address'");
                }
                String scope = line.text().substring(0, eq).trim().toLowerCase(Locale.ROOT);
                validScope(file, line, scope);
                MailAddress target = address(file, line.number(), line.text().substring(eq + 1).trim());
                if (byScope.putIfAbsent(scope, target) != null) {
                    throw ConfException.at(file, line.number(), "duplicate route for '" + scope + "'");
                }
            }
            routes.put(e.getKey(), Map.copyOf(byScope));
        }
        if (categories.isEmpty()) {
            throw new ConfException(file + ": no [category NAME] section");
        }
        return new PoolRules(Collections.unmodifiableMap(categories), Map.copyOf(tagIndex), Map.copyOf(headerIndex),
            keywords.build(), Map.copyOf(routes), Collections.unmodifiableMap(pools));
    }

    private static void claim(String file, ConfFile.Line line, Map<String, String> index, String key, String category,
                              String what) throws ConfException {
        String previous = index.putIfAbsent(key, category);
        if (previous != null) {
            throw ConfException.at(file, line.number(), what + " is already used by category '" + previous + "'");
        }
    }

    private static void validScope(String file, ConfFile.Line line, String scope) throws ConfException {
        if (scope.equals("*")) {
            return;
        }
        if (scope.contains("@")) {
            address(file, line.number(), scope);
            return;
        }
        if (!scope.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw ConfException.at(file, line.number(), "'" + scope + "' is neither a clinician address, a domain nor *");
        }
    }

    private static MailAddress address(String file, int line, String text) throws ConfException {
        try {
            return new MailAddress(text.trim());
        } catch (AddressException e) {
            throw ConfException.at(file, line, "not a valid address: '" + text + "'");
        }
    }
}
