package com.example.whatsapp.optin.consent;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract's section "Revocation in the customer's own words": tiers, rules, guards, languages. */
class RevocationDetectorTest {

    static final RevocationDetector ENGLISH = RevocationCorpusTest.detectorFor(List.of());

    static Optional<Revocation> detect(String text) {
        return ENGLISH.detect(text);
    }

    static Optional<Revocation> detect(List<String> languages, String text) {
        return RevocationCorpusTest.detectorFor(languages).detect(text);
    }

    @Nested
    class Clear {

        @ParameterizedTest(name = "\"{1}\" is CLEAR by {0}")
        @CsvSource(delimiter = '|', value = {
                "keyword-with-courtesy | stop please",
                "keyword-with-courtesy | ok stop, thanks",
                "keyword-with-courtesy | Stop. Thank you",
                "repeated-keyword      | stop stop",
                "repeated-keyword      | STOP. STOP!",
                "stop-messaging-me     | stop messaging me",
                "stop-messaging-me     | please stop sending me these",
                "dont-message-me       | don't text me anymore",
                "remove-from-list      | remove me from your list",
                "unsubscribe-me        | unsubscribe me",
                "dont-want-messages    | I don't want these messages",
                "dont-want-messages    | I no longer wish to receive these messages",
                "no-more-messages      | no more texts please",
                "already-said-stop     | I said STOP",
                "misspelt-keyword      | stpo",
                "misspelt-keyword      | STOPP",
                "misspelt-keyword      | unsubscibe",
                "misspelt-keyword      | unsubscrib",
        })
        void a_clear_request_names_its_rule(String rule, String text) {
            assertThat(detect(text)).contains(new Revocation(RevocationTier.CLEAR, rule));
        }

        @Test
        void an_opt_out_keyword_of_the_business_counts_with_courtesy_around_it() {
            RevocationDetector detector = RevocationDetector.of(List.of(), List.of("STOP", "BASTA YA"), List.of());
            assertThat(detector.detect("basta ya please")).contains(new Revocation(RevocationTier.CLEAR, "keyword-with-courtesy"));
            assertThat(RevocationDetector.of(List.of(), List.of("STOP"), List.of()).detect("basta ya please"))
                    .as("not a keyword of that business").isEmpty();
        }
    }

    @Nested
    class Possible {

        @ParameterizedTest(name = "\"{1}\" is POSSIBLE by {0}")
        @CsvSource(delimiter = '|', value = {
                "leave-me-alone     | leave me alone",
                "why-messaging-me   | why do you keep messaging me",
                "stop-it            | stop it",
                "how-to-unsubscribe | how do I unsubscribe?",
                "how-got-my-number  | who is this? how did you get my number",
                "how-to-unsubscribe | How can I stop these messages?",
                "never-signed-up    | I never signed up for this",
                "not-interested     | not interested",
                "cancel-alone       | cancel",
        })
        void an_unclear_one_names_its_rule(String rule, String text) {
            assertThat(detect(text)).contains(new Revocation(RevocationTier.POSSIBLE, rule));
        }
    }

    @Nested
    class Guards {

        @ParameterizedTest(name = "\"{0}\" is nothing")
        @ValueSource(strings = {
                "don't stop the offers", "please don't unsubscribe me", "I don't want to stop receiving your texts",
                "cancel my order", "can I cancel my order?", "stop the delivery", "remove the onion",
                "please delete the item from my cart", "how do I stop auto-renewal?", "stop my subscription box",
                "the bus stop", "stop by the shop later", "when does the sale end", "non-stop", "the last stop",
                "my son said stop", "the rain won't stop", "I can't stop laughing",
                "The site says \"Reply STOP to unsubscribe\" what does that mean",
                "I sent STOP by mistake", "STOP this bill", "you sent me the wrong size",
                "why didn't you text me back?"})
        void a_word_about_something_else_is_no_revocation(String text) {
            assertThat(detect(text)).isEmpty();
        }

        @ParameterizedTest(name = "\"{0}\" is a word, not a typo")
        @ValueSource(strings = {"shop", "step", "top", "stoop", "store", "stock", "spot", "post", "tops", "stops",
                "stopped", "stopping", "atop", "slop", "stow", "revoked", "output"})
        void a_common_word_is_no_misspelling(String word) {
            assertThat(detect(word)).isEmpty();
        }

        @Test
        void a_misspelling_is_only_of_a_keyword_of_four_letters_or_more_and_only_alone() {
            RevocationDetector detector = RevocationDetector.of(List.of(), List.of("END", "STOP"), List.of());
            assertThat(detector.detect("edn")).isEmpty();
            assertThat(detector.detect("stpo please")).isEmpty();
            assertThat(detector.detect("stpo")).isPresent();
        }

