package com.example.whatsapp.optin.consent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One business's keywords, normalized once when its settings change, looked up by hash per
 * message. Immutable, so the stream threads can share it.
 */
public final class KeywordMatcher {

    /** Each normalized keyword's answer, built once: a match allocates nothing of its own. */
    private final Map<String, Optional<KeywordMatch>> optOut;
    private final Map<String, Optional<KeywordMatch>> optIn;
    /** The longest normalized keyword: most chat is longer and is rejected without being normalized. */
    private final int longestKeyword;

    private KeywordMatcher(Map<String, Optional<KeywordMatch>> optOut, Map<String, Optional<KeywordMatch>> optIn) {
        this.optOut = optOut;
        this.optIn = optIn;
        this.longestKeyword = java.util.stream.Stream.concat(optOut.keySet().stream(), optIn.keySet().stream())
                .mapToInt(String::length).max().orElse(0);
    }

    /**
     * @param businessOptOut the business's own opt-out keywords; their spelling wins over a built-in
     *                       one that normalizes alike
     * @param builtInOptOut  the service-wide opt-out keywords
     * @param optIn          opt-in keywords, empty when opt-in is off
     */
    public static KeywordMatcher of(List<String> businessOptOut, List<String> builtInOptOut, List<String> optIn) {
        return of(businessOptOut, builtInOptOut, List.of(), optIn);
    }

    /**
     * @param languages the business's language packs, in its order: a word in two of them belongs to
     *                  the first; a pack word that is also a business or built-in keyword is theirs
     */
    public static KeywordMatcher of(List<String> businessOptOut, List<String> builtInOptOut, List<String> languages,
                                    List<String> optIn) {
        Map<String, Optional<KeywordMatch>> out = new HashMap<>();
        add(out, businessOptOut, Direction.OPT_OUT, null);
        add(out, builtInOptOut, Direction.OPT_OUT, null);
        for (String language : languages) {
            add(out, LanguagePacks.keywords(language), Direction.OPT_OUT, language);
        }
        Map<String, Optional<KeywordMatch>> in = new HashMap<>();
        add(in, optIn, Direction.OPT_IN, null);
        out.remove("");
        in.remove("");
        return new KeywordMatcher(Map.copyOf(out), Map.copyOf(in));
    }

    private static void add(Map<String, Optional<KeywordMatch>> into, List<String> keywords, Direction direction,
                            String language) {
        for (String keyword : keywords) {
            into.computeIfAbsent(TextNormalizer.normalize(keyword),
                    normalized -> Optional.of(new KeywordMatch(direction, keyword, language)));
        }
    }

    /**
     * Opt-out wins over opt-in; within a direction the first candidate that matches names the
     * keyword. Each candidate is normalized once.
     */
    public Optional<KeywordMatch> match(List<String> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String[] normalized = new String[candidates.size()];
        for (int i = 0; i < normalized.length; i++) {
            if (TextNormalizer.normalizesLongerThan(candidates.get(i), longestKeyword)) {
                continue;
            }
            normalized[i] = TextNormalizer.normalize(candidates.get(i));
            Optional<KeywordMatch> match = optOut.get(normalized[i]);
            if (match != null) {
                return match;
            }
        }
        if (optIn.isEmpty()) {
            return Optional.empty();
        }
        for (String candidate : normalized) {
            Optional<KeywordMatch> match = candidate == null ? null : optIn.get(candidate);
            if (match != null) {
                return match;
            }
        }
        return Optional.empty();
    }
}
