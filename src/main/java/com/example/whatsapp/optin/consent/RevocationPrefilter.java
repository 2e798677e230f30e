package com.example.whatsapp.optin.consent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cheap first look: true when the text contains a stem of the vocabulary (a prefix of a word
 * every rule needs), or is one short word (a misspelling may be). Most chat has none, and costs one
 * pass over its characters without allocating. Raw ASCII text is searched as it is, case-insensitive
 * and skipping apostrophes ({@code don't} holds {@code dont}); other text is searched after
 * normalization and folding, as the rules see it.
 */
final class RevocationPrefilter {

    private final char[][][] asciiStems = new char[128][][];
    private final Map<Character, char[][]> otherStems;
    private final int maxOneWordLength;
    private final List<String> stems;

    RevocationPrefilter(Collection<String> stems, int maxOneWordLength) {
        this.maxOneWordLength = maxOneWordLength;
        TreeSet<String> sorted = new TreeSet<>(stems);
        this.stems = List.copyOf(sorted);
        Map<Character, List<char[]>> byFirst = new HashMap<>();
        for (String stem : sorted) {
            if (!stem.isEmpty()) {
                byFirst.computeIfAbsent(stem.charAt(0), c -> new ArrayList<>()).add(stem.toCharArray());
            }
        }
        Map<Character, char[][]> other = new HashMap<>();
        byFirst.forEach((first, list) -> {
            char[][] array = list.toArray(char[][]::new);
            if (first < 128) {
                asciiStems[first] = array;
            } else {
                other.put(first, array);
            }
        });
        this.otherStems = Map.copyOf(other);
    }

    List<String> stems() {
        return stems;
    }

    /** For raw ASCII text: may it hold a revocation? */
    boolean mayMatchAscii(String raw) {
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = lower(raw.charAt(i));
            char[][] candidates = c < 128 ? asciiStems[c] : null;
            if (candidates != null) {
                for (char[] stem : candidates) {
                    if (holdsAt(raw, i, stem)) {
                        return true;
                    }
                }
            }
        }
        return isOneShortWord(raw);
    }

    /** For folded text (not necessarily ASCII): may it hold a revocation? */
    boolean mayMatchFolded(String folded) {
        int n = folded.length();
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            char[][] candidates = c < 128 ? asciiStems[c] : otherStems.get(c);
            if (candidates != null) {
                for (char[] stem : candidates) {
                    if (holdsAt(folded, i, stem)) {
                        return true;
                    }
                }
            }
        }
        return isOneShortWord(folded);
    }

    private static boolean holdsAt(String text, int at, char[] stem) {
        int i = at;
        for (int s = 0; s < stem.length; s++) {
            if (i >= text.length()) {
                return false;
            }
            char c = text.charAt(i);
            while (s > 0 && (c == '\'' || c == '`')) {
                if (++i >= text.length()) {
                    return false;
                }
                c = text.charAt(i);
            }
            if (lower(c) != stem[s]) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** One run of letters, between 4 and the longest possible misspelling in length, and nothing else but punctuation. */
    private boolean isOneShortWord(String text) {
        int runs = 0;
        int letters = 0;
        boolean inRun = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean letter = Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.COMBINING_SPACING_MARK;
            if (letter) {
                if (!inRun && ++runs > 1) {
                    return false;
                }
                letters++;
                inRun = true;
            } else {
                inRun = false;
            }
        }
        return runs == 1 && letters >= 4 && letters <= maxOneWordLength;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    @Override
    public String toString() {
        return "RevocationPrefilter" + Arrays.toString(stems.toArray());
    }
}
