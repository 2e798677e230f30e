package com.example.whatsapp.optin.consent;

import com.example.whatsapp.optin.consent.OraclePhrases.Element;
import com.example.whatsapp.optin.consent.OraclePhrases.Kind;
import com.example.whatsapp.optin.consent.OraclePhrases.Rule;
import com.example.whatsapp.optin.consent.OraclePhrases.Span;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A copy of the revocation detector in its plain form (string tokens, one index lookup per rule
 * and element), kept as an oracle: the production detector must answer exactly as it does. It
 * shares the pre-filter, the misspelling check and the word list with production, which the
 * numbered full check did not change.
 *
 * <p>Finds revocations in the customer's own words, in English and the business's language packs,
 * in text that matched no keyword of any kind (exact matching comes first).
 *
 * <p>In order: a cheap pre-filter ({@link RevocationPrefilter}); the message read as tokens
 * ({@link OracleText}); never-flagged keywords; vetoes; guards, which take the words they span
 * out of play (negation, the object of the verb, places and times, reported speech, quoted text);
 * then the rules: an opt-out keyword with only courtesy words, fillers or repeats around it, an
 * obvious misspelling of one, the languages' CLEAR phrases (a question around one makes it
 * POSSIBLE), their POSSIBLE phrases. Every detection names its rule; {@code docs/revocation.md}
 * lists them.
 */
final class OracleDetector {

    static final String KEYWORD = "keyword";
    static final String KEYWORD_WITH_COURTESY = "keyword-with-courtesy";
    static final String REPEATED_KEYWORD = "repeated-keyword";
    static final String MISSPELT_KEYWORD = "misspelt-keyword";

    private static final int STEM_LENGTH = 4;

    /** A rule whose anchor is a prefix: any token starting with {@code prefix} may let rule {@code id} match. */
    private record Prefix(String prefix, int id) {
    }

    private int ruleCount;
    private final java.util.Map<String, BitSet> exactIndex = new java.util.HashMap<>();
    /** Prefix anchors by their first character (ASCII), and the others. */
    private final Prefix[][] asciiPrefixes = new Prefix[128][];
    private Prefix[] otherPrefixes = new Prefix[0];

    private final List<String> languages;
    private final List<String[]> keywords;
    private final OraclePhrases.Index keywordIndex;
    private final Set<String> keywordStarts;
    private final List<String[]> courtesy;
    private final Set<String> neverFlagged;
    private final List<Rule> vetoes = new ArrayList<>();
    private final List<Rule> guards = new ArrayList<>();
    private final List<Rule> demotions = new ArrayList<>();
    private final List<Rule> clear = new ArrayList<>();
    private final List<Rule> possible = new ArrayList<>();
    /** Each kind's rules in order, as arrays, and their ids in the candidate sets. */
    private Rule[] vetoRules;
    private Rule[] guardRules;
    private Rule[] demoteRules;
    private Rule[] clearRules;
    private Rule[] possibleRules;
    private int[] vetoIds;
    private int[] guardIds;
    private int[] demoteIds;
    private int[] clearIds;
    private int[] possibleIds;
    private final KeywordMisspelling misspelling;
    /** Common words that are also courtesy words (please, pls, no, ya...): the last choice of an anchor. */
    private final Set<String> politeCommon = new HashSet<>();
    private final RevocationPrefilter prefilter;

