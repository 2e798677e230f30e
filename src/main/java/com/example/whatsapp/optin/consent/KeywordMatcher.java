package com.example.whatsapp.optin.consent;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One business's keywords of every kind, normalized once when its settings change, looked up by
 * hash per message. Immutable, so the stream threads can share it.
 */
public final class KeywordMatcher {

    private static final KeywordKind[] KINDS = KeywordKind.values();

    /** Per kind, in {@link KeywordKind} order: each normalized keyword's answer, built once, so a match allocates nothing of its own. */
    private final List<Map<String, Optional<KeywordMatch>>> byKind;
    /** The longest normalized keyword: most chat is longer and is rejected without being normalized. */
    private final int longestKeyword;

    private KeywordMatcher(List<Map<String, Optional<KeywordMatch>>> byKind) {
        this.byKind = byKind;
        this.longestKeyword = byKind.stream().flatMap(m -> m.keySet().stream()).mapToInt(String::length).max().orElse(0);
    }

    /** A business's keywords by kind; a missing kind has none. */
    public record Keywords(List<String> businessOptOut, List<String> builtInOptOut, List<String> languages,
                           List<String> marketingOptOut, List<String> marketingOptIn, List<String> optIn,
                           List<String> help) {
        public Keywords {
            businessOptOut = orEmpty(businessOptOut);
            builtInOptOut = orEmpty(builtInOptOut);
            languages = orEmpty(languages);
            marketingOptOut = orEmpty(marketingOptOut);
            marketingOptIn = orEmpty(marketingOptIn);
            optIn = orEmpty(optIn);
            help = orEmpty(help);
        }

        private static List<String> orEmpty(List<String> list) {
            return list == null ? List.of() : List.copyOf(list);
        }
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
        return of(new Keywords(businessOptOut, builtInOptOut, languages, null, null, optIn, null));
    }

    public static KeywordMatcher of(Keywords keywords) {
        Map<KeywordKind, Map<String, Optional<KeywordMatch>>> maps = new EnumMap<>(KeywordKind.class);
        for (KeywordKind kind : KINDS) {
            maps.put(kind, new HashMap<>());
        }
        add(maps.get(KeywordKind.OPT_OUT), keywords.businessOptOut(), KeywordKind.OPT_OUT, null);
        add(maps.get(KeywordKind.OPT_OUT), keywords.builtInOptOut(), KeywordKind.OPT_OUT, null);
        for (String language : keywords.languages()) {
            add(maps.get(KeywordKind.OPT_OUT), LanguagePacks.keywords(language), KeywordKind.OPT_OUT, language);
        }
        add(maps.get(KeywordKind.MARKETING_OPT_OUT), keywords.marketingOptOut(), KeywordKind.MARKETING_OPT_OUT, null);
        add(maps.get(KeywordKind.MARKETING_OPT_IN), keywords.marketingOptIn(), KeywordKind.MARKETING_OPT_IN, null);
        add(maps.get(KeywordKind.OPT_IN), keywords.optIn(), KeywordKind.OPT_IN, null);
        add(maps.get(KeywordKind.HELP), keywords.help(), KeywordKind.HELP, null);
        List<Map<String, Optional<KeywordMatch>>> byKind = new ArrayList<>(KINDS.length);
        for (KeywordKind kind : KINDS) {
            Map<String, Optional<KeywordMatch>> map = maps.get(kind);
            map.remove("");
            byKind.add(Map.copyOf(map));
        }
        return new KeywordMatcher(List.copyOf(byKind));
    }

    private static void add(Map<String, Optional<KeywordMatch>> into, List<String> keywords, KeywordKind kind,
                            String language) {
        for (String keyword : keywords) {
            into.computeIfAbsent(TextNormalizer.normalize(keyword),
                    normalized -> Optional.of(new KeywordMatch(kind, keyword, language)));
        }
    }

    /**
     * The kinds in {@link KeywordKind} order (opt-out, marketing opt-out, marketing opt-in,
     * opt-in, HELP): the first kind that matches any candidate decides; within a kind the first
     * candidate that matches names the keyword. Each candidate is normalized once.
     */
    public Optional<KeywordMatch> match(List<String> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String[] normalized = new String[candidates.size()];
        for (int i = 0; i < normalized.length; i++) {
            if (!TextNormalizer.normalizesLongerThan(candidates.get(i), longestKeyword)) {
                normalized[i] = TextNormalizer.normalize(candidates.get(i));
            }
        }
        for (Map<String, Optional<KeywordMatch>> kind : byKind) {
            if (kind.isEmpty()) {
                continue;
            }
            for (String candidate : normalized) {
                Optional<KeywordMatch> match = candidate == null ? null : kind.get(candidate);
                if (match != null) {
                    return match;
                }
            }
        }
        return Optional.empty();
    }
}
