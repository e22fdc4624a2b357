package org.inbasket.mailets.triage.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Aho-Corasick over words: finds every occurrence of every phrase in one left-to-right pass over a
 * {@link Tokens} sequence, whatever the number of phrases. The alphabet is the phrases' vocabulary: each
 * text word is looked up once (a hash probe) and a word outside the vocabulary sends the automaton back to
 * its root, so scanning cost depends on the text length, not on the lexicon size. Misspelling aliases map a
 * variant spelling onto a vocabulary word, so they grow a hash map, not the automaton.
 *
 * <p>Immutable and thread-safe once built. See ADR 0020 for why words and not characters.</p>
 *
 * @param <T> what a phrase stands for (a category, a trigger kind)
 */
public final class PhraseAutomaton<T> {
    /** One occurrence: words {@code start} (inclusive) to {@code end} (exclusive) of the scanned tokens. */
    public record Hit<T>(int start, int end, T payload) {
    }

    private record Entry<T>(int length, T payload) {
    }

    private final Map<String, Integer> vocabulary;
    // per node: sorted word ids of children and the matching child node numbers
    private final int[][] childKeys;
    private final int[][] childNodes;
    private final int[] fail;
    private final Entry<T>[][] outputs;
    private final int phraseCount;

    private PhraseAutomaton(Map<String, Integer> vocabulary, int[][] childKeys, int[][] childNodes, int[] fail,
                            Entry<T>[][] outputs, int phraseCount) {
        this.vocabulary = vocabulary;
        this.childKeys = childKeys;
        this.childNodes = childNodes;
        this.fail = fail;
        this.outputs = outputs;
        this.phraseCount = phraseCount;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    public int phraseCount() {
        return phraseCount;
    }

    public int nodeCount() {
        return fail.length;
    }

    /** Every occurrence of every phrase in {@code tokens}, in order of their end position. */
    public List<Hit<T>> scan(Tokens tokens) {
        List<Hit<T>> hits = new ArrayList<>();
        int state = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Integer id = vocabulary.get(tokens.word(i));
            if (id == null) {
                state = 0;
                continue;
            }
            int next = child(state, id);
            while (next < 0 && state != 0) {
                state = fail[state];
                next = child(state, id);
            }
            state = Math.max(next, 0);
            Entry<T>[] out = outputs[state];
            if (out != null) {
                for (Entry<T> e : out) {
                    hits.add(new Hit<>(i + 1 - e.length(), i + 1, e.payload()));
                }
            }
        }
        return hits;
    }

    private int child(int node, int id) {
        int[] keys = childKeys[node];
        if (keys == null) {
            return -1;
        }
        int at = Arrays.binarySearch(keys, id);
        return at >= 0 ? childNodes[node][at] : -1;
    }

    /** Collects phrases (as normalised word lists) and aliases, then compiles the automaton. */
    public static final class Builder<T> {
        private final Map<String, Integer> vocabulary = new HashMap<>();
        private final List<Map<Integer, Integer>> children = new ArrayList<>();
        private final List<List<Entry<T>>> own = new ArrayList<>();
        private final Map<String, String> aliases = new HashMap<>();
        private final Set<String> ambiguousAliases = new HashSet<>();
        private int phraseCount;

        private Builder() {
            newNode();
        }

        private int newNode() {
            children.add(null);
            own.add(null);
            return children.size() - 1;
        }

        /** Adds a phrase of one or more normalised words (see {@link Tokenizer#words(String)}). */
        public Builder<T> add(List<String> words, T payload) {
            if (words.isEmpty()) {
                throw new IllegalArgumentException("empty phrase");
            }
            Objects.requireNonNull(payload);
            int node = 0;
            for (String w : words) {
                int id = vocabulary.computeIfAbsent(w, k -> vocabulary.size());
                Map<Integer, Integer> map = children.get(node);
                if (map == null) {
                    map = new HashMap<>();
                    children.set(node, map);
                }
                Integer next = map.get(id);
                if (next == null) {
                    next = newNode();
                    map.put(id, next);
                }
                node = next;
            }
            List<Entry<T>> entries = own.get(node);
            if (entries == null) {
                entries = new ArrayList<>(1);
                own.set(node, entries);
            }
            entries.add(new Entry<>(words.size(), payload));
            phraseCount++;
            return this;
        }

        /**
         * Lets {@code variant} stand for the vocabulary word {@code canonical}. A variant that is itself a
         * vocabulary word, or that two different words claim, is ignored: exact words always win.
         */
        public Builder<T> alias(String variant, String canonical) {
            if (variant.equals(canonical) || ambiguousAliases.contains(variant)) {
                return this;
            }
            String previous = aliases.putIfAbsent(variant, canonical);
            if (previous != null && !previous.equals(canonical)) {
                aliases.remove(variant);
                ambiguousAliases.add(variant);
            }
            return this;
        }

        /** True when {@code word} occurs in some phrase added so far. */
        public boolean knows(String word) {
            return vocabulary.containsKey(word);
        }

        @SuppressWarnings("unchecked")
        public PhraseAutomaton<T> build() {
            int n = children.size();
            int[][] keys = new int[n][];
            int[][] nodes = new int[n][];
            for (int i = 0; i < n; i++) {
                Map<Integer, Integer> map = children.get(i);
                if (map != null) {
                    int[] k = map.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
                    int[] v = new int[k.length];
                    for (int j = 0; j < k.length; j++) {
                        v[j] = map.get(k[j]);
                    }
                    keys[i] = k;
                    nodes[i] = v;
                }
            }
            int[] fail = new int[n];
            Entry<T>[][] outputs = new Entry[n][];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(0);
            List<Entry<T>> merged = new ArrayList<>();
            while (!queue.isEmpty()) {
                int node = queue.poll();
                merged.clear();
                if (own.get(node) != null) {
                    merged.addAll(own.get(node));
                }
                if (node != 0 && outputs[fail[node]] != null) {
                    merged.addAll(Arrays.asList(outputs[fail[node]]));
                }
                outputs[node] = merged.isEmpty() ? null : merged.toArray(new Entry[0]);
                if (keys[node] == null) {
                    continue;
                }
                for (int j = 0; j < keys[node].length; j++) {
                    int id = keys[node][j];
                    int childNode = nodes[node][j];
                    if (node == 0) {
                        fail[childNode] = 0;
                    } else {
                        int f = fail[node];
                        int target = find(keys, nodes, f, id);
                        while (target < 0 && f != 0) {
                            f = fail[f];
                            target = find(keys, nodes, f, id);
                        }
                        fail[childNode] = Math.max(target, 0);
                    }
                    queue.add(childNode);
                }
            }
            Map<String, Integer> vocab = new HashMap<>(vocabulary);
            aliases.forEach((variant, canonical) -> {
                if (!vocab.containsKey(variant) && vocabulary.containsKey(canonical)) {
                    vocab.put(variant, vocabulary.get(canonical));
                }
            });
            return new PhraseAutomaton<>(Map.copyOf(vocab), keys, nodes, fail, outputs, phraseCount);
        }

        private static int find(int[][] keys, int[][] nodes, int node, int id) {
            if (keys[node] == null) {
                return -1;
            }
            int at = Arrays.binarySearch(keys[node], id);
            return at >= 0 ? nodes[node][at] : -1;
        }
    }
}
