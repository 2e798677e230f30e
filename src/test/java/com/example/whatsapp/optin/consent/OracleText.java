package com.example.whatsapp.optin.consent;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A message as the revocation detector reads it: the contract's normalization, then folded so that
 * the spellings customers mix up compare alike, then cut into tokens.
 *
 * <p>Folding drops Latin diacritics ({@code envíen} = {@code envien}, {@code hört} = {@code hort}),
 * writes {@code ß} as {@code ss}, and drops Arabic short vowels and tatweel, with the alef, yeh and
 * teh marbuta variants written one way. Devanagari marks are letters' parts and stay.
 *
 * <p>Tokens are runs of letters, digits and combining marks. An apostrophe inside a word joins an
 * English contraction ({@code don't} = {@code dont}, {@code I'm} = {@code im}) and otherwise
 * separates (French {@code m'envoyer} = {@code m envoyer}). Sentence punctuation ({@code . , ! ? ; :},
 * the Arabic and Devanagari ones) becomes the boundary token {@link #BOUNDARY}; a quoted passage of
 * three or more words (a business's text pasted back) becomes {@link #NEUTRAL} tokens, which no
 * phrase matches.
 */
final class OracleText {

    static final String BOUNDARY = ".";
    static final String NEUTRAL = "";

    private static final Set<String> CONTRACTION_ENDINGS = Set.of("t", "s", "m", "re", "ve", "ll", "d");
    private static final int QUOTED_PASSAGE_TOKENS = 3;

    private OracleText() {
    }

    /** The contract's normalization, then folding. */
    static String fold(String text) {
        return foldNormalized(TextNormalizer.normalize(text));
    }

    /** Folds text that is already normalized. */
    static String foldNormalized(String normalized) {
        if (isAscii(normalized)) {
            return normalized;
        }
        String s = Normalizer.normalize(normalized, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640) {
                continue;
            }
            switch (cp) {
                case 0x00DF -> out.append("ss");
                case 0x0671 -> out.append('\u0627');
                case 0x0649 -> out.append('\u064A');
                case 0x0629 -> out.append('\u0647');
                default -> out.appendCodePoint(cp);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    /** The tokens of folded text. */
    static String[] tokens(String folded) {
        List<String> tokens = new ArrayList<>();
        int quoteStart = -1;
        int i = 0;
        int n = folded.length();
        while (i < n) {
            int cp = folded.codePointAt(i);
            if (isWordPart(cp)) {
                int start = i;
                StringBuilder joined = null;
                while (i < n) {
                    int c = folded.codePointAt(i);
                    if (isWordPart(c)) {
                        i += Character.charCount(c);
                        continue;
                    }
                    if (c == '\'' && i + 1 < n && isWordPart(folded.codePointAt(i + 1))) {
                        int end = i + 1;
                        while (end < n && isWordPart(folded.codePointAt(end))) {
                            end += Character.charCount(folded.codePointAt(end));
                        }
                        if (CONTRACTION_ENDINGS.contains(folded.substring(i + 1, end))) {
                            if (joined == null) {
                                joined = new StringBuilder();
                            }
                            joined.append(folded, start, i);
                            start = i + 1;
                            i = end;
                            continue;
                        }
                    }
                    break;
                }
                tokens.add(joined == null ? folded.substring(start, i) : joined.append(folded, start, i).toString());
                continue;
            }
            if (cp == '"') {
                if (quoteStart < 0) {
                    quoteStart = tokens.size();
                } else {
                    if (tokens.size() - quoteStart >= QUOTED_PASSAGE_TOKENS) {
                        for (int t = quoteStart; t < tokens.size(); t++) {
                            tokens.set(t, NEUTRAL);
                        }
                    }
                    quoteStart = -1;
                }
            } else if (isSentencePunctuation(cp) && !tokens.isEmpty() && !BOUNDARY.equals(tokens.get(tokens.size() - 1))) {
                tokens.add(BOUNDARY);
            }
            i += Character.charCount(cp);
        }
        while (!tokens.isEmpty() && BOUNDARY.equals(tokens.get(tokens.size() - 1))) {
            tokens.remove(tokens.size() - 1);
        }
        return tokens.toArray(String[]::new);
    }

    static boolean isWordPart(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK -> !isEmojiPart(cp);
            default -> false;
        };
    }

    private static boolean isEmojiPart(int cp) {
        return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0x1F3FB && cp <= 0x1F3FF);
    }

    private static boolean isSentencePunctuation(int cp) {
        return switch (cp) {
            case '.', ',', '!', '?', ';', ':', '\u060C', '\u061B', '\u061F', '\u06D4', '\u0964', '\u0965', '\u2026',
                 '\u3002', '\uFF01', '\uFF1F', '\u00A1', '\u00BF' -> true;
            default -> false;
        };
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