        @Test
        void a_keyword_of_another_kind_is_never_flagged() {
            RevocationDetector detector = RevocationDetector.of(List.of(), List.of("STOP"), List.of("STOP PROMOTIONS", "STOPS"));
            assertThat(detector.detect("Stop promotions!")).isEmpty();
            assertThat(detector.detect("STOPS")).isEmpty();
            assertThat(detector.detect("stosp")).as("within one edit of a never-flagged keyword").isEmpty();
        }
    }

    @Nested
    class Languages {

        @ParameterizedTest(name = "[{0}] \"{2}\" is {1}")
        @CsvSource(delimiter = '|', value = {
                "es | CLEAR    | no me envíen más mensajes",
                "es | CLEAR    | baja por favor",
                "es | NONE     | quiero cancelar mi pedido",
                "pt | CLEAR    | pare de me mandar mensagens",
                "pt | NONE     | não cancelem meu pedido",
                "fr | CLEAR    | arrêtez de m'envoyer des messages",
                "fr | NONE     | je veux annuler ma commande",
                "de | CLEAR    | hört auf mir zu schreiben",
                "de | NONE     | ich möchte meine Bestellung stornieren",
                "hi | CLEAR    | मुझे मैसेज मत भेजो",
                "hi | CLEAR    | message band karo",
                "ar | CLEAR    | توقفوا عن مراسلتي",
                "ar | NONE     | أريد إلغاء الطلب",
                "id | CLEAR    | jangan kirim pesan lagi",
                "id | NONE     | batalkan pesanan saya",
        })
        void a_pack_language_has_its_everyday_phrases(String code, String tier, String text) {
            Optional<Revocation> found = detect(List.of(code), text);
            assertThat(found.map(r -> r.tier().name()).orElse("NONE")).isEqualTo(tier);
        }

        @Test
        void a_pack_is_heard_only_when_the_business_lists_it() {
            assertThat(detect(List.of(), "no me envíen más mensajes")).isEmpty();
            assertThat(detect(List.of("es"), "no me envíen más mensajes")).isPresent();
        }

        @Test
        void english_is_always_heard() {
            assertThat(detect(List.of("de"), "stop texting me")).isPresent();
        }

        @Test
        void pack_keywords_are_misspelt_only_by_slips_that_seldom_make_another_word() {
            assertThat(detect(List.of("id"), "berhnti")).as("dropped letter").isPresent();
            assertThat(detect(List.of("pt"), "siar")).as("swapped letters").isPresent();
            assertThat(detect(List.of("es"), "bajo")).as("another Spanish word").isEmpty();
            assertThat(detect(List.of("de"), "anmelden")).as("the opposite German word").isEmpty();
        }
    }

    @Nested
    class Normalization {

        @ParameterizedTest(name = "\"{0}\" is detected")
        @ValueSource(strings = {"ＳＴＯＰ ＰＬＥＡＳＥ", "Don’t text me anymore", "🛑 stop please 🙏🏽", "stop\u200B please",
                "STOP\n\nthanks", "Ｓｔｏｐ　ｔｅｘｔｉｎｇ　ｍｅ"})
        void any_spelling_of_the_same_text_is_detected(String text) {
            assertThat(detect(text)).isPresent();
        }

        @Test
        void null_and_empty_are_nothing() {
            assertThat(detect(null)).isEmpty();
            assertThat(detect("")).isEmpty();
            assertThat(detect("🙏")).isEmpty();
        }
    }

    @Nested
    class PhraseLists {

        @Test
        void every_language_pack_has_a_phrase_list() {
            for (String code : LanguagePacks.codes()) {
                assertThat(RevocationPhrases.exists(code)).as(code).isTrue();
                assertThat(RevocationPhrases.of(code).rules).as(code).isNotEmpty();
            }
        }

        @Test
        void every_latin_stem_of_the_pre_filter_has_three_letters_or_more() {
            List<String> all = new ArrayList<>(LanguagePacks.codes());
            assertThat(RevocationCorpusTest.detectorFor(all).stems())
                    .allSatisfy(stem -> assertThat(stem).hasSizeGreaterThanOrEqualTo(RevocationText.isAscii(stem) ? 3 : 2));
        }

        @Test
        void a_wrong_line_is_refused_with_its_place() {
            assertThatThrownBy(() -> RevocationPhrases.parse("xx", List.of("clear a-rule: {nothing}")))
                    .hasMessageContaining("xx.txt line 1").hasMessageContaining("unknown slot");
            assertThatThrownBy(() -> RevocationPhrases.parse("xx", List.of("clear: stop")))
                    .hasMessageContaining("xx.txt line 1");
        }

        @Test
        void english_words_come_from_the_word_list_artifact() {
            assertThat(EnglishWords.size()).isGreaterThan(50_000);
            assertThat(EnglishWords.isWord("stoop")).isTrue();
            assertThat(EnglishWords.isWord("stores")).isTrue();
            assertThat(EnglishWords.isWord("stpo")).isFalse();
        }
    }
}
