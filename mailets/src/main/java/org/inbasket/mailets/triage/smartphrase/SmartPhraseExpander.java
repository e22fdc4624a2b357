package org.inbasket.mailets.triage.smartphrase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inbasket.mailets.triage.autoreply.AutoreplyTemplate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Expands {@code .name} tokens in plain text and HTML. A token is a '.' at the start of a line or after
 * white space or an opening bracket or quote, followed by a phrase name, and not followed by more name or
 * domain characters; tokens inside URLs and e-mail addresses, inside quoted reply lines ({@code >}) and, in
 * HTML, inside links, blockquotes, scripts, styles and {@code <pre>}/{@code <code>} are left alone. Unknown
 * tokens stay as written. In HTML the expansion is inserted as text (so it is HTML-escaped) with line
 * breaks as {@code <br>}. Placeholders {@code {date}}, {@code {sender.name}}, ... in phrases are filled.
 */
public final class SmartPhraseExpander {
    static final Pattern TOKEN = Pattern.compile(
        "(?<![^\\s(\\[{\"'\u201C\u2018])\\.([A-Za-z][A-Za-z0-9_-]{0,63})(?![A-Za-z0-9_@-])(?!\\.[A-Za-z0-9])");
    /**
     * URLs and e-mail addresses, where a dot is not a token. Linear in the text: an address starts only where a run of
     * address characters starts, and the runs are possessive (a 20 kB word without "@" took 3 s when every position
     * of the run was a start; issue 8).
     */
    private static final Pattern PROTECTED = Pattern.compile(
        "(?i)\\b(?:https?|ftp|mailto|file):\\S+|\\bwww\\.\\S+|(?<![\\w.+%-])[\\w.+%-]++@[\\w-]++(?:\\.[\\w-]++)+");

    private final Function<String, String> lookup;
    private final Map<String, String> variables;

    /**
     * @param lookup    phrase name to text, or null when unknown
     * @param variables placeholder values
     */
    public SmartPhraseExpander(Function<String, String> lookup, Map<String, String> variables) {
        this.lookup = lookup;
        this.variables = variables;
    }

    /** Plain text with tokens expanded; the same instance when nothing changed. */
    public String expandText(String text) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        StringBuilder out = null;
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            int end = lineEnd < 0 ? text.length() : lineEnd + 1;
            String line = text.substring(lineStart, end);
            String expanded = line.stripLeading().startsWith(">") ? line : expandLine(line, newline);
            if (expanded != line && out == null) {
                out = new StringBuilder(text.length() + 256).append(text, 0, lineStart);
            }
            if (out != null) {
                out.append(expanded);
            }
            if (lineEnd < 0) {
                break;
            }
            lineStart = end;
        }
        return out == null ? text : out.toString();
    }

    /** One token to replace: characters {@code start} to {@code end} become {@code text} (placeholders filled). */
    private record Expansion(int start, int end, String text) {
    }

    /** The expandable tokens of {@code text}, in order. */
    private List<Expansion> expansions(String text) {
        List<Expansion> result = new ArrayList<>();
        List<int[]> protectedSpans = protectedSpans(text);
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (inside(protectedSpans, m.start())) {
                continue;
            }
            String phrase = lookup.apply(m.group(1));
            if (phrase != null) {
                result.add(new Expansion(m.start(), m.end(), AutoreplyTemplate.fill(phrase, variables)));
            }
        }
        return result;
    }

    private String expandLine(String line, String newline) {
        List<Expansion> found = expansions(line);
        if (found.isEmpty()) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length() + 256);
        int last = 0;
        for (Expansion e : found) {
            out.append(line, last, e.start()).append(e.text().replace("\n", newline));
            last = e.end();
        }
        return out.append(line.substring(last)).toString();
    }

    /** HTML with tokens expanded in text nodes; null when nothing changed. */
    public String expandHtml(String html) {
        Document doc = Jsoup.parse(html);
        doc.outputSettings().prettyPrint(false);
        List<TextNode> candidates = new ArrayList<>();
        collect(doc.body(), candidates);
        boolean changed = false;
        for (TextNode node : candidates) {
            changed |= expandNode(node);
        }
        return changed ? doc.outerHtml() : null;
    }

    private static void collect(Element element, List<TextNode> into) {
        String tag = element.normalName();
        if (tag.equals("a") || tag.equals("blockquote") || tag.equals("script") || tag.equals("style")
            || tag.equals("pre") || tag.equals("code") || tag.equals("textarea")) {
            return;
        }
        for (Node child : element.childNodes()) {
            if (child instanceof TextNode text) {
                into.add(text);
            } else if (child instanceof Element e) {
                collect(e, into);
            }
        }
    }

    private boolean expandNode(TextNode node) {
        String text = node.getWholeText();
        List<Expansion> found = expansions(text);
        if (found.isEmpty()) {
            return false;
        }
        int last = 0;
        for (Expansion e : found) {
            node.before(new TextNode(text.substring(last, e.start())));
            String[] lines = e.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    node.before(new Element("br"));
                }
                node.before(new TextNode(lines[i]));
            }
            last = e.end();
        }
        node.before(new TextNode(text.substring(last)));
        node.remove();
        return true;
    }

    private static List<int[]> protectedSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = PROTECTED.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        return spans;
    }

    private static boolean inside(List<int[]> spans, int position) {
        for (int[] s : spans) {
            if (position >= s[0] && position < s[1]) {
                return true;
            }
        }
        return false;
    }
}
