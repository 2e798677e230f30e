package com.example.whatsapp.optin.consent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production detector against {@link OracleDetector}, an independent copy of the detector in its
 * plain form: the tier and rule must be the same for every message, in every combination of language
 * packs a business may list (any of them, each once, in any order), with the business's own opt-out
 * keywords and never-flagged keywords.
 */
class TheDetectorAnswersExactlyAsItsOracleTest {

    static final List<String> CODES = List.copyOf(LanguagePacks.codes());
    static final List<String> BUILT_IN = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");
    static final List<String> NEVER_FLAGGED = List.of("START", "YES", "UNSTOP", "HELP", "INFO", "STOP PROMOTIONS");

    /** Opt-out keywords a business may add of its own. */
    static final List<String> OWN_KEYWORDS = List.of("BASTA YA", "END", "QUIT", "CANCEL", "ALTO", "PARE", "STOP ALL",
            "NO MORE", "SALIR", "Schluss", "रोको", "كفى", "udah", "UNSUB");
    /** Keywords of the other kinds a business may configure. */
    static final List<String> OTHER_KEYWORDS = List.of("START", "YES", "UNSTOP", "HELP", "INFO", "STOP PROMOTIONS",
            "SUBSCRIBE", "stop it", "cancel", "no more", "leave me alone", "JOIN", "MENU", "ayuda", "hilfe");

    record Pair(RevocationDetector detector, OracleDetector oracle) {
        void assertSame(String text) {
            Optional<Revocation> expected = oracle.detect(text);
            assertThat(detector.detect(text)).as("%s in %s", text, oracle.languages()).isEqualTo(expected);
        }
    }

    static Pair pair(List<String> languages, List<String> optOut, List<String> neverFlagged) {
        Pair pair = new Pair(RevocationDetector.of(languages, optOut, neverFlagged), OracleDetector.of(languages, optOut, neverFlagged));
        assertThat(pair.detector().languages()).isEqualTo(pair.oracle().languages());
        return pair;
    }

    static Pair pair(List<String> languages) {
        List<String> optOut = new ArrayList<>(BUILT_IN);
        languages.forEach(code -> optOut.addAll(LanguagePacks.keywords(code)));
        return pair(languages, optOut, NEVER_FLAGGED);
    }