    private OracleDetector(List<String> languages, Collection<String> optOutKeywords, Collection<String> neverFlagged) {
        Set<String> codes = new LinkedHashSet<>();
        codes.add("en");
        for (String language : languages) {
            if (language != null && OraclePhrases.exists(language)) {
                codes.add(language);
            }
        }
        this.languages = List.copyOf(codes);

        Set<String> foldedKeywords = new LinkedHashSet<>();
        List<String[]> keywordTokens = new ArrayList<>();
        for (String keyword : optOutKeywords) {
            String folded = OracleText.fold(keyword);
            String[] tokens = OracleText.tokens(folded);
            if (tokens.length > 0 && foldedKeywords.add(folded)) {
                keywordTokens.add(tokens);
            }
        }
        this.keywords = OraclePhrases.longestFirst(keywordTokens);
        this.keywordIndex = OraclePhrases.Index.of(this.keywords);
        Set<String> starts = new HashSet<>();
        keywordTokens.forEach(k -> starts.add(k[0]));
        this.keywordStarts = Set.copyOf(starts);

        Set<String> never = new HashSet<>();
        for (String keyword : neverFlagged) {
            String folded = OracleText.fold(keyword);
            if (!folded.isEmpty()) {
                never.add(folded);
            }
        }
        this.neverFlagged = Set.copyOf(never);

        List<String[]> courtesyWords = new ArrayList<>();
        Set<String> commonWords = new HashSet<>();
        for (String code : this.languages) {
            OraclePhrases phrases = OraclePhrases.of(code);
            courtesyWords.addAll(phrases.courtesy);
            commonWords.addAll(phrases.common);
            for (Rule rule : phrases.rules) {
                switch (rule.kind()) {
                    case VETO -> vetoes.add(rule);
                    case GUARD -> guards.add(rule);
                    case DEMOTE -> demotions.add(rule);
                    case CLEAR -> clear.add(rule);
                    case POSSIBLE -> possible.add(rule);
                }
            }
        }
        this.courtesy = OraclePhrases.longestFirst(courtesyWords);
        courtesyWords.forEach(words -> {
            if (words.length == 1 && commonWords.contains(words[0])) {
                politeCommon.add(words[0]);
            }
        });

        Set<String> packKeywords = new HashSet<>();
        for (String code : this.languages) {
            for (String keyword : LanguagePacks.keywords(code)) {
                packKeywords.add(OracleText.fold(keyword));
            }
        }
        List<String> oneWordKeywords = new ArrayList<>();
        for (String keyword : foldedKeywords) {
            if (OracleText.tokens(keyword).length == 1) {
                oneWordKeywords.add(keyword);
            }
        }
        this.misspelling = KeywordMisspelling.of(oneWordKeywords, packKeywords, this.neverFlagged);

        Set<String> stems = new HashSet<>();
        for (String[] keyword : this.keywords) {
            stems.add(stem(longest(keyword)));
        }
        java.util.Map<Character, List<Prefix>> prefixes = new java.util.HashMap<>();
        List<int[]> ids = new ArrayList<>();
        for (List<Rule> rules : List.of(vetoes, guards, demotions, clear, possible)) {
            int[] kindIds = new int[rules.size()];
            ids.add(kindIds);
            for (int r = 0; r < rules.size(); r++) {
                Rule rule = rules.get(r);
                int id = ruleCount++;
                kindIds[r] = id;
                for (String word : anchorWords(rule, commonWords)) {
                    if (word.endsWith("*")) {
                        String prefix = word.substring(0, word.length() - 1);
                        prefixes.computeIfAbsent(prefix.charAt(0), k -> new ArrayList<>()).add(new Prefix(prefix, id));
                    } else {
                        exactIndex.computeIfAbsent(word, k -> new BitSet()).set(id);
                    }
                    if (rule.kind() == Kind.CLEAR || rule.kind() == Kind.POSSIBLE) {
                        stems.add(stem(word));
                    }
                }
            }
        }
        java.util.Arrays.fill(asciiPrefixes, new Prefix[0]);
        List<Prefix> others = new ArrayList<>();
        prefixes.forEach((first, list) -> {
            if (first < 128) {
                asciiPrefixes[first] = list.toArray(Prefix[]::new);
            } else {
                others.addAll(list);
            }
        });
        this.otherPrefixes = others.toArray(Prefix[]::new);
        this.vetoRules = vetoes.toArray(Rule[]::new);
        this.guardRules = guards.toArray(Rule[]::new);
        this.demoteRules = demotions.toArray(Rule[]::new);
        this.clearRules = clear.toArray(Rule[]::new);
        this.possibleRules = possible.toArray(Rule[]::new);
        this.vetoIds = ids.get(0);
        this.guardIds = ids.get(1);
        this.demoteIds = ids.get(2);
        this.clearIds = ids.get(3);
        this.possibleIds = ids.get(4);
        this.prefilter = new RevocationPrefilter(stems, misspelling.isEmpty() ? 0 : misspelling.maxLength());
    }

    /**
     * The detector of a business: English plus {@code languages} (pack codes, as in the settings).
     *
     * @param optOutKeywords the business's opt-out keywords of every source (built-ins, its own, its packs'),
     *                       as configured: the words a misspelling may be of
     * @param neverFlagged   keywords of the other kinds (opt-in, marketing, help), as configured: never a revocation,
     *                       even when their kind is switched off
     */
    static OracleDetector of(List<String> languages, Collection<String> optOutKeywords,
                                        Collection<String> neverFlagged) {
        return new OracleDetector(languages, optOutKeywords, neverFlagged);
    }

