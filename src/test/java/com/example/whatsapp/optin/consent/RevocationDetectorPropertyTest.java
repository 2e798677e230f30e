package com.example.whatsapp.optin.consent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the detector over generated messages, for a business with every language pack. */
class RevocationDetectorPropertyTest {

    static final List<String> ALL = List.copyOf(LanguagePacks.codes());
    static final RevocationDetector DETECTOR = RevocationCorpusTest.detectorFor(ALL);

    /** Everyday chat words in the pack languages. */
    static final String[] CHAT = {"hi", "hello", "my", "order", "is", "late", "when", "will", "it", "arrive", "thanks",
            "the", "blue", "one", "please", "price", "how", "much", "ok", "great", "size", "delivery", "today",
            "tomorrow", "yes", "no", "can", "you", "help", "want", "buy", "two", "pedido", "gracias", "cuándo", "llega",
            "obrigado", "entrega", "merci", "commande", "danke", "Paket", "धन्यवाद", "ऑर्डर", "कब", "شكرا", "طلبي", "متى",
            "terima", "kasih", "barang", "sampai", "😊", "👍", "🙏🏽", "?", "!", ",", ".", "’", "ＯＫ", "#4521", "10:30"};

    /** The revocation vocabulary: words every rule of some language needs, and keywords. */
    static final String[] VOCABULARY = {"stop", "STOP", "please", "texting", "me", "unsubscribe", "remove", "from", "list",
            "don't", "text", "messages", "no", "more", "leave", "alone", "why", "keep", "messaging", "envíen", "mensajes",
            "pare", "de", "mandar", "mensagens", "arrêtez", "m'envoyer", "hört", "auf", "schreiben", "मैसेज", "मत", "भेजो",
            "توقفوا", "عن", "مراسلتي", "jangan", "kirim", "pesan", "lagi", "stpo", "baja", "how", "do", "I", "opt", "out"};

    @Provide
    Arbitrary<String> chat() {
        return Arbitraries.of(CHAT).list().ofMinSize(1).ofMaxSize(12).map(words -> String.join(" ", words));
    }

