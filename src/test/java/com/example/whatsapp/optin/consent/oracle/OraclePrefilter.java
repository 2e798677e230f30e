package com.example.whatsapp.optin.consent.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cheap first look: true when a word of the text begins with a stem of an anchor (the rarest
 * words some rule needs), or the text is one short word (a misspelling may be). Most chat has none,
 * and costs one pass over its characters without allocating. Raw ASCII text is searched as it is,
 * case-insensitive and skipping apostrophes ({@code don't} holds {@code dont}); raw Devanagari and
 * basic Arabic as folding would write them; other text after normalization and folding, as the
 * rules see it.
 */
final class OraclePrefilter {

    /** ASCII stems by their first two characters (7 bits each). */
    private final char[][][] asciiStems = new char[1 << 14][][];
    /** Non-ASCII stems by their first character: the sorted first characters, and each one's stems. */
    private final char[] otherFirsts;
    private final char[][][] otherStems;
    private final int maxOneWordLength;
    private final List<String> stems;

    OraclePrefilter(Collection<String> stems, int maxOneWordLength) {
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
        TreeSet<Character> firsts = new TreeSet<>(other.keySet());
        this.otherFirsts = new char[firsts.size()];
        this.otherStems = new char[firsts.size()][][];
        int f = 0;
        for (char first : firsts) {
            otherFirsts[f] = first;
            otherStems[f++] = other.get(first).toArray(char[][]::new);
        }
    }

    private char[][] otherStems(char first) {
        int at = Arrays.binarySearch(otherFirsts, first);
        return at < 0 ? null : otherStems[at];
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

    /**
     * For raw text that is not all ASCII: false when it certainly holds no revocation, decided without
     * normalizing. Only text of ASCII, Devanagari and basic Arabic (and emoji) is judged, reading each
     * character as folding would (Arabic short vowels and tatweel skipped, hamza and alef forms
     * unified); anything normalization could change otherwise (accents, full-width or compatibility
     * forms, zero-width and special spaces, Devanagari nukta) gives true: normalize and look again.
     */
    boolean mayMatchRaw(String raw) {
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            if (!isPlain(raw.charAt(i))) {
                return true;
            }
        }
        boolean previousIsWord = false;
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            boolean word = c < 128 ? isAsciiLetterOrDigit(c) : !Character.isSurrogate(c) && OracleText.isWordPart(c);
            if (word && !previousIsWord) {
                int at = i;
                while (at < n && isSkipped(raw.charAt(at))) {
                    at++;
                }
                if (at + 1 < n) {
                    char first = foldChar(raw.charAt(at));
                    char next = foldChar(raw.charAt(nextKept(raw, at + 1)));
                    char[][] ascii = first < 128 && next < 128 ? asciiStems[key(first, next)] : null;
                    if (holdsAnyRaw(raw, at, ascii) || holdsAnyRaw(raw, at, otherStems(first))) {
                        return true;
                    }
                }
            }
            previousIsWord = word;
        }
        return isOneShortWordRaw(raw);
    }

    /** As {@link #isOneShortWord}, for plain raw text: the characters folding drops are not counted. */
    private boolean isOneShortWordRaw(String text) {
        return isOneShortWord(text, true);
    }

    /** One run of letters, between 4 and the longest possible misspelling in length, and nothing else but punctuation. */
    private boolean isOneShortWord(String text) {
        return isOneShortWord(text, false);
    }

    private boolean isOneShortWord(String text, boolean raw) {
        int runs = 0;
        int letters = 0;
        boolean inRun = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (raw && isSkipped(c)) {
                continue;
            }
            if (isLetterOrMark(c)) {
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

    private static boolean isLetterOrMark(char c) {
        return Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK;
    }

    private static int nextKept(String raw, int at) {
        int i = at;
        while (i < raw.length() - 1 && isSkipped(raw.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Characters whose normalized and folded form is themselves (or {@link #foldChar} of them, or nothing). */
    private static boolean isPlain(char c) {
        if (c < 128) {
            return true;
        }
        if (c >= 0x0900 && c <= 0x097F) {
            return c != 0x093C && (c < 0x0958 || c > 0x095F);
        }
        if (c >= 0x0600 && c <= 0x06FF) {
            return c < 0x0675 || c > 0x0678;
        }
        // emoji (surrogate pairs), their variation selectors and skin tones: never word parts, never changed
        return Character.isSurrogate(c) || (c >= 0xFE00 && c <= 0xFE0F);
    }

    /** Arabic short vowels, other marks folding drops, and tatweel. */
    private static boolean isSkipped(char c) {
        return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640;
    }

    /** One plain character as normalization and folding write it. */
    private static char foldChar(char c) {
        return switch (c) {
            case 0x0622, 0x0623, 0x0625, 0x0671 -> '\u0627';
            case 0x0624 -> '\u0648';
            case 0x0626, 0x0649 -> '\u064A';
            case 0x0629 -> '\u0647';
            default -> lower(c);
        };
    }

    private static boolean holdsAnyRaw(String text, int at, char[][] stems) {
        if (stems != null) {
            for (char[] stem : stems) {
                if (holdsAtRaw(text, at, stem)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean holdsAtRaw(String text, int at, char[] stem) {
        int i = at;
        for (int s = 0; s < stem.length; s++) {
            while (i < text.length() && (isSkipped(text.charAt(i)) || (s > 0 && (text.charAt(i) == '\'' || text.charAt(i) == '`')))) {
                i++;
            }
            if (i >= text.length() || foldChar(text.charAt(i)) != stem[s]) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** For folded text (not necessarily ASCII): may it hold a revocation? */
    boolean mayMatchFolded(String folded) {
        int n = folded.length();
        boolean previousIsWord = false;
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            boolean word = Character.isLetterOrDigit(c) || OracleText.isWordPart(c);
            if (word && !previousIsWord) {
                char[][] ascii = c < 128 && i + 1 < n && folded.charAt(i + 1) < 128 ? asciiStems[key(c, folded.charAt(i + 1))] : null;
                if (holdsAny(folded, i, ascii) || holdsAny(folded, i, otherStems(c))) {
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


    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    @Override
    public String toString() {
        return "OraclePrefilter" + Arrays.toString(stems.toArray());
    }
}
