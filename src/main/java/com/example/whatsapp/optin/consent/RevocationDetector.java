package com.example.whatsapp.optin.consent;

import com.example.whatsapp.optin.consent.RevocationPhrases.Element;
import com.example.whatsapp.optin.consent.RevocationPhrases.Kind;
import com.example.whatsapp.optin.consent.RevocationPhrases.Rule;
import com.example.whatsapp.optin.consent.RevocationPhrases.Span;
import com.example.whatsapp.optin.consent.RevocationPhrases.Tokens;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds revocations in the customer's own words, in English and the business's language packs,
 * in text that matched no keyword of any kind (exact matching comes first).
 *
 * <p>In order: a cheap pre-filter ({@link RevocationPrefilter}); the message read as tokens
 * ({@link RevocationText}); never-flagged keywords; vetoes; guards, which take the words they span
 * out of play (negation, the object of the verb, places and times, reported speech, quoted text);
 * then the rules: an opt-out keyword with only courtesy words, fillers or repeats around it, an
 * obvious misspelling of one, the languages' CLEAR phrases (a question around one makes it
 * POSSIBLE), their POSSIBLE phrases. Every detection names its rule; {@code docs/revocation.md}
 * lists them.
 */
public final class RevocationDetector {

    static final String KEYWORD = "keyword";
    static final String KEYWORD_WITH_COURTESY = "keyword-with-courtesy";
    static final String REPEATED_KEYWORD = "repeated-keyword";
    static final String MISSPELT_KEYWORD = "misspelt-keyword";

    private static final int STEM_LENGTH = 4;
    private static final int[][] NO_WORDS = new int[0][];

    private int ruleCount;
    private final java.util.Map<String, BitSet> exactIndex = new java.util.HashMap<>();
    /** The rules whose anchor is a prefix, by its {@link RevocationWords} number. */
    private final RevocationWords.Table<int[]> prefixIndex;
    /**
     * The rules that begin with a word, by the words and prefixes they may begin with, and those that may begin
     * with a keyword; the others are tried from every token ({@code -1L} in {@link #everyStart}).
     */
    private final RevocationWords.Table<int[]> headsByWord;
    private final RevocationWords.Table<int[]> headsByPrefix;
    private final int[] headsWithKeywords;
    private final long[] everyStart;

    private final List<String> languages;
    private final List<String[]> keywords;
    private final RevocationPhrases.Keywords keywordIndex;
    /** The courtesy words that may begin at a token: by its word those that begin with it or with a prefix, in order. */
    private final RevocationWords.Table<int[][]> courtesyByFirstWord;
    /** The courtesy words that begin with a prefix, in order: all that may begin at a token of no courtesy word. */
    private final int[][] prefixedCourtesy;
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