    /** The revocation {@code text} makes, or empty when it is none. */
    Optional<Revocation> detect(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        boolean ascii = OracleText.isAscii(text);
        if (ascii ? !prefilter.mayMatchAscii(text) : !prefilter.mayMatchRaw(text)) {
            return Optional.empty();
        }
        String folded = OracleText.fold(text);
        if ((!ascii && !prefilter.mayMatchFolded(folded)) || neverFlagged.contains(folded)) {
            return Optional.empty();
        }
        return classify(OracleText.tokens(folded));
    }

    /** As {@link #detect}, without the pre-filter: the oracle the pre-filter is tested against. */
    Optional<Revocation> detectWithoutPrefilter(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String folded = OracleText.fold(text);
        return neverFlagged.contains(folded) ? Optional.empty() : classify(OracleText.tokens(folded));
    }

    /** The languages whose phrases this detector reads: English first, then the listed packs that have phrases. */
    List<String> languages() {
        return languages;
    }

    /** The pre-filter's stems (for documentation and tests). */
    List<String> stems() {
        return prefilter.stems();
    }

    private Optional<Revocation> classify(String[] tokens) {
        if (tokens.length == 0) {
            return Optional.empty();
        }
        BitSet candidates = candidates(tokens);
        for (int r = 0; r < vetoRules.length; r++) {
            if (candidates.get(vetoIds[r]) && OraclePhrases.find(vetoRules[r], tokens, keywordIndex) != null) {
                return Optional.empty();
            }
        }
        for (int r = 0; r < guardRules.length; r++) {
            if (!candidates.get(guardIds[r])) {
                continue;
            }
            Rule guard = guardRules[r];
            for (Span span = OraclePhrases.find(guard, tokens, keywordIndex); span != null;
                 span = OraclePhrases.find(guard, tokens, keywordIndex)) {
                boolean changed = false;
                for (int t = span.start(); t < span.end(); t++) {
                    if (!OracleText.BOUNDARY.equals(tokens[t]) && !tokens[t].isEmpty()) {
                        tokens[t] = OracleText.NEUTRAL;
                        changed = true;
                    }
                }
                if (!changed) {
                    break;
                }
            }
        }
        Revocation keyword = tokens.length == 1 || holdsKeywordStart(tokens) ? keywordWithCourtesy(tokens) : null;
        if (keyword != null) {
            return Optional.of(keyword);
        }
        for (int r = 0; r < clearRules.length; r++) {
            Span span = candidates.get(clearIds[r]) ? OraclePhrases.find(clearRules[r], tokens, keywordIndex) : null;
            if (span != null) {
                for (int d = 0; d < demoteRules.length; d++) {
                    Span question = candidates.get(demoteIds[d])
                            ? OraclePhrases.find(demoteRules[d], tokens, keywordIndex) : null;
                    if (question != null && question.overlaps(span)) {
                        return Optional.of(new Revocation(RevocationTier.POSSIBLE, demoteRules[d].name()));
                    }
                }
                return Optional.of(new Revocation(RevocationTier.CLEAR, clearRules[r].name()));
            }
        }
        for (int r = 0; r < possibleRules.length; r++) {
            if (candidates.get(possibleIds[r]) && OraclePhrases.find(possibleRules[r], tokens, keywordIndex) != null) {
                return Optional.of(new Revocation(RevocationTier.POSSIBLE, possibleRules[r].name()));
            }
        }
        return Optional.empty();
    }

    /**
     * When the message is opt-out keywords with nothing but courtesy words, fillers and punctuation: CLEAR.
     * When it is one word, an obvious misspelling of a keyword: CLEAR.
     */
    private Revocation keywordWithCourtesy(String[] tokens) {
        int found = 0;
        boolean polite = false;
        int t = 0;
        outer:
        while (t < tokens.length) {
            if (OracleText.BOUNDARY.equals(tokens[t])) {
                t++;
                continue;
            }
            for (String[] keyword : keywords) {
                if (OraclePhrases.startsWith(tokens, t, keyword)) {
                    found++;
                    t += keyword.length;
                    continue outer;
                }
            }
            for (String[] word : courtesy) {
                if (OraclePhrases.startsWith(tokens, t, word)) {
                    polite = true;
                    t += word.length;
                    continue outer;
                }
            }
            return tokens.length == 1 && misspelling.isMisspelling(tokens[0])
                    ? new Revocation(RevocationTier.CLEAR, MISSPELT_KEYWORD) : null;
        }
        if (found == 0) {
            return null;
        }
        String rule = polite ? KEYWORD_WITH_COURTESY : found > 1 ? REPEATED_KEYWORD : KEYWORD;
        return new Revocation(RevocationTier.CLEAR, rule);
    }

