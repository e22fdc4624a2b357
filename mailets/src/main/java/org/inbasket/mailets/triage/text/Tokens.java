package org.inbasket.mailets.triage.text;

import java.util.Arrays;

/**
 * A growable sequence of normalised words with the punctuation facts negation scoping needs: whether a
 * sentence or line break came before a word, and whether a comma did. Not thread-safe; one per scan.
 */
public final class Tokens {
    static final byte BREAK_BEFORE = 1;
    static final byte COMMA_BEFORE = 2;

    private String[] words = new String[1024];
    private byte[] flags = new byte[1024];
    private int size;
    private byte pending = BREAK_BEFORE;

    public int size() {
        return size;
    }

    public String word(int i) {
        return words[i];
    }

    /** True when a sentence end, line break or segment boundary separates word {@code i} from the one before. */
    public boolean breakBefore(int i) {
        return (flags[i] & BREAK_BEFORE) != 0;
    }

    /** True when a comma directly precedes word {@code i}. */
    public boolean commaBefore(int i) {
        return (flags[i] & COMMA_BEFORE) != 0;
    }

    /** Ends the current segment: the next word starts a new scope (used between Subject and body parts). */
    public void markBreak() {
        pending |= BREAK_BEFORE;
    }

    void markComma() {
        pending |= COMMA_BEFORE;
    }

    void add(String word) {
        if (size == words.length) {
            words = Arrays.copyOf(words, size * 2);
            flags = Arrays.copyOf(flags, size * 2);
        }
        words[size] = word;
        flags[size] = pending;
        pending = 0;
        size++;
    }

    /** The words from {@code from} (inclusive) to {@code to} (exclusive) joined by spaces; for tests and tools. */
    public String join(int from, int to) {
        return String.join(" ", Arrays.copyOfRange(words, from, to));
    }
}
