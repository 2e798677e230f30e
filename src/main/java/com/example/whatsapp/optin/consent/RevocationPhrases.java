package com.example.whatsapp.optin.consent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One language's phrase list, read from {@code revocation/<code>.txt} beside this class. The format
 * (documented in {@code docs/revocation.md} and at the top of {@code en.txt}):
 *
 * <pre>
 * # a comment
 * &#64;slot = word other_word prefix*        a named set of alternatives
 * clear rule-name: element element ...      a CLEAR rule
 * possible rule-name: element ...           a POSSIBLE rule
 * guard name: element ...                   the tokens it spans can no longer make a revocation
 * veto name: element ...                    the message is no revocation at all
 * demote name: element ...                  a CLEAR match that it overlaps is only POSSIBLE
 * </pre>
 *
 * An element is {@code a|b_c|d*} (alternatives; {@code _} joins the tokens of one alternative;
 * {@code *} at the end of a word matches any token starting with it), {@code {slot}}, {@code {kw}}
 * (the business's opt-out keywords), either followed by {@code ?} (optional) or, for a slot,
 * {@code *} (any number); {@code ~N} (up to N tokens within the sentence); {@code ^} and {@code $}
 * (the start and end of a sentence, also as an alternative: {@code ^|{courtesy}}); {@code ^^} and {@code $$} (the start and
 * end of the message); {@code .} (a comma or other sentence mark here or not). Phrases are written folded (see {@link RevocationText}).
 */
final class RevocationPhrases {

    enum Kind { CLEAR, POSSIBLE, GUARD, VETO, DEMOTE }

    private static final Map<String, RevocationPhrases> CACHE = new ConcurrentHashMap<>();

    final String language;
    final List<Rule> rules;
    final List<String[]> courtesy;
    /** The {@code @common} slot: words too frequent in chat to be the word a rule is looked up by. */
    final java.util.Set<String> common;

    private RevocationPhrases(String language, List<Rule> rules, List<String[]> courtesy, java.util.Set<String> common) {
        this.language = language;
        this.rules = rules;
        this.courtesy = courtesy;
        this.common = common;
    }

    static RevocationPhrases of(String language) {
        return CACHE.computeIfAbsent(language, RevocationPhrases::load);
    }

    static boolean exists(String language) {
        return RevocationPhrases.class.getResource(resource(language)) != null;
    }

    private static String resource(String language) {
        return "revocation/" + language + ".txt";
    }

    private static RevocationPhrases load(String language) {
        try (InputStream in = RevocationPhrases.class.getResourceAsStream(resource(language))) {
            if (in == null) {
                throw new IllegalArgumentException("no revocation phrases for language " + language);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return parse(language, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RevocationPhrases parse(String language, List<String> lines) {
        Map<String, List<String[]>> slots = new LinkedHashMap<>();
        List<Rule> rules = new ArrayList<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = language + ".txt line " + number + ": ";
            if (line.startsWith("@")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(where + "a slot needs '=': " + line);
                }
                String name = line.substring(1, eq).strip();
                List<String[]> alternatives = new ArrayList<>();
                for (String word : line.substring(eq + 1).strip().split("\\s+")) {
                    alternatives.addAll(alternatives(word, slots, where));
                }
                slots.put(name, longestFirst(alternatives));
                continue;
            }
            int colon = line.indexOf(':');
            String[] head = colon < 0 ? new String[0] : line.substring(0, colon).strip().split("\\s+");
            if (head.length != 2) {
                throw new IllegalArgumentException(where + "expected 'kind name: elements': " + line);
            }
            Kind kind = Kind.valueOf(head[0].toUpperCase(Locale.ROOT));
            List<Element> elements = new ArrayList<>();
            for (String word : line.substring(colon + 1).strip().split("\\s+")) {
                elements.add(element(word, slots, where));
            }
            rules.add(new Rule(kind, head[1], language, elements.toArray(Element[]::new)));
        }
        java.util.Set<String> common = new java.util.HashSet<>();
        slots.getOrDefault("common", List.of()).forEach(words -> common.addAll(List.of(words)));
        return new RevocationPhrases(language, List.copyOf(rules), List.copyOf(slots.getOrDefault("courtesy", List.of())),
                java.util.Set.copyOf(common));
    }

    private static Element element(String word, Map<String, List<String[]>> slots, String where) {
        if (word.equals("^")) {
            return Element.START;
        }
        if (word.equals("$")) {
            return Element.END;
        }
        if (word.equals("^^")) {
            return Element.START_OF_TEXT;
        }
        if (word.equals("$$")) {
            return Element.END_OF_TEXT;
        }
        if (word.equals(".")) {
            return Element.PAUSE;
        }
        if (word.startsWith("~")) {
            return Element.gap(Integer.parseInt(word.substring(1)));
        }
        boolean optional = false;
        boolean repeat = false;
        if (word.endsWith("?")) {
            optional = true;
            word = word.substring(0, word.length() - 1);
        } else if (word.startsWith("{") && word.endsWith("}*")) {
            repeat = true;
            word = word.substring(0, word.length() - 1);
        }
        boolean withKeywords = false;
        boolean orEnd = false;
        boolean orStart = false;
        List<String[]> alternatives = new ArrayList<>();
        for (String alternative : word.split("\\|")) {
            if (alternative.equals("{kw}")) {
                withKeywords = true;
            } else if (alternative.equals("$")) {
                orEnd = true;
            } else if (alternative.equals("^")) {
                orStart = true;
            } else {
                alternatives.addAll(alternatives(alternative, slots, where));
            }
        }
        return new Element(Element.Type.WORDS, longestFirst(alternatives), withKeywords, orStart, orEnd, optional, repeat, 0);
    }

    /** Longer alternatives first, so that "thank you" is read before "thank". */
    static List<String[]> longestFirst(List<String[]> alternatives) {
        List<String[]> sorted = new ArrayList<>(alternatives);
        sorted.sort((a, b) -> Integer.compare(b.length, a.length));
        return List.copyOf(sorted);
    }

    private static List<String[]> alternatives(String word, Map<String, List<String[]>> slots, String where) {
        if (word.startsWith("{") && word.endsWith("}")) {
            List<String[]> slot = slots.get(word.substring(1, word.length() - 1));
            if (slot == null) {
                throw new IllegalArgumentException(where + "unknown slot " + word);
            }
            return slot;
        }
        String[] tokens = word.split("_");
        for (int i = 0; i < tokens.length; i++) {
            boolean prefix = tokens[i].endsWith("*");
            String folded = RevocationText.fold(prefix ? tokens[i].substring(0, tokens[i].length() - 1) : tokens[i]);
            if (folded.isEmpty() || RevocationText.tokens(folded).length != 1) {
                throw new IllegalArgumentException(where + "not one word: " + tokens[i] + " in " + word);
            }
            tokens[i] = prefix ? folded + "*" : folded;
        }
        return List.<String[]>of(tokens);
    }

    /** One rule: its kind, its name and its elements. */
    record Rule(Kind kind, String name, String language, Element[] elements) {
    }

    /** One element of a rule. */
    record Element(Type type, List<String[]> alternatives, boolean withKeywords, boolean orStart, boolean orEnd,
                   boolean optional, boolean repeat, int gap, Choices choices) {

        Element(Type type, List<String[]> alternatives, boolean withKeywords, boolean orStart, boolean orEnd,
                boolean optional, boolean repeat, int gap) {
            this(type, alternatives, withKeywords, orStart, orEnd, optional, repeat, gap, Choices.of(alternatives));
        }

        enum Type { WORDS, GAP, START, END, START_OF_TEXT, END_OF_TEXT, PAUSE }

        static final Element START_OF_TEXT = new Element(Type.START_OF_TEXT, List.of(), false, false, false, false, false, 0);
        static final Element START = new Element(Type.START, List.of(), false, false, false, false, false, 0);
        static final Element END = new Element(Type.END, List.of(), false, false, false, false, false, 0);
        static final Element END_OF_TEXT = new Element(Type.END_OF_TEXT, List.of(), false, false, false, false, false, 0);
        static final Element PAUSE = new Element(Type.PAUSE, List.of(), false, false, false, false, false, 0);

        static Element gap(int max) {
            return new Element(Type.GAP, List.of(), false, false, false, false, false, max);
        }

        /** True when a word of this element, an opt-out keyword included, may begin at token {@code t}. */
        boolean mayStart(Tokens tokens, int t) {
            return withKeywords && tokens.keywords[t] != null || choices.mayStart(tokens.ids[t], tokens.prefixes[t]);
        }
    }

    /**
     * An element's alternatives as {@link RevocationWords} numbers: those whose first word is a word, by
     * that word (in the given order within each), then those whose first word is a prefix (in order),
     * the order in which they are tried.
     */
    static final class Choices {
        private final RevocationWords.Table<int[][]> byFirstWord;
        private final int[][] prefixed;
        /** The words the alternatives begin with, and the prefixes (numbered 0 or more), sorted. */
        private final int[] firstWords;
        private final int[] firstPrefixes;

        private Choices(RevocationWords.Table<int[][]> byFirstWord, int[][] prefixed, int[] firstWords, int[] firstPrefixes) {
            this.byFirstWord = byFirstWord;
            this.prefixed = prefixed;
            this.firstWords = firstWords;
            this.firstPrefixes = firstPrefixes;
        }

        static Choices of(List<String[]> alternatives) {
            Map<Integer, List<int[]>> byFirst = new LinkedHashMap<>();
            List<int[]> prefixed = new ArrayList<>();
            java.util.TreeSet<Integer> firstPrefixes = new java.util.TreeSet<>();
            for (String[] alternative : alternatives) {
                int[] patterns = RevocationWords.patterns(alternative);
                if (patterns[0] < 0) {
                    prefixed.add(patterns);
                    firstPrefixes.add(~patterns[0]);
                } else {
                    byFirst.computeIfAbsent(patterns[0], k -> new ArrayList<>()).add(patterns);
                }
            }
            Map<Integer, int[][]> table = new java.util.HashMap<>();
            byFirst.forEach((first, list) -> table.put(first, list.toArray(int[][]::new)));
            return new Choices(new RevocationWords.Table<>(table), prefixed.toArray(int[][]::new),
                    byFirst.keySet().stream().mapToInt(Integer::intValue).sorted().toArray(),
                    firstPrefixes.stream().mapToInt(Integer::intValue).toArray());
        }

        int[] firstWords() {
            return firstWords.clone();
        }

        int[] firstPrefixes() {
            return firstPrefixes.clone();
        }

        boolean mayStart(int word, int[] prefixes) {
            if (byFirstWord.get(word) != null) {
                return true;
            }
            for (int prefix : prefixes) {
                if (java.util.Arrays.binarySearch(firstPrefixes, prefix) >= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The business's opt-out keywords by their first word, in the given order within each. */
    record Keywords(Map<String, List<String[]>> byFirstWord) {
        static Keywords of(List<String[]> keywords) {
            Map<String, List<String[]>> byFirst = new java.util.HashMap<>();
            for (String[] keyword : keywords) {
                byFirst.computeIfAbsent(keyword[0], k -> new ArrayList<>()).add(keyword);
            }
            return new Keywords(Map.copyOf(byFirst));
        }
    }

    /**
     * A message's tokens (see {@link RevocationText}) with, for each, its word number (-1: no phrase's word,
     * {@link #BOUNDARY}, {@link #NEUTRAL}), the prefixes it starts with and the keywords that begin with it.
     */
    static final class Tokens {
        static final int BOUNDARY = -2;
        static final int NEUTRAL = -3;

        final String[] words;
        final int[] ids;
        final int[][] prefixes;
        final List<String[]>[] keywords;

        @SuppressWarnings("unchecked")
        Tokens(String[] words, Keywords keywords) {
            this.words = words;
            this.ids = new int[words.length];
            this.prefixes = new int[words.length][];
            this.keywords = new List[words.length];
            RevocationWords.Lookup lookup = RevocationWords.lookup();
            for (int t = 0; t < words.length; t++) {
                String word = words[t];
                if (word.isEmpty() || RevocationText.BOUNDARY.equals(word)) {
                    ids[t] = word.isEmpty() ? NEUTRAL : BOUNDARY;
                    prefixes[t] = RevocationWords.NO_PREFIXES;
                } else {
                    ids[t] = lookup.word(word);
                    prefixes[t] = lookup.prefixes(word);
                    this.keywords[t] = keywords.byFirstWord().get(word);
                }
            }
        }

        int length() {
            return words.length;
        }

        boolean isWord(int t) {
            return ids[t] > BOUNDARY;
        }

        boolean isBoundary(int t) {
            return ids[t] == BOUNDARY;
        }

        /** Takes a word out of play: no phrase matches it any more; false when it was not a word. */
        boolean neutralize(int t) {
            if (!isWord(t)) {
                return false;
            }
            words[t] = RevocationText.NEUTRAL;
            ids[t] = NEUTRAL;
            prefixes[t] = RevocationWords.NO_PREFIXES;
            keywords[t] = null;
            return true;
        }

        /** True when the tokens from {@code t} on begin with {@code patterns}. */
        boolean startsWith(int t, int[] patterns) {
            if (t + patterns.length > ids.length) {
                return false;
            }
            for (int i = 0; i < patterns.length; i++) {
                int pattern = patterns[i];
                if (pattern >= 0 ? ids[t + i] != pattern : !holds(prefixes[t + i], ~pattern)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean holds(int[] prefixes, int prefix) {
            for (int p : prefixes) {
                if (p == prefix) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Where a rule matched: tokens [start, end). */
    record Span(int start, int end) {
        boolean overlaps(Span other) {
            return start < other.end && other.start < end;
        }
    }

    /** The first element of {@code rule} when it is words that every match begins with, else null. */
    static Element requiredHead(Rule rule) {
        Element head = rule.elements().length == 0 ? null : rule.elements()[0];
        return head != null && head.type() == Element.Type.WORDS && !head.optional() && !head.repeat() && !head.orStart()
                && !head.orEnd() ? head : null;
    }

    /** As {@link #find(Rule, Tokens, long)} trying every start. */
    static Span find(Rule rule, Tokens tokens) {
        return find(rule, tokens, -1L);
    }

    /**
     * The first place where {@code rule} matches {@code tokens}, or null.
     *
     * @param mayStartAt bit {@code t} clear: the rule cannot match from token {@code t} (of the first 64)
     */
    static Span find(Rule rule, Tokens tokens, long mayStartAt) {
        Element[] elements = rule.elements();
        Element.Type first = elements.length == 0 ? null : elements[0].type();
        int starts = first == Element.Type.START_OF_TEXT ? Math.min(1, tokens.length()) : tokens.length();
        Element head = requiredHead(rule);
        for (int start = 0; start < starts; start++) {
            if (start < Long.SIZE) {
                long later = mayStartAt >>> start;
                if (later == 0) {
                    start = Long.SIZE - 1;
                    continue;
                }
                start += Long.numberOfTrailingZeros(later);
                if (start >= starts) {
                    break;
                }
            }
            if (first == Element.Type.START && start > 0 && !tokens.isBoundary(start - 1)) {
                continue;
            }
            if (head != null && !head.mayStart(tokens, start)) {
                continue;
            }
            int end = match(elements, 0, tokens, start);
            if (end >= 0) {
                return new Span(start, Math.max(end, start));
            }
        }
        return null;
    }

    private static int match(Element[] elements, int e, Tokens tokens, int t) {
        if (e == elements.length) {
            return t;
        }
        Element element = elements[e];
        int n = tokens.length();
        switch (element.type()) {
            case START -> {
                return t == 0 || tokens.isBoundary(t - 1) ? match(elements, e + 1, tokens, t) : -1;
            }
            case END -> {
                return t == n || tokens.isBoundary(t) ? match(elements, e + 1, tokens, t) : -1;
            }
            case START_OF_TEXT -> {
                return t == 0 ? match(elements, e + 1, tokens, t) : -1;
            }
            case END_OF_TEXT -> {
                return t == n ? match(elements, e + 1, tokens, t) : -1;
            }
            case PAUSE -> {
                boolean pause = t < n && tokens.isBoundary(t);
                return match(elements, e + 1, tokens, pause ? t + 1 : t);
            }
            case GAP -> {
                for (int skip = 0; skip <= element.gap(); skip++) {
                    if (skip > 0) {
                        int skipped = t + skip - 1;
                        if (skipped >= n || !tokens.isWord(skipped)) {
                            break;
                        }
                    }
                    int end = match(elements, e + 1, tokens, t + skip);
                    if (end >= 0) {
                        return end;
                    }
                }
                return -1;
            }
            default -> {
                if (t < n && tokens.isWord(t)) {
                    if (element.withKeywords() && tokens.keywords[t] != null) {
                        for (String[] keyword : tokens.keywords[t]) {
                            if (startsWith(tokens.words, t, keyword)) {
                                int end = next(elements, e, element, tokens, t + keyword.length);
                                if (end >= 0) {
                                    return end;
                                }
                            }
                        }
                    }
                    int end = matchChoices(elements, e, element, tokens, t);
                    if (end >= 0) {
                        return end;
                    }
                }
                if ((element.orEnd() && (t == n || tokens.isBoundary(t)))
                        || (element.orStart() && (t == 0 || tokens.isBoundary(t - 1)))) {
                    int end = match(elements, e + 1, tokens, t);
                    if (end >= 0) {
                        return end;
                    }
                }
                return element.optional() || element.repeat() ? match(elements, e + 1, tokens, t) : -1;
            }
        }
    }

    /** Tries the alternatives of {@code element} that begin with token {@code t}'s word, then its prefixed ones. */
    private static int matchChoices(Element[] elements, int e, Element element, Tokens tokens, int t) {
        Choices choices = element.choices();
        int[][] exact = choices.byFirstWord.get(tokens.ids[t]);
        if (exact != null) {
            for (int[] alternative : exact) {
                if (tokens.startsWith(t, alternative)) {
                    int end = next(elements, e, element, tokens, t + alternative.length);
                    if (end >= 0) {
                        return end;
                    }
                }
            }
        }
        if (tokens.prefixes[t].length > 0) {
            for (int[] alternative : choices.prefixed) {
                if (tokens.startsWith(t, alternative)) {
                    int end = next(elements, e, element, tokens, t + alternative.length);
                    if (end >= 0) {
                        return end;
                    }
                }
            }
        }
        return -1;
    }

    /** After element {@code e} matched up to {@code next}: the element again when it repeats, else the next one. */
    private static int next(Element[] elements, int e, Element element, Tokens tokens, int next) {
        return element.repeat() ? match(elements, e, tokens, next) : match(elements, e + 1, tokens, next);
    }

    /** True when the tokens from {@code t} on begin with {@code words} (a word ending in {@code *} is a prefix). */
    static boolean startsWith(String[] tokens, int t, String[] words) {
        if (t + words.length > tokens.length) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (!wordMatches(words[i], tokens[t + i])) {
                return false;
            }
        }
        return true;
    }

    static boolean wordMatches(String word, String token) {
        if (token.isEmpty() || RevocationText.BOUNDARY.equals(token)) {
            return false;
        }
        int last = word.length() - 1;
        if (word.charAt(last) == '*') {
            return token.length() >= last && token.regionMatches(0, word, 0, last);
        }
        return word.equals(token);
    }
}