    private boolean holdsKeywordStart(String[] tokens) {
        for (String token : tokens) {
            if (keywordStarts.contains(token)) {
                return true;
            }
        }
        return false;
    }

    /** The rules that may match: those with a token of their anchor in the message. */
    private BitSet candidates(String[] tokens) {
        BitSet candidates = new BitSet(ruleCount);
        for (String token : tokens) {
            if (token.isEmpty() || OracleText.BOUNDARY.equals(token)) {
                continue;
            }
            BitSet exact = exactIndex.get(token);
            if (exact != null) {
                candidates.or(exact);
            }
            char first = token.charAt(0);
            for (Prefix prefix : first < 128 ? asciiPrefixes[first] : otherPrefixes) {
                if (token.startsWith(prefix.prefix())) {
                    candidates.set(prefix.id());
                }
            }
        }
        return candidates;
    }

    /**
     * The words of the element every match of {@code rule} must contain, the rarest such element: the
     * pre-filter's stems and the rule index come from them. Rarest means first the fewest words too
     * common in chat to anchor anything ({@code @common} in the phrase files) among those whose
     * shortest stem has three letters or more, then the fewest alternatives. Of an alternative of several words, its rarest word.
     */
    private List<String> anchorWords(Rule rule, Set<String> common) {
        List<String> best = null;
        long bestScore = Long.MIN_VALUE;
        for (Element element : rule.elements()) {
            if (element.type() != Element.Type.WORDS || element.optional() || element.repeat() || element.orEnd()
                    || element.orStart()) {
                continue;
            }
            List<String> words = new ArrayList<>();
            element.alternatives().forEach(a -> words.add(rarest(a, common)));
            if (element.withKeywords()) {
                keywords.forEach(k -> words.add(rarest(k, common)));
            }
            if (words.isEmpty()) {
                continue;
            }
            int shortest = Integer.MAX_VALUE;
            int commonCount = 0;
            for (String word : words) {
                shortest = Math.min(shortest, stem(word).length());
                if (isCommon(word, common)) {
                    commonCount++;
                }
            }
            long score = Math.min(shortest, 3) * 1_000_000_000_000L - commonCount * 1_000_000L - words.size() * 100L + shortest;
            if (score > bestScore) {
                bestScore = score;
                best = words;
            }
        }
        if (best == null) {
            throw new IllegalStateException("rule " + rule.name() + " (" + rule.language() + ") has no word every match needs");
        }
        return best;
    }

    private static boolean isCommon(String word, Set<String> common) {
        return common.contains(word.endsWith("*") ? word.substring(0, word.length() - 1) : word);
    }

    /**
     * The word of a several-word alternative to look it up by: one of three letters or more if it can,
     * then not a common word if it can, then not a courtesy word (please) if it can, then the longest.
     */
    private String rarest(String[] words, Set<String> common) {
        String rarest = null;
        long rarestScore = Long.MIN_VALUE;
        for (String word : words) {
            int length = word.replace("*", "").length();
            long score = (length >= 3 ? 1_000_000L : 0) + (isCommon(word, common) ? 0 : 1_000L)
                    + (politeCommon.contains(word) ? 0 : 100L) + length;
            if (score > rarestScore) {
                rarestScore = score;
                rarest = word;
            }
        }
        return rarest;
    }

    private static String longest(String[] words) {
        String longest = words[0];
        for (String word : words) {
            if (word.replace("*", "").length() > longest.replace("*", "").length()) {
                longest = word;
            }
        }
        return longest;
    }

    private static String stem(String word) {
        String plain = word.endsWith("*") ? word.substring(0, word.length() - 1) : word;
        return plain.length() <= STEM_LENGTH ? plain : plain.substring(0, STEM_LENGTH);
    }
}
