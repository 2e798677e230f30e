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
 * end of the message); {@code .} (a comma or other sentence mark here or not). Phrases are written folded (see {@link OracleText}).
 */
final class OraclePhrases {

    enum Kind { CLEAR, POSSIBLE, GUARD, VETO, DEMOTE }

    private static final Map<String, OraclePhrases> CACHE = new ConcurrentHashMap<>();

    final String language;
    final List<Rule> rules;
    final List<String[]> courtesy;
    /** The {@code @common} slot: words too frequent in chat to be the word a rule is looked up by. */
    final java.util.Set<String> common;

    private OraclePhrases(String language, List<Rule> rules, List<String[]> courtesy, java.util.Set<String> common) {
        this.language = language;
        this.rules = rules;
        this.courtesy = courtesy;
        this.common = common;
    }

    static OraclePhrases of(String language) {
        return CACHE.computeIfAbsent(language, OraclePhrases::load);
    }

    static boolean exists(String language) {
        return OraclePhrases.class.getResource(resource(language)) != null;
    }

    private static String resource(String language) {
        return "/com/example/whatsapp/optin/consent/revocation/" + language + ".txt";
    }

    private static OraclePhrases load(String language) {
        try (InputStream in = OraclePhrases.class.getResourceAsStream(resource(language))) {
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

    static OraclePhrases parse(String language, List<String> lines) {
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
        return new OraclePhrases(language, List.copyOf(rules), List.copyOf(slots.getOrDefault("courtesy", List.of())),
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
            String folded = OracleText.fold(prefix ? tokens[i].substring(0, tokens[i].length() - 1) : tokens[i]);
            if (folded.isEmpty() || OracleText.tokens(folded).length != 1) {
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
                   boolean optional, boolean repeat, int gap, Index index) {

        Element(Type type, List<String[]> alternatives, boolean withKeywords, boolean orStart, boolean orEnd,
                boolean optional, boolean repeat, int gap) {
            this(type, alternatives, withKeywords, orStart, orEnd, optional, repeat, gap, Index.of(alternatives));
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
    }

    /**
     * Alternatives by their first word (longest first within each), those whose first word is a prefix,
     * and the first characters of all of them (ASCII as two bit masks; any other as one flag).
     */
    record Index(Map<String, List<String[]>> exact, List<String[]> prefixed, long lowFirsts, long highFirsts,
                 boolean otherFirsts) {
        static Index of(List<String[]> alternatives) {
            Map<String, List<String[]>> exact = new java.util.HashMap<>();
            List<String[]> prefixed = new ArrayList<>();
            long low = 0;
            long high = 0;
            boolean other = false;
            for (String[] alternative : alternatives) {
                if (alternative[0].endsWith("*")) {
                    prefixed.add(alternative);
                } else {
                    exact.computeIfAbsent(alternative[0], k -> new ArrayList<>()).add(alternative);
                }
                char first = alternative[0].charAt(0);
                if (first < 64) {
                    low |= 1L << first;
                } else if (first < 128) {
                    high |= 1L << (first - 64);
                } else {
                    other = true;
                }
            }
            return new Index(Map.copyOf(exact), List.copyOf(prefixed), low, high, other);
        }

        /** False when no alternative can begin with {@code token} (it starts with none of their first characters). */
        boolean mayStart(String token) {
            char first = token.charAt(0);
            return first < 64 ? (lowFirsts & (1L << first)) != 0
                    : first < 128 ? (highFirsts & (1L << (first - 64))) != 0 : otherFirsts;
        }
    }

    /** Where a rule matched: tokens [start, end). */
    record Span(int start, int end) {
        boolean overlaps(Span other) {
            return start < other.end && other.start < end;
        }
    }

    /** The first place where {@code rule} matches {@code tokens}, or null. */
    static Span find(Rule rule, String[] tokens, Index keywords) {
        Element.Type first = rule.elements().length == 0 ? null : rule.elements()[0].type();
        int starts = first == Element.Type.START_OF_TEXT ? Math.min(1, tokens.length) : tokens.length;
        Element head = first == Element.Type.WORDS ? rule.elements()[0] : null;
        boolean headRequired = head != null && !head.optional() && !head.repeat() && !head.orStart() && !head.orEnd();
        for (int start = 0; start < starts; start++) {
            if (first == Element.Type.START && start > 0 && !OracleText.BOUNDARY.equals(tokens[start - 1])) {
                continue;
            }
            if (headRequired && (tokens[start].isEmpty() || !(head.index().mayStart(tokens[start])
                    || head.withKeywords() && keywords.mayStart(tokens[start])))) {
                continue;
            }
            int end = match(rule.elements(), 0, tokens, start, keywords);
            if (end >= 0) {
                return new Span(start, Math.max(end, start));
            }
        }
        return null;
    }

    private static int match(Element[] elements, int e, String[] tokens, int t, Index keywords) {
        if (e == elements.length) {
            return t;
        }
        Element element = elements[e];
        switch (element.type()) {
            case START -> {
                return t == 0 || OracleText.BOUNDARY.equals(tokens[t - 1]) ? match(elements, e + 1, tokens, t, keywords) : -1;
            }
            case END -> {
                return t == tokens.length || OracleText.BOUNDARY.equals(tokens[t]) ? match(elements, e + 1, tokens, t, keywords) : -1;
            }
            case START_OF_TEXT -> {
                return t == 0 ? match(elements, e + 1, tokens, t, keywords) : -1;
            }
            case END_OF_TEXT -> {
                return t == tokens.length ? match(elements, e + 1, tokens, t, keywords) : -1;
            }
            case PAUSE -> {
                boolean pause = t < tokens.length && OracleText.BOUNDARY.equals(tokens[t]);
                return match(elements, e + 1, tokens, pause ? t + 1 : t, keywords);
            }
            case GAP -> {
                for (int skip = 0; skip <= element.gap(); skip++) {
                    if (skip > 0) {
                        int skipped = t + skip - 1;
                        if (skipped >= tokens.length || OracleText.BOUNDARY.equals(tokens[skipped])
                                || OracleText.NEUTRAL.equals(tokens[skipped])) {
                            break;
                        }
                    }
                    int end = match(elements, e + 1, tokens, t + skip, keywords);
                    if (end >= 0) {
                        return end;
                    }
                }
                return -1;
            }
            default -> {
                if (t < tokens.length && !tokens[t].isEmpty() && !OracleText.BOUNDARY.equals(tokens[t])) {
                    if (element.withKeywords()) {
                        int end = matchIndexed(elements, e, element, keywords, tokens, t, keywords);
                        if (end >= 0) {
                            return end;
                        }
                    }
                    int end = matchIndexed(elements, e, element, element.index(), tokens, t, keywords);
                    if (end >= 0) {
                        return end;
                    }
                }
                if ((element.orEnd() && (t == tokens.length || OracleText.BOUNDARY.equals(tokens[t])))
                        || (element.orStart() && (t == 0 || OracleText.BOUNDARY.equals(tokens[t - 1])))) {
                    int end = match(elements, e + 1, tokens, t, keywords);
                    if (end >= 0) {
                        return end;
                    }
                }
                return element.optional() || element.repeat() ? match(elements, e + 1, tokens, t, keywords) : -1;
            }
        }
    }

    /**
     * Tries the alternatives of {@code index} that may start at token {@code t}: those of its first word,
     * then the prefixed ones that share the token's first character.
     */
    private static int matchIndexed(Element[] elements, int e, Element element, Index index, String[] tokens, int t,
                                    Index keywords) {
        String token = tokens[t];
        List<String[]> exact = index.exact().get(token);
        if (exact != null) {
            int end = matchAlternatives(elements, e, element, exact, tokens, t, keywords, (char) 0);
            if (end >= 0) {
                return end;
            }
        }
        return matchAlternatives(elements, e, element, index.prefixed(), tokens, t, keywords, token.charAt(0));
    }

    /** @param first the first character an alternative must start with; 0: any */
    private static int matchAlternatives(Element[] elements, int e, Element element, List<String[]> alternatives,
                                         String[] tokens, int t, Index keywords, char first) {
        for (int i = 0, n = alternatives.size(); i < n; i++) {
            String[] alternative = alternatives.get(i);
            if ((first == 0 || alternative[0].charAt(0) == first) && startsWith(tokens, t, alternative)) {
                int next = t + alternative.length;
                int end = element.repeat()
                        ? match(elements, e, tokens, next, keywords)
                        : match(elements, e + 1, tokens, next, keywords);
                if (end >= 0) {
                    return end;
                }
            }
        }
        return -1;
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
        if (token.isEmpty() || OracleText.BOUNDARY.equals(token)) {
            return false;
        }
        int last = word.length() - 1;
        if (word.charAt(last) == '*') {
            return token.length() >= last && token.regionMatches(0, word, 0, last);
        }
        return word.equals(token);
    }
}
