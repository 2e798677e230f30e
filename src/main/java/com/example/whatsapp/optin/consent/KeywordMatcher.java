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

    private final Map<String, String> optOut;
    private final Map<String, String> optIn;
    /** The longest normalized keyword: most chat is longer and is rejected without being normalized. */
    private final int longestKeyword;

    private KeywordMatcher(Map<String, String> optOut, Map<String, String> optIn) {
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
        Map<String, String> out = new HashMap<>();
        for (String keyword : businessOptOut) {
            out.putIfAbsent(TextNormalizer.normalize(keyword), keyword);
        }
        for (String keyword : builtInOptOut) {
            out.putIfAbsent(TextNormalizer.normalize(keyword), keyword);
        }
        Map<String, String> in = new HashMap<>();
        for (String keyword : optIn) {
            in.putIfAbsent(TextNormalizer.normalize(keyword), keyword);
        }
        out.remove("");
        in.remove("");
        return new KeywordMatcher(Map.copyOf(out), Map.copyOf(in));
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
            String keyword = optOut.get(normalized[i]);
            if (keyword != null) {
                return Optional.of(new KeywordMatch(Direction.OPT_OUT, keyword));
            }
        }
        if (optIn.isEmpty()) {
            return Optional.empty();
        }
        for (String candidate : normalized) {
            String keyword = candidate == null ? null : optIn.get(candidate);
            if (keyword != null) {
                return Optional.of(new KeywordMatch(Direction.OPT_IN, keyword));
            }
        }
        return Optional.empty();
    }
}
