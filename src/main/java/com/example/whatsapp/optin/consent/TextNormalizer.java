package com.example.whatsapp.optin.consent;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The contract's five-step normalization of a message or a keyword. Locale-independent, total
 * (never throws, whatever the input) and idempotent.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String normalize(String input) {
        if (input == null || input.isEmpty()) {
            return "";
        }
        if (isAscii(input)) {
            return normalizeAscii(input);
        }
        String result = applySteps(input);
        if (isAscii(result) || isFixedPoint(result)) {
            return result;
        }
        // Lower-casing can leave combining marks out of canonical order (İ becomes i + U+0307), and
        // dropping a zero-width character can put a mark next to a letter it composes with: a
        // second pass would then change the text. Repeat until nothing changes, so that a
        // normalized keyword and a normalized message always compare as the same form.
        for (int pass = 0; pass < 4; pass++) {
            String again = applySteps(result);
            if (again.equals(result)) {
                break;
            }
            result = again;
        }
        return result;
    }

    /**
     * True when the steps would give the text back unchanged, checked without running them: after
     * one pass no quote-like, zero-width character, space run or trimmable end is left, so only
     * NFKC and lower-casing could still change it.
     */
    private static boolean isFixedPoint(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFKC) && s.toLowerCase(Locale.ROOT).equals(s);
    }

    /**
     * True only when the normalized text is certainly longer than {@code maxLength}, decided
     * without normalizing: ASCII text keeps every letter and digit it has, so more of them than
     * {@code maxLength} cannot normalize to a keyword that short. False for any other text.
     */
    public static boolean normalizesLongerThan(String input, int maxLength) {
        if (input == null || input.length() <= maxLength) {
            return false;
        }
        int lettersAndDigits = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            if (isAsciiLetterOrDigit(c)) {
                lettersAndDigits++;
            }
        }
        return lettersAndDigits > maxLength;
    }

    private static String applySteps(String input) {
        // Quote-likes are mapped before NFKC too: NFKC turns ´ into " ́" and ″ into ′′, which would
        // otherwise never reach step 2 as the characters the contract lists.
        String s = Normalizer.normalize(mapQuotes(input), Normalizer.Form.NFKC);
        s = mapQuotes(s);
        s = s.toLowerCase(Locale.ROOT);
        s = collapseSpaceAndDropZeroWidth(s);
        return trimPunctuationAndSymbols(s);
    }

    /**
     * The five steps for ASCII text, which is most chat: NFKC leaves it as it is and only the
     * backtick is a quote-like, so one pass over the characters does it all.
     */
    private static String normalizeAscii(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && !isAsciiLetterOrDigit(s.charAt(start))) {
            start++;
        }
        while (end > start && !isAsciiLetterOrDigit(s.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = null;
        boolean pendingSpace = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            boolean space = c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
            char mapped = c == '`' ? '\'' : (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
            if (out == null && (space && (c != ' ' || (i + 1 < end && isAsciiSpace(s.charAt(i + 1)))) || mapped != c)) {
                out = new StringBuilder(end - start).append(s, start, i);
            }
            if (out == null) {
                continue;
            }
            if (space) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(mapped);
        }
        return out == null ? s.substring(start, end) : out.toString();
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String mapQuotes(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char mapped = switch (c) {
                case '\u2019', '\u2018', '\u201B', '\u2032', '\u00B4', '\u0060', '\uFF07' -> '\'';
                case '\u201C', '\u201D', '\u201E', '\u2033', '\uFF02' -> '"';
                default -> c;
            };
            if (mapped != c && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(mapped);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isZeroWidth(int cp) {
        return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x0085;
    }

    private static String collapseSpaceAndDropZeroWidth(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isZeroWidth(cp)) {
                continue;
            }
            if (isSpace(cp)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && out.length() > 0) {
                out.append(' ');
            }
            pendingSpace = false;
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static String trimPunctuationAndSymbols(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (isKept(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (isKept(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    /**
     * Letters, digits and combining marks survive at the ends; everything else there (punctuation,
     * symbols, spaces, emoji and their components, controls) goes.
     */
    private static boolean isKept(int cp) {
        if (isEmojiComponent(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> true;
            default -> false;
        };
    }

    /** Variation selectors, the keycap mark and tag characters are marks or format characters by category, but parts of an emoji. */
    private static boolean isEmojiComponent(int cp) {
        return (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0xE0100 && cp <= 0xE01EF)
                || cp == 0x20E3
                || (cp >= 0xE0020 && cp <= 0xE007F);
    }
}