    /** Every subset of the packs, in the table's order. */
    static List<List<String>> everySubset() {
        List<List<String>> subsets = new ArrayList<>();
        for (int mask = 0; mask < 1 << CODES.size(); mask++) {
            List<String> subset = new ArrayList<>();
            for (int i = 0; i < CODES.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    subset.add(CODES.get(i));
                }
            }
            subsets.add(List.copyOf(subset));
        }
        return subsets;
    }

    record Row(List<String> languages, String text) {
    }

    static List<Row> corpus() throws IOException {
        try (InputStream in = TheDetectorAnswersExactlyAsItsOracleTest.class.getResourceAsStream("/revocation/corpus.tsv")) {
            assertThat(in).isNotNull();
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", 3);
                rows.add(new Row(fields[1].equals("-") ? List.of() : Arrays.asList(fields[1].split(",")), fields[2]));
            }
            return rows;
        }
    }

    /** The texts of {@code RevocationDetectorTest}: those of its parameterized tests, and those of its plain ones. */
    static Set<String> detectorTestTexts() throws ClassNotFoundException {
        Set<String> texts = new LinkedHashSet<>(List.of("basta ya please", "edn", "stpo please", "stpo", "Stop promotions!",
                "STOPS", "stosp", "no me envíen más mensajes", "stop texting me", "berhnti", "siar", "bajo", "anmelden", "🙏", ""));
        List<Class<?>> classes = new ArrayList<>();
        classes.add(Class.forName("com.example.whatsapp.optin.consent.RevocationDetectorTest"));
        classes.addAll(Arrays.asList(classes.get(0).getDeclaredClasses()));
        for (Class<?> type : classes) {
            for (Method method : type.getDeclaredMethods()) {
                ValueSource values = method.getAnnotation(ValueSource.class);
                if (values != null) {
                    texts.addAll(Arrays.asList(values.strings()));
                }
                CsvSource csv = method.getAnnotation(CsvSource.class);
                if (csv != null) {
                    for (String row : csv.value()) {
                        String[] fields = row.split(java.util.regex.Pattern.quote(String.valueOf(csv.delimiter())));
                        texts.add(fields[fields.length - 1].strip());
                    }
                }
            }
        }
        assertThat(texts).hasSizeGreaterThan(100);
        return texts;
    }

    @Test
    void every_message_of_the_corpus_is_read_the_same_with_its_packs_with_none_and_with_all() throws IOException {
        List<Row> rows = corpus();
        assertThat(rows).hasSizeGreaterThan(500);
        Map<List<String>, Pair> pairs = new HashMap<>();
        Pair none = pair(List.of());
        Pair all = pair(CODES);
        for (Row row : rows) {
            pairs.computeIfAbsent(row.languages(), TheDetectorAnswersExactlyAsItsOracleTest::pair).assertSame(row.text());
            none.assertSame(row.text());
            all.assertSame(row.text());
        }
    }

    @Test
    void every_message_of_the_corpus_is_read_the_same_with_every_subset_of_the_packs() throws IOException {
        List<Row> rows = corpus();
        for (List<String> subset : everySubset()) {
            Pair pair = pair(subset);
            rows.forEach(row -> pair.assertSame(row.text()));
        }
    }

    @Test
    void the_texts_of_the_detector_tests_are_read_the_same_with_every_subset_of_the_packs() throws Exception {
        Set<String> texts = detectorTestTexts();
        for (List<String> subset : everySubset()) {
            Pair pair = pair(subset);
            texts.forEach(pair::assertSame);
        }
        List<Pair> own = List.of(pair(List.of(), List.of("STOP", "BASTA YA"), List.of()), pair(List.of(), List.of("STOP"), List.of()),
                pair(List.of(), List.of("END", "STOP"), List.of()), pair(List.of(), List.of("STOP"), List.of("STOP PROMOTIONS", "STOPS")));
        for (Pair pair : own) {
            texts.forEach(pair::assertSame);
            pair.assertSame(null);
        }
    }

    /** The business: its packs (each once, in any order), opt-out keywords of its own, and keywords of other kinds. */
    record Business(List<String> languages, List<String> ownKeywords, List<String> neverFlagged) {
        Pair pair() {
            List<String> optOut = new ArrayList<>(BUILT_IN);
            optOut.addAll(ownKeywords);
            languages.forEach(code -> optOut.addAll(LanguagePacks.keywords(code)));
            return TheDetectorAnswersExactlyAsItsOracleTest.pair(languages, optOut, neverFlagged);
        }
    }

    @Provide
    Arbitrary<Business> businesses() {
        Arbitrary<List<String>> languages = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(CODES)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(CODES).list().uniqueElements().ofMaxSize(CODES.size())));
        Arbitrary<List<String>> own = Arbitraries.of(OWN_KEYWORDS).list().uniqueElements().ofMaxSize(2);
        Arbitrary<List<String>> never = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(NEVER_FLAGGED)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(OTHER_KEYWORDS).list().uniqueElements().ofMaxSize(4)));
        return Combinators.combine(languages, own, never).as(Business::new);
    }

    static final String[] CHAT = {"hi", "hello", "my", "order", "is", "late", "when", "will", "it", "arrive", "thanks",
            "the", "blue", "one", "please", "price", "how", "much", "ok", "great", "size", "delivery", "today", "wrong",
            "tomorrow", "yes", "no", "can", "you", "help", "want", "buy", "two", "pedido", "gracias", "cuándo", "llega",
            "obrigado", "entrega", "merci", "commande", "danke", "Paket", "धन्यवाद", "ऑर्डर", "कब", "شكرا", "طلبي", "متى",
            "terima", "kasih", "barang", "sampai", "#4521", "10:30", "I'm", "don't", "m'envoyer", "l'offre", "it's", "you're"};
    static final String[] MARKS = {"😊", "👍", "🙏🏽", "🛑", "?", "!", ",", ".", "...", "’", "'", "\"", "«", "»", "¿", "¡", "،",
            "؟", "।", ";", ":", "-", "(", ")", "…"};
    static final String[] SEPARATORS = {" ", " ", " ", ", ", ". ", "! ", "? ", "\n", "\u200B", "\u00A0", "\u3000", "",
            " \" ", "\" ", " - ", "،", "। "};
    static final String[] ENDINGS = {"", "", "s", "ing", "ed", "en", "t", "e", "a", "o", "ung", "ة", "ي", "ा", "ें"};

    /** The words of the phrase lists (a prefix with an ending), the keywords, and chat. */
    static final List<String> WORDS = words();

    private static List<String> words() {
        Set<String> words = new TreeSet<>();
        List<String> codes = new ArrayList<>(List.of("en"));
        codes.addAll(CODES);
        for (String code : codes) {
            try (InputStream in = RevocationDetector.class.getResourceAsStream("revocation/" + code + ".txt")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    line = line.strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    int start = line.startsWith("@") ? line.indexOf('=') : line.indexOf(':');
                    for (String element : line.substring(start + 1).strip().split("\\s+")) {
                        for (String alternative : element.split("\\|")) {
                            if (alternative.startsWith("{") || alternative.startsWith("~") || alternative.matches("[\\^$.]+")) {
                                continue;
                            }
                            for (String word : alternative.replaceAll("\\?$", "").split("_")) {
                                if (!word.isEmpty()) {
                                    words.add(word);
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        LanguagePacks.all().values().forEach(words::addAll);
        words.addAll(BUILT_IN);
        words.addAll(OWN_KEYWORDS);
        words.addAll(OTHER_KEYWORDS);
        words.addAll(List.of(CHAT));
        return List.copyOf(words);
    }

    /** A word as a customer might write it, as {@code seed} picks: a prefix completed, a slip, another case, full width. */
    static String dress(String word, long seed) {
        Random random = new Random(seed);
        if (word.endsWith("*")) {
            word = word.substring(0, word.length() - 1) + ENDINGS[random.nextInt(ENDINGS.length)];
        }
        if (word.length() >= 3 && random.nextInt(8) == 0) {
            char[] chars = word.toCharArray();
            int i = random.nextInt(chars.length - 1);
            switch (random.nextInt(3)) {
                case 0 -> {
                    char c = chars[i];
                    chars[i] = chars[i + 1];
                    chars[i + 1] = c;
                    word = new String(chars);
                }
                case 1 -> word = word.substring(0, i) + word.charAt(i) + word.substring(i);
                default -> word = word.substring(0, i) + word.substring(i + 1);
            }
        }
        switch (random.nextInt(10)) {
            case 0 -> word = word.toUpperCase(java.util.Locale.ROOT);
            case 1 -> word = word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
            case 2 -> {
                StringBuilder mixed = new StringBuilder();
                for (char c : word.toCharArray()) {
                    mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                word = mixed.toString();
            }
            case 3 -> {
                StringBuilder wide = new StringBuilder();
                for (char c : word.toCharArray()) {
                    wide.append(c > ' ' && c < 0x7F ? (char) (c + 0xFEE0) : c);
                }
                word = wide.toString();
            }
            case 4 -> word = word.replace('a', 'á').replace('e', 'é').replace("ss", "ß").replace('\u0627', '\u0623')
                    .replace("\u0648", "\u0648\u064E");
            default -> {
            }
        }
        return word;
    }

    @Provide
    Arbitrary<List<String>> messages() {
        Arbitrary<String> word = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(WORDS)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(CHAT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(MARKS)));
        Arbitrary<String> dressed = Combinators.combine(word, Arbitraries.longs()).as(TheDetectorAnswersExactlyAsItsOracleTest::dress);
        Arbitrary<String> separator = Arbitraries.of(SEPARATORS);
        Arbitrary<String> message = Combinators.combine(dressed.list().ofMinSize(1).ofMaxSize(12), separator.list().ofSize(12))
                .as((words, seps) -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < words.size(); i++) {
                        text.append(words.get(i)).append(i < words.size() - 1 ? seps.get(i) : "");
                    }
                    return text.toString();
                });
        return message.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 1500)
    void any_message_of_the_phrase_lists_words_keywords_chat_and_marks_is_read_the_same(
            @ForAll("businesses") Business business, @ForAll("messages") List<String> messages) {
        Pair pair = business.pair();
        messages.forEach(pair::assertSame);
    }
}
