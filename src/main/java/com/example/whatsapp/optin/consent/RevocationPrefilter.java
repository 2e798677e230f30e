package com.example.whatsapp.optin.consent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cheap first look: true when a word of the text begins with a stem of the vocabulary (the
 * beginning of a word every rule needs), or the text is one short word (a misspelling may be). Most chat has none, and costs one
 * pass over its characters without allocating. Raw ASCII text is searched as it is, case-insensitive
 * and skipping apostrophes ({@code don't} holds {@code dont}); other text is searched after
 * normalization and folding, as the rules see it.
 */
final class RevocationPrefilter {

    /** ASCII stems by their first two characters (7 bits each). */
    private final char[][][] asciiStems = new char[1 << 14][][];
    private final Map<Character, char[][]> otherStems;
    private final int maxOneWordLength;
    private final List<String> stems;

    RevocationPrefilter(Collection<String> stems, int maxOneWordLength) {
        this.maxOneWordLength = maxOneWordLength;
        TreeSet<String> sorted = new TreeSet<>(stems);
        this.stems = List.copyOf(sorted);
        Map<Integer, List<char[]>> ascii = new HashMap<>();
        Map<Character, List<char[]>> other = new HashMap<>();
        for (String stem : sorted) {
            if (stem.length() >= 2 && stem.charAt(0) < 128 && stem.charAt(1) < 128) {
                ascii.computeIfAbsent(key(stem.charAt(0), stem.charAt(1)), c -> new ArrayList<>()).add(stem.toCharArray());
            } else if (!stem.isEmpty()) {
                other.computeIfAbsent(stem.charAt(0), c -> new ArrayList<>()).add(stem.toCharArray());
            }
        }
        ascii.forEach((key, list) -> asciiStems[key] = list.toArray(char[][]::new));
        Map<Character, char[][]> others = new HashMap<>();
        other.forEach((first, list) -> others.put(first, list.toArray(char[][]::new)));
        this.otherStems = Map.copyOf(others);
    }

    private static int key(char first, char second) {
        return (first << 7) | second;
    }

    List<String> stems() {
        return stems;
    }

    /**
     * For raw ASCII text: may it hold a revocation? Stems are the beginnings of tokens, so only the
     * start of each word is looked at.
     */
    boolean mayMatchAscii(String raw) {
        int n = raw.length();
        boolean previousIsWord = false;
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            boolean word = isAsciiLetterOrDigit(c);
            if (word && !previousIsWord && i + 1 < n) {
                char next = raw.charAt(i + 1);
                if (next < 128) {
                    char[][] candidates = asciiStems[key(lower(c), lower(next))];
                    if (candidates != null) {
                        for (char[] stem : candidates) {
                            if (holdsAt(raw, i, stem)) {
                                return true;
                            }
                        }
                    }
                }
            }
            previousIsWord = word;
        }
        return isOneShortWord(raw);
    }

    /** For folded text (not necessarily ASCII): may it hold a revocation? */
    boolean mayMatchFolded(String folded) {
        int n = folded.length();
        boolean previousIsWord = false;
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            boolean word = Character.isLetterOrDigit(c) || RevocationText.isWordPart(c);
            if (word && !previousIsWord) {
                char[][] ascii = c < 128 && i + 1 < n && folded.charAt(i + 1) < 128 ? asciiStems[key(c, folded.charAt(i + 1))] : null;
                if (holdsAny(folded, i, ascii) || holdsAny(folded, i, otherStems.get(c))) {
                    return true;
                }
            }
            previousIsWord = word;
        }
        return isOneShortWord(folded);
    }

    private static boolean holdsAny(String text, int at, char[][] stems) {
        if (stems != null) {
            for (char[] stem : stems) {
                if (holdsAt(text, at, stem)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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
