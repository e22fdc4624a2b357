package org.inbasket.mailets.triage.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into comparable words: lower case, accents removed (NFKD without combining marks), apostrophes
 * joined ({@code can't} becomes {@code cant}), every run of other characters a separator, and runs of one
 * repeated letter collapsed to one ({@code bleeeding} and {@code bleeding} both become {@code bleding}), so
 * that case, accents, spacing, line wrapping and stretched letters never decide a match. Digits are kept as
 * written. Lexicon phrases go through the same function, so both sides always agree.
 *
 * <p>Sentence ends ({@code . ! ? ; :}) and line breaks are recorded as scope breaks; commas are recorded
 * separately (they do not end a negation scope). With {@code skipQuoted}, lines whose first non-blank
 * character is {@code >} (quoted replies) are skipped.</p>
 */
public final class Tokenizer {
    private Tokenizer() {
    }

    /** Appends the words of {@code text} to {@code out}, starting a new scope. */
    public static void append(CharSequence text, Tokens out, boolean skipQuoted) {
        out.markBreak();
        String folded = fold(text);
        WordBuffer word = new WordBuffer();
        boolean lineStart = true;
        int n = folded.length();
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            if (lineStart && skipQuoted) {
                if (c == ' ' || c == '\t') {
                    continue;
                }
                if (c == '>') {
                    while (i < n && folded.charAt(i) != '\n' && folded.charAt(i) != '\r') {
                        i++;
                    }
                    flush(word, out);
                    out.markBreak();
                    continue;
                }
            }
            lineStart = false;
            if (c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                : Character.isLetterOrDigit(c)) {
                char lower = c < 0x80 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
                if (word.length == 0 || lower != word.last() || Character.isDigit(lower)) {
                    word.append(lower);
                }
                continue;
            }
            if (isApostrophe(c) && word.length > 0 && i + 1 < n && Character.isLetter(folded.charAt(i + 1))) {
                continue;
            }
            flush(word, out);
            switch (c) {
                case '\n', '\r' -> {
                    out.markBreak();
                    lineStart = true;
                }
                case '.', '!', '?', ';', ':' -> out.markBreak();
                case ',' -> out.markComma();
                default -> {
                }
            }
        }
        flush(word, out);
    }

    /** The normalised words of a lexicon phrase. */
    public static List<String> words(String phrase) {
        Tokens tokens = new Tokens();
        append(phrase, tokens, false);
        List<String> result = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            result.add(tokens.word(i));
        }
        return result;
    }

    private static void flush(WordBuffer word, Tokens out) {
        if (word.length > 0) {
            out.add(new String(word.chars, 0, word.length));
            word.length = 0;
        }
    }

    /** A reusable character buffer for the word being read (cheaper than a StringBuilder here). */
    private static final class WordBuffer {
        char[] chars = new char[32];
        int length;

        void append(char c) {
            if (length == chars.length) {
                chars = java.util.Arrays.copyOf(chars, length * 2);
            }
            chars[length++] = c;
        }

        char last() {
            return chars[length - 1];
        }
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019' || c == '\u02BC' || c == '`' || c == '\u2018';
    }

    /** Accent and compatibility folding; a no-op copy-free path for plain ASCII. */
    static String fold(CharSequence text) {
        String s = text.toString();
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return s;
        }
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK) {
                continue;
            }
            switch (c) {
                case '\u00DF' -> sb.append("ss");
                case '\u00E6', '\u00C6' -> sb.append("ae");
                case '\u0153', '\u0152' -> sb.append("oe");
                case '\u00F8', '\u00D8' -> sb.append('o');
                case '\u0142', '\u0141' -> sb.append('l');
                case '\u0111', '\u0110' -> sb.append('d');
                case '\u00A0', '\u2007', '\u202F' -> sb.append(' ');
                case '\u2028', '\u2029', '\u0085' -> sb.append('\n');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
