package com.example.whatsapp.optin.consent.oracle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Obvious misspellings of a business's one-word opt-out keywords of four letters or more.
 *
 * <p>A keyword is "free" when it is written in ASCII letters and comes from no listed language pack:
 * for it, a word at Damerau distance 1 (a letter added, dropped, replaced, or two neighbours
 * swapped; distance 2 for keywords of eight letters or more) is a misspelling, unless it is an
 * English word or an inflection of one ({@link OracleEnglishWords}). A pack keyword's language has no
 * dictionary here, so only slips that seldom make another word count for it: two neighbours
 * swapped, one letter doubled, or, in keywords of six letters or more, one letter dropped.
 * The message must be the one word; a word within distance 1 of a never-flagged keyword
 * (START, YES, ...) is never a misspelling.
 */
final class OracleMisspelling {

    private static final int MIN_LETTERS = 4;
    private static final int LONG_KEYWORD = 8;

    private record Target(String keyword, boolean free) {
    }

    private final List<Target> targets;
    private final List<String> neverFlagged;
    private final int maxLength;

    private OracleMisspelling(List<Target> targets, List<String> neverFlagged) {
        this.targets = targets;
        this.neverFlagged = neverFlagged;
        this.maxLength = targets.stream().mapToInt(t -> t.keyword().length()).max().orElse(0) + 2;
    }

    /**
     * @param keywords     folded opt-out keywords
     * @param packKeywords folded keywords of the listed packs (the restricted ones)
     * @param neverFlagged folded keywords that are never a revocation
     */
    static OracleMisspelling of(Collection<String> keywords, Collection<String> packKeywords, Collection<String> neverFlagged) {
        List<Target> targets = new ArrayList<>();
        for (String keyword : keywords) {
            if (keyword.codePointCount(0, keyword.length()) < MIN_LETTERS || !isLetters(keyword)) {
                continue;
            }
            boolean free = OracleText.isAscii(keyword) && !packKeywords.contains(keyword);
            if (targets.stream().noneMatch(t -> t.keyword().equals(keyword))) {
                targets.add(new Target(keyword, free));
            }
        }
        return new OracleMisspelling(List.copyOf(targets), List.copyOf(neverFlagged));
    }

    /** The longest word that can be a misspelling, in chars. */
    int maxLength() {
        return maxLength;
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /** True when the one-word message {@code word} (folded) is an obvious misspelling of a keyword. */
    boolean isMisspelling(String word) {
        if (word.length() < MIN_LETTERS || word.length() > maxLength || !isLetters(word)) {
            return false;
        }
        boolean candidate = false;
        for (Target target : targets) {
            if (target.keyword().equals(word)) {
                return false;
            }
            if (target.free() ? withinDistance(target.keyword(), word) : isSlip(target.keyword(), word)) {
                candidate = true;
            }
        }
        if (!candidate) {
            return false;
        }
        for (String never : neverFlagged) {
            if (damerau(never, word) <= 1) {
                return false;
            }
        }
        return !OracleEnglishWords.isWord(word);
    }

    private static boolean withinDistance(String keyword, String word) {
        int allowed = keyword.length() >= LONG_KEYWORD ? 2 : 1;
        return Math.abs(keyword.length() - word.length()) <= allowed && damerau(keyword, word) <= allowed;
    }

    /** A swap of two neighbours, one letter doubled, or one letter dropped from a long keyword. */
    static boolean isSlip(String keyword, String word) {
        int k = keyword.length();
        int w = word.length();
        if (k == w) {
            int first = -1;
            for (int i = 0; i < k; i++) {
                if (keyword.charAt(i) != word.charAt(i)) {
                    first = i;
                    break;
                }
            }
            return first >= 0 && first + 1 < k
                    && keyword.charAt(first) == word.charAt(first + 1) && keyword.charAt(first + 1) == word.charAt(first)
                    && keyword.regionMatches(first + 2, word, first + 2, k - first - 2);
        }
        if (w == k + 1) {
            for (int i = 0; i < w; i++) {
                if (i == w - 1 || word.charAt(i) != keyword.charAt(i)) {
                    return i > 0 && word.charAt(i) == word.charAt(i - 1)
                            && word.regionMatches(i + 1, keyword, i, k - i);
                }
            }
        }
        if (w == k - 1 && k >= 6) {
            for (int i = 0; i < k; i++) {
                if (i == k - 1 || keyword.charAt(i) != word.charAt(i)) {
                    return keyword.regionMatches(i + 1, word, i, w - i);
                }
            }
        }
        return false;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int damerau(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[n][m];
    }

    private static boolean isLetters(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!OracleText.isWordPart(cp) || Character.isDigit(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