    @Provide
    Arbitrary<String> anything() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(CHAT), Arbitraries.of(VOCABULARY));
        Arbitrary<String> separator = Arbitraries.of(" ", " ", ", ", ". ", "! ", "?", "\n", "\u200B", "");
        return Combinators.combine(word.list().ofMinSize(1).ofMaxSize(8), separator.list().ofSize(8))
                .as((words, seps) -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < words.size(); i++) {
                        text.append(words.get(i)).append(seps.get(i));
                    }
                    return text.toString();
                });
    }

    @Provide
    Arbitrary<String> randomWords() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(9)
                .list().ofMinSize(1).ofMaxSize(6).map(words -> String.join(" ", words));
    }

    @Property(tries = 2000)
    void a_message_without_any_word_of_the_vocabulary_is_never_flagged(@ForAll("chat") String text) {
        assertThat(DETECTOR.detect(text)).isEmpty();
    }

    @Property(tries = 2000)
    void random_words_that_hold_no_stem_of_the_vocabulary_are_never_flagged(@ForAll("randomWords") String text) {
        boolean holdsStem = DETECTOR.stems().stream().anyMatch(text::contains);
        boolean oneShortWord = !text.contains(" ") && text.length() >= 4;
        if (!holdsStem && !oneShortWord) {
            assertThat(DETECTOR.detect(text)).isEmpty();
            assertThat(DETECTOR.detectWithoutPrefilter(text)).isEmpty();
        }
    }

    @Property(tries = 3000)
    void the_pre_filter_never_drops_what_the_full_check_finds(@ForAll("anything") String text) {
        assertThat(DETECTOR.detect(text)).isEqualTo(DETECTOR.detectWithoutPrefilter(text));
    }

    /** Arabic and Devanagari revocation words and chat, written with the marks and letter forms folding unifies. */
    static final String[] SCRIPTS = {"توقفوا", "تَوَقَّفُوا", "تـوقـفـوا", "عن", "مراسلتي", "مُرَاسَلَتِي", "لا", "ترسلوا", "لي", "رسائل",
            "رسائلكم", "أرسل", "إلغاء", "الاشتراك", "آلاشتراك", "احذفوني", "من", "القائمة", "القايمة", "خلاص", "كفى", "كفاية", "شكرا",
            "متى", "طلبي", "ٱلرسائل", "मुझे", "मैसेज", "मत", "भेजो", "बंद", "करो", "नहीं", "चाहिए", "धन्यवाद", "ऑर्डर", "कब", "ड़", "क़",
            "फ़ोन", "stop", "😊", "🙏🏽", "?", "!", "،", "؟", "।"};

    @Provide
    Arbitrary<String> scripts() {
        Arbitrary<String> word = Combinators.combine(Arbitraries.of(SCRIPTS), Arbitraries.longs())
                .as(RevocationDetectorPropertyTest::dressArabic);
        Arbitrary<String> separator = Arbitraries.of(" ", " ", "، ", "। ", "! ", "?", "\u200C", "\u00A0", "");
        return Combinators.combine(word.list().ofMinSize(1).ofMaxSize(6), separator.list().ofSize(6))
                .as((words, seps) -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < words.size(); i++) {
                        text.append(words.get(i)).append(seps.get(i));
                    }
                    return text.toString();
                });
    }

    /** Arabic letters written with short vowels, shadda, tatweel or another alef form, as {@code seed} picks. */
    static String dressArabic(String word, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String[] marks = {"\u064E", "\u0650", "\u064F", "\u0651", "\u0652", "\u0640", "\u0670"};
        String[] alefs = {"\u0627", "\u0623", "\u0625", "\u0622", "\u0671"};
        StringBuilder out = new StringBuilder();
        for (char c : word.toCharArray()) {
            out.append(c == '\u0627' && random.nextInt(3) == 0 ? alefs[random.nextInt(alefs.length)] : String.valueOf(c));
            if (c >= 0x0620 && c <= 0x064A && random.nextInt(3) == 0) {
                out.append(marks[random.nextInt(marks.length)]);
            }
        }
        return out.toString();
    }

    @Property(tries = 3000)
    void the_pre_filter_never_drops_what_the_full_check_finds_in_arabic_and_devanagari(@ForAll("scripts") String text) {
        assertThat(DETECTOR.detect(text)).isEqualTo(DETECTOR.detectWithoutPrefilter(text));
    }

    @Property(tries = 500)
    void a_never_flagged_keyword_is_never_flagged(@ForAll("neverFlagged") String keyword, @ForAll("dress") String dressed) {
        List<String> optOut = new ArrayList<>(RevocationCorpusTest.BUILT_IN);
        ALL.forEach(code -> optOut.addAll(LanguagePacks.keywords(code)));
        RevocationDetector detector = RevocationDetector.of(ALL, optOut, List.of(keyword));
        assertThat(detector.detect(dressed.replace("K", keyword))).isEmpty();
    }

    @Provide
    Arbitrary<String> neverFlagged() {
        return Arbitraries.of("START", "YES", "UNSTOP", "STOP PROMOTIONS", "stop it", "quit", "cancel", "leave me alone",
                "HELP", "INFO", "SUBSCRIBE", "no more", "stop now");
    }

    @Provide
    Arbitrary<String> dress() {
        return Arbitraries.of("K", " K ", "K!", "🙏K", "\"K\"", "K.", "  K\n");
    }

    @Property(tries = 1000)
    void the_result_does_not_depend_on_the_default_locale(@ForAll("anything") String text) {
        Optional<Revocation> expected = DETECTOR.detect(text);
        Locale saved = Locale.getDefault();
        try {
            for (String tag : List.of("tr-TR", "az-AZ", "lt-LT", "und")) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                RevocationDetector fresh = RevocationCorpusTest.detectorFor(ALL);
                assertThat(fresh.detect(text)).as(tag).isEqualTo(expected);
                assertThat(DETECTOR.detect(text)).as(tag).isEqualTo(expected);
            }
        } finally {
            Locale.setDefault(saved);
        }
    }
}
