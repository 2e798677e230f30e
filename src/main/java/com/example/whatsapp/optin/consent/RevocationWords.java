package com.example.whatsapp.optin.consent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The words and prefixes ({@code word*}) of the phrase lists, numbered, so that a message's tokens are
 * looked up once and the rules compare numbers. A word's number is 0 or more; a prefix's is negative,
 * {@code ~n} for the prefix numbered {@code n}.
 *
 * <p>Phrase lists are read lazily, from any thread; a new word invalidates the published {@link Lookup},
 * rebuilt on the next use. A rule only refers to words numbered before it was built, so a lookup made
 * after it was built knows them all.
 */
final class RevocationWords {

    static final int[] NO_PREFIXES = new int[0];

    private static final Map<String, Integer> WORDS = new HashMap<>();
    private static final Map<String, Integer> PREFIXES = new HashMap<>();
    private static volatile Lookup lookup;

    private RevocationWords() {
    }

    /** The number of a folded phrase word: {@code ~n} for a prefix ({@code word*}). */
    static synchronized int pattern(String word) {
        boolean prefix = word.endsWith("*");
        Map<String, Integer> numbers = prefix ? PREFIXES : WORDS;
        String key = prefix ? word.substring(0, word.length() - 1) : word;
        Integer number = numbers.get(key);
        if (number == null) {
            number = numbers.size();
            numbers.put(key, number);
            lookup = null;
        }
        return prefix ? ~number : number;
    }

    static int[] patterns(String[] words) {
        int[] patterns = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            patterns[i] = pattern(words[i]);
        }
        return patterns;
    }

    static Lookup lookup() {
        Lookup current = lookup;
        return current != null ? current : rebuild();
    }

    private static synchronized Lookup rebuild() {
        if (lookup == null) {
            lookup = new Lookup(new HashMap<>(WORDS), Node.trie(PREFIXES));
        }
        return lookup;
    }

    /** One published numbering: a token's word number and the numbers of the prefixes it starts with. */
    static final class Lookup {
        private final Map<String, Integer> words;
        private final Node prefixes;

        private Lookup(Map<String, Integer> words, Node prefixes) {
            this.words = words;
            this.prefixes = prefixes;
        }

        /** The token's number, or -1 when no phrase has this word. */
        int word(String token) {
            Integer number = words.get(token);
            return number == null ? -1 : number;
        }

        /** The numbers of the prefixes {@code token} starts with (a prefix equal to it included). */
        int[] prefixes(String token) {
            int[] found = NO_PREFIXES;
            Node node = prefixes;
            for (int i = 0; i < token.length() && node != null; i++) {
                node = node.child(token.charAt(i));
                if (node != null && node.number >= 0) {
                    found = Arrays.copyOf(found, found.length + 1);
                    found[found.length - 1] = node.number;
                }
            }
            return found;
        }
    }

    private static final class Node {
        private final char[] keys;
        private final Node[] children;
        private final int number;

        private Node(char[] keys, Node[] children, int number) {
            this.keys = keys;
            this.children = children;
            this.number = number;
        }

        Node child(char c) {
            int i = Arrays.binarySearch(keys, c);
            return i >= 0 ? children[i] : null;
        }

        static Node trie(Map<String, Integer> prefixes) {
            return build("", new ArrayList<>(prefixes.keySet()), prefixes);
        }

        private static Node build(String path, List<String> below, Map<String, Integer> numbers) {
            TreeMap<Character, List<String>> byNext = new TreeMap<>();
            for (String prefix : below) {
                if (prefix.length() > path.length()) {
                    byNext.computeIfAbsent(prefix.charAt(path.length()), c -> new ArrayList<>()).add(prefix);
                }
            }
            char[] keys = new char[byNext.size()];
            Node[] children = new Node[byNext.size()];
            int i = 0;
            for (Map.Entry<Character, List<String>> next : byNext.entrySet()) {
                keys[i] = next.getKey();
                children[i++] = build(path + next.getKey(), next.getValue(), numbers);
            }
            return new Node(keys, children, numbers.getOrDefault(path, -1));
        }
    }

    /** A map from word numbers (0 or more) to values, for the alternatives of an element by their first word. */
    static final class Table<V> {
        private final int[] keys;
        private final Object[] values;
        private final int mask;

        Table(Map<Integer, V> entries) {
            int size = Integer.highestOneBit(Math.max(1, entries.size()) * 2) * 2;
            keys = new int[size];
            values = new Object[size];
            mask = size - 1;
            entries.forEach((key, value) -> {
                int i = slot(key);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                values[i] = value;
            });
        }

        private int slot(int key) {
            return (key * 0x9E3779B9) >>> 16 & mask;
        }

        @SuppressWarnings("unchecked")
        V get(int key) {
            if (key < 0) {
                return null;
            }
            for (int i = slot(key); values[i] != null; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return (V) values[i];
                }
            }
            return null;
        }
    }
}