    private RevocationDetector(List<String> languages, Collection<String> optOutKeywords, Collection<String> neverFlagged) {
        Set<String> codes = new LinkedHashSet<>();
        codes.add("en");
        for (String language : languages) {
            if (language != null && RevocationPhrases.exists(language)) {
                codes.add(language);
            }
        }
        this.languages = List.copyOf(codes);

        Set<String> foldedKeywords = new LinkedHashSet<>();
        List<String[]> keywordTokens = new ArrayList<>();
        for (String keyword : optOutKeywords) {
            String folded = RevocationText.fold(keyword);
            String[] tokens = RevocationText.tokens(folded);
            if (tokens.length > 0 && foldedKeywords.add(folded)) {
                keywordTokens.add(tokens);
            }
        }
        this.keywords = RevocationPhrases.longestFirst(keywordTokens);
        this.keywordIndex = RevocationPhrases.Keywords.of(this.keywords);

        Set<String> never = new HashSet<>();
        for (String keyword : neverFlagged) {
            String folded = RevocationText.fold(keyword);
            if (!folded.isEmpty()) {
                never.add(folded);
            }
        }
        this.neverFlagged = Set.copyOf(never);

        List<String[]> courtesyWords = new ArrayList<>();
        Set<String> commonWords = new HashSet<>();
        for (String code : this.languages) {
            RevocationPhrases phrases = RevocationPhrases.of(code);
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
        List<int[]> courtesy = new ArrayList<>();
        RevocationPhrases.longestFirst(courtesyWords).forEach(words -> courtesy.add(RevocationWords.patterns(words)));
        List<int[]> prefixed = new ArrayList<>();
        java.util.Map<Integer, List<int[]>> byFirst = new java.util.HashMap<>();
        for (int[] words : courtesy) {
            if (words[0] < 0) {
                prefixed.add(words);
                byFirst.values().forEach(list -> list.add(words));
            } else {
                byFirst.computeIfAbsent(words[0], k -> new ArrayList<>(prefixed)).add(words);
            }
        }
        java.util.Map<Integer, int[][]> courtesyTable = new java.util.HashMap<>();
        byFirst.forEach((first, list) -> courtesyTable.put(first, list.toArray(int[][]::new)));
        this.courtesyByFirstWord = new RevocationWords.Table<>(courtesyTable);
        this.prefixedCourtesy = prefixed.toArray(int[][]::new);
        courtesyWords.forEach(words -> {
            if (words.length == 1 && commonWords.contains(words[0])) {
                politeCommon.add(words[0]);
            }
        });

        Set<String> packKeywords = new HashSet<>();
        for (String code : this.languages) {
            for (String keyword : LanguagePacks.keywords(code)) {
                packKeywords.add(RevocationText.fold(keyword));
            }
        }
        List<String> oneWordKeywords = new ArrayList<>();
        for (String keyword : foldedKeywords) {
            if (RevocationText.tokens(keyword).length == 1) {
                oneWordKeywords.add(keyword);
            }
        }
        this.misspelling = KeywordMisspelling.of(oneWordKeywords, packKeywords, this.neverFlagged);

        Set<String> stems = new HashSet<>();
        for (String[] keyword : this.keywords) {
            stems.add(stem(longest(keyword)));
        }
        java.util.Map<Integer, List<Integer>> prefixes = new java.util.HashMap<>();
        java.util.Map<Integer, List<Integer>> byWord = new java.util.HashMap<>();
        java.util.Map<Integer, List<Integer>> byPrefix = new java.util.HashMap<>();
        List<Integer> withKeywords = new ArrayList<>();
        List<Integer> anywhere = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (List<Rule> rules : List.of(vetoes, guards, demotions, clear, possible)) {
            int[] kindIds = new int[rules.size()];
            ids.add(kindIds);
            for (int r = 0; r < rules.size(); r++) {
                Rule rule = rules.get(r);
                int id = ruleCount++;
                kindIds[r] = id;
                Element head = RevocationPhrases.requiredHead(rule);
                if (head == null) {
                    anywhere.add(id);
                } else {
                    for (int word : head.choices().firstWords()) {
                        byWord.computeIfAbsent(word, k -> new ArrayList<>()).add(id);
                    }
                    for (int prefix : head.choices().firstPrefixes()) {
                        byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(id);
                    }
                    if (head.withKeywords()) {
                        withKeywords.add(id);
                    }
                }
                for (String word : anchorWords(rule, commonWords)) {
                    if (word.endsWith("*")) {
                        prefixes.computeIfAbsent(~RevocationWords.pattern(word), k -> new ArrayList<>()).add(id);
                    } else {
                        exactIndex.computeIfAbsent(word, k -> new BitSet()).set(id);
                    }
                    if (rule.kind() == Kind.CLEAR || rule.kind() == Kind.POSSIBLE) {
                        stems.add(stem(word));
                    }
                }
            }
        }
        this.prefixIndex = new RevocationWords.Table<>(toArrays(prefixes));
        this.headsByWord = new RevocationWords.Table<>(toArrays(byWord));
        this.headsByPrefix = new RevocationWords.Table<>(toArrays(byPrefix));
        this.headsWithKeywords = withKeywords.stream().mapToInt(Integer::intValue).toArray();
        this.everyStart = new long[ruleCount];
        anywhere.forEach(id -> everyStart[id] = -1L);
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
    public static RevocationDetector of(List<String> languages, Collection<String> optOutKeywords,
                                        Collection<String> neverFlagged) {
        return new RevocationDetector(languages, optOutKeywords, neverFlagged);
    }

    /** The revocation {@code text} makes, or empty when it is none. */
    public Optional<Revocation> detect(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        boolean ascii = RevocationText.isAscii(text);
        if (ascii ? !prefilter.mayMatchAscii(text) : !prefilter.mayMatchRaw(text)) {
            return Optional.empty();
        }
        String folded = RevocationText.fold(text);
        if ((!ascii && !prefilter.mayMatchFolded(folded)) || neverFlagged.contains(folded)) {
            return Optional.empty();
        }
        return classify(RevocationText.tokens(folded));
    }

    /** As {@link #detect}, without the pre-filter: the oracle the pre-filter is tested against. */
    Optional<Revocation> detectWithoutPrefilter(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String folded = RevocationText.fold(text);
        return neverFlagged.contains(folded) ? Optional.empty() : classify(RevocationText.tokens(folded));
    }

    /** The languages whose phrases this detector reads: English first, then the listed packs that have phrases. */
    public List<String> languages() {
        return languages;
    }

    /** The pre-filter's stems (for documentation and tests). */
    List<String> stems() {
        return prefilter.stems();
    }

    private Optional<Revocation> classify(String[] words) {
        if (words.length == 0) {
            return Optional.empty();
        }
        Tokens tokens = new Tokens(words, keywordIndex);
        BitSet candidates = candidates(tokens);
        long[] starts = starts(tokens);
        for (int r = next(candidates, vetoIds, 0); r < vetoRules.length; r = next(candidates, vetoIds, r + 1)) {
            if (RevocationPhrases.find(vetoRules[r], tokens, starts[vetoIds[r]]) != null) {
                return Optional.empty();
            }
        }
        for (int r = next(candidates, guardIds, 0); r < guardRules.length; r = next(candidates, guardIds, r + 1)) {
            Rule guard = guardRules[r];
            for (Span span = RevocationPhrases.find(guard, tokens, starts[guardIds[r]]); span != null;
                 span = RevocationPhrases.find(guard, tokens, starts[guardIds[r]])) {
                boolean changed = false;
                for (int t = span.start(); t < span.end(); t++) {
                    changed |= tokens.neutralize(t);
                }
                if (!changed) {
                    break;
                }
            }
        }
        Revocation keyword = tokens.length() == 1 || holdsKeywordStart(tokens) ? keywordWithCourtesy(tokens) : null;
        if (keyword != null) {
            return Optional.of(keyword);
        }
        for (int r = next(candidates, clearIds, 0); r < clearRules.length; r = next(candidates, clearIds, r + 1)) {
            Span span = RevocationPhrases.find(clearRules[r], tokens, starts[clearIds[r]]);
            if (span != null) {
                for (int d = next(candidates, demoteIds, 0); d < demoteRules.length; d = next(candidates, demoteIds, d + 1)) {
                    Span question = RevocationPhrases.find(demoteRules[d], tokens, starts[demoteIds[d]]);
                    if (question != null && question.overlaps(span)) {
                        return Optional.of(new Revocation(RevocationTier.POSSIBLE, demoteRules[d].name()));
                    }
                }
                return Optional.of(new Revocation(RevocationTier.CLEAR, clearRules[r].name()));
            }
        }
        for (int r = next(candidates, possibleIds, 0); r < possibleRules.length; r = next(candidates, possibleIds, r + 1)) {
            if (RevocationPhrases.find(possibleRules[r], tokens, starts[possibleIds[r]]) != null) {
                return Optional.of(new Revocation(RevocationTier.POSSIBLE, possibleRules[r].name()));
            }
        }
        return Optional.empty();
    }

    /** The first rule of a kind from its {@code r}th on that is a candidate; the kind's count when none (its ids follow each other). */
    private static int next(BitSet candidates, int[] ids, int r) {
        if (r >= ids.length) {
            return ids.length;
        }
        int id = candidates.nextSetBit(ids[r]);
        return id < 0 ? ids.length : Math.min(id - ids[0], ids.length);
    }

    /**
     * When the message is opt-out keywords with nothing but courtesy words, fillers and punctuation: CLEAR.
     * When it is one word, an obvious misspelling of a keyword: CLEAR.
     */
    private Revocation keywordWithCourtesy(Tokens tokens) {
        int found = 0;
        boolean polite = false;
        int t = 0;
        outer:
        while (t < tokens.length()) {
            if (tokens.isBoundary(t)) {
                t++;
                continue;
            }
            if (tokens.keywords[t] != null) {
                for (String[] keyword : tokens.keywords[t]) {
                    if (RevocationPhrases.startsWith(tokens.words, t, keyword)) {
                        found++;
                        t += keyword.length;
                        continue outer;
                    }
                }
            }
            int[][] courtesy = courtesyByFirstWord.get(tokens.ids[t]);
            for (int[] word : courtesy != null ? courtesy : tokens.prefixes[t].length > 0 ? prefixedCourtesy : NO_WORDS) {
                if (tokens.startsWith(t, word)) {
                    polite = true;
                    t += word.length;
                    continue outer;
                }
            }
            return tokens.length() == 1 && misspelling.isMisspelling(tokens.words[0])
                    ? new Revocation(RevocationTier.CLEAR, MISSPELT_KEYWORD) : null;
        }
        if (found == 0) {
            return null;
        }
        String rule = polite ? KEYWORD_WITH_COURTESY : found > 1 ? REPEATED_KEYWORD : KEYWORD;
        return new Revocation(RevocationTier.CLEAR, rule);
    }

    private static boolean holdsKeywordStart(Tokens tokens) {
        for (List<String[]> keywords : tokens.keywords) {
            if (keywords != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * For each rule, the tokens (of the first 64) it may begin at: bit {@code t} set when its first word may
     * be token {@code t}'s, every bit when it does not begin with a word or the message is longer.
     */
    private long[] starts(Tokens tokens) {
        long[] starts = everyStart.clone();
        if (tokens.length() > Long.SIZE) {
            java.util.Arrays.fill(starts, -1L);
            return starts;
        }
        for (int t = 0; t < tokens.length(); t++) {
            if (!tokens.isWord(t)) {
                continue;
            }
            long bit = 1L << t;
            mark(starts, headsByWord.get(tokens.ids[t]), bit);
            for (int prefix : tokens.prefixes[t]) {
                mark(starts, headsByPrefix.get(prefix), bit);
            }
            if (tokens.keywords[t] != null) {
                mark(starts, headsWithKeywords, bit);
            }
        }
        return starts;
    }

    private static void mark(long[] starts, int[] rules, long bit) {
        if (rules != null) {
            for (int rule : rules) {
                starts[rule] |= bit;
            }
        }
    }

    private static java.util.Map<Integer, int[]> toArrays(java.util.Map<Integer, List<Integer>> lists) {
        java.util.Map<Integer, int[]> arrays = new java.util.HashMap<>();
        lists.forEach((key, list) -> arrays.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
        return arrays;
    }

    /** The rules that may match: those with a token of their anchor in the message. */
    private BitSet candidates(Tokens tokens) {
        BitSet candidates = new BitSet(ruleCount);
        for (int t = 0; t < tokens.length(); t++) {
            if (!tokens.isWord(t)) {
                continue;
            }
            BitSet exact = exactIndex.get(tokens.words[t]);
            if (exact != null) {
                candidates.or(exact);
            }
            for (int prefix : tokens.prefixes[t]) {
                int[] rules = prefixIndex.get(prefix);
                if (rules != null) {
                    for (int rule : rules) {
                        candidates.set(rule);
                    }
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
