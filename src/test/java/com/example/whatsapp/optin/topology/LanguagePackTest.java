package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.LanguagePacks;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's "Language packs" and the settings fields that use them, through the production topology. */
class LanguagePackTest {

    private static final String ACME = "acme";
    private static final long T0 = 1_764_000_000L;

    /** The contract's table, copied from CONTRACT.md code point by code point. */
    static final Map<String, List<String>> CONTRACT_TABLE = contractTable();

    private static Map<String, List<String>> contractTable() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        table.put("es", List.of("BAJA", "DETENER", "PARAR", "CANCELAR", "NO M\u00c1S", "NO MAS"));
        table.put("pt", List.of("PARAR", "SAIR", "CANCELAR", "DESCADASTRAR"));
        table.put("fr", List.of("ARR\u00caT", "ARRET", "D\u00c9SABONNER", "DESABONNER"));
        table.put("de", List.of("STOPP", "ABMELDEN", "ABBESTELLEN"));
        table.put("hi", List.of("\u0930\u094b\u0915\u0947\u0902", "\u0930\u0941\u0915\u0947\u0902",
                "\u092c\u0902\u0926 \u0915\u0930\u0947\u0902", "\u092c\u0902\u0926 \u0915\u0930\u094b"));
        table.put("ar", List.of("\u062a\u0648\u0642\u0641", "\u0625\u0644\u063a\u0627\u0621", "\u0625\u064a\u0642\u0627\u0641"));
        table.put("id", List.of("BERHENTI"));
        return table;
    }

    private static final String SPANISH = "Te has dado de baja de {businessName} en WhatsApp.";

    /** Every pack listed in the table's order, each with a reply of its own. */
    private static final String EVERY_PACK = """
            {"businessName":"Acme Store",
             "languages":["es","pt","fr","de","hi","ar","id"],
             "optOut":{"keywords":["HALT"],"responseEnabled":true,"responseText":"Unsubscribed from {businessName}.",
                       "responseTexts":{"es":"%s","pt":"pt: {businessName}","fr":"fr: {businessName}",
                                        "de":"de: {businessName}","hi":"hi: {businessName}","ar":"ar: {businessName}",
                                        "id":"id: {businessName}"}},
             "optIn":{"enabled":true,"keywords":["JOIN"]}}""".formatted(SPANISH);

    private static String replyOf(String language) {
        return language.equals("es") ? "Te has dado de baja de Acme Store en WhatsApp." : language + ": Acme Store";
    }

    private final Locale savedLocale = Locale.getDefault();
    private ConsentDriver driver;
    private int contacts;

    @BeforeEach
    void turkish() {
        // The classic trap: "SAIR".toLowerCase() is "saır" here.
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        driver = new ConsentDriver();
    }

    @AfterEach
    void close() {
        driver.close();
        Locale.setDefault(savedLocale);
    }

    /** A message from a contact never seen before, so that every match is a change with its reply. */
    private Outcome send(String body) {
        String contact = "9198765" + String.format("%05d", contacts++);
        driver.text(ACME, contact, "wamid." + contacts, T0 + contacts, body);
        List<TestRecord<String, JsonNode>> events = driver.events();
        List<TestRecord<String, JsonNode>> replies = driver.replies();
        return new Outcome(events.isEmpty() ? null : events.get(0).value().get("keyword").asText(),
                replies.isEmpty() ? null : replies.get(0).value().at("/message/text/body").asText());
    }

    private record Outcome(String keyword, String reply) {
    }

    @Test
    void the_pack_table_is_the_contract_s() {
        assertThat(LanguagePacks.all()).containsExactlyEntriesOf(CONTRACT_TABLE);
        LanguagePacks.all().values().forEach(keywords -> keywords.forEach(
                keyword -> assertThat(Normalizer.isNormalized(keyword, Normalizer.Form.NFC)).as(keyword).isTrue()));
    }

    @Test
    void every_pack_keyword_matches_normalized_under_a_turkish_locale_and_answers_in_its_language() {
        driver.putSettings(ACME, EVERY_PACK);
        Map<String, String> languageOf = new LinkedHashMap<>();
        CONTRACT_TABLE.forEach((language, keywords) -> keywords.forEach(keyword -> languageOf.putIfAbsent(keyword, language)));
        Map<String, Integer> expectedCounts = new LinkedHashMap<>();
        languageOf.forEach((keyword, language) -> {
            for (String variant : variants(keyword)) {
                assertThat(send(variant)).as("\"%s\" for %s", variant, keyword)
                        .isEqualTo(new Outcome(keyword, replyOf(language)));
                expectedCounts.merge(language, 1, Integer::sum);
            }
        });
        expectedCounts.forEach((language, count) ->
                assertThat(driver.counters.languagePackMatches(language).count()).as(language).isEqualTo(count.doubleValue()));
    }

    @Test
    void the_spanish_words_match_as_customers_type_them() {
        driver.putSettings(ACME, EVERY_PACK);
        for (String typed : List.of("baja", "Baja.", "¡BAJA!", "NO MÁS", "no mas", "No más 🙏", "NO MA\u0301S", "ｂａｊａ")) {
            String keyword = typed.toLowerCase(Locale.ROOT).contains("mas") ? "NO MAS"
                    : typed.toLowerCase(Locale.ROOT).startsWith("no") ? "NO M\u00c1S" : "BAJA";
            assertThat(send(typed)).as(typed).isEqualTo(new Outcome(keyword, replyOf("es")));
        }
        assertThat(send("baja por favor")).isEqualTo(new Outcome(null, null));
    }

    @Test
    void the_readme_s_spanish_speaking_business_answers_baja_in_spanish() throws IOException {
        String example = Files.readString(Path.of("examples/tienda-settings.json"));
        assertThat(driver.registry.validator().validate("tienda", example, "--business").problems()).isEmpty();
        driver.putSettings("tienda", example);
        driver.text("tienda", "5215512345678", "wamid.ES1", T0, "Baja");
        assertThat(driver.events()).singleElement()
                .satisfies(event -> assertThat(event.value().get("keyword").asText()).isEqualTo("BAJA"));
        assertThat(driver.replies()).singleElement().satisfies(reply -> assertThat(reply.value().at("/message/text/body").asText())
                .isEqualTo("Te has dado de baja de Tienda Acme en WhatsApp. Responde ALTA para volver a suscribirte."));
    }

    /**
     * The keyword as written; in lower case with a full stop; in mixed case with spaces around; with an
     * emoji (so that ASCII words too take the general path, where a Turkish lower case would turn
     * SAIR into saır); and decomposed.
     */
    private static List<String> variants(String keyword) {
        List<String> variants = new ArrayList<>(List.of(keyword, keyword.toLowerCase(Locale.ROOT) + ".",
                "  " + keyword.charAt(0) + keyword.substring(1).toLowerCase(Locale.ROOT) + " !! ", keyword + " \uD83D\uDE4F"));
        String decomposed = Normalizer.normalize(keyword, Normalizer.Form.NFD);
        if (!decomposed.equals(keyword)) {
            variants.add(decomposed);
        }
        return variants;
    }

    @Nested
    class TwoPacks {

        private String listing(String first, String second) {
            return """
                    {"businessName":"Acme Store","languages":["%s","%s"],
                     "optOut":{"responseEnabled":true,"responseText":"Unsubscribed.",
                               "responseTexts":{"es":"Te has dado de baja.","pt":"Você saiu."}}}""".formatted(first, second);
        }

        @Test
        void parar_belongs_to_spanish_when_spanish_is_listed_first() {
            driver.putSettings(ACME, listing("es", "pt"));
            assertThat(send("parar")).isEqualTo(new Outcome("PARAR", "Te has dado de baja."));
            assertThat(driver.counters.languagePackMatches("es").count()).isEqualTo(1.0);
            assertThat(driver.counters.languagePackMatches("pt").count()).isZero();
        }

        @Test
        void parar_belongs_to_portuguese_when_portuguese_is_listed_first() {
            driver.putSettings(ACME, listing("pt", "es"));
            assertThat(send("Parar.")).isEqualTo(new Outcome("PARAR", "Você saiu."));
            assertThat(send("CANCELAR")).isEqualTo(new Outcome("CANCELAR", "Você saiu."));
            assertThat(send("baja")).isEqualTo(new Outcome("BAJA", "Te has dado de baja."));
            assertThat(driver.counters.languagePackMatches("pt").count()).isEqualTo(2.0);
        }
    }

    @Nested
    class WhoseKeyword {

        @Test
        void a_pack_word_in_the_business_s_own_list_is_the_business_s_spelling_and_reply() {
            driver.putSettings(ACME, """
                    {"businessName":"Acme Store","languages":["es"],
                     "optOut":{"keywords":["Baja"],"responseEnabled":true,"responseText":"Unsubscribed from {businessName}.",
                               "responseTexts":{"es":"Te has dado de baja."}}}""");
            assertThat(send("BAJA")).isEqualTo(new Outcome("Baja", "Unsubscribed from Acme Store."));
            assertThat(send("DETENER")).isEqualTo(new Outcome("DETENER", "Te has dado de baja."));
            assertThat(driver.counters.languagePackMatches("es").count()).isEqualTo(1.0);
        }

        @Test
        void a_pack_word_that_is_a_built_in_keyword_is_the_built_in_one() {
            driver.close();
            driver = new ConsentDriver(Map.of("optin.keywords.builtin-opt-out", "Arrêt,STOP"));
            driver.putSettings(ACME, """
                    {"businessName":"Acme Store","languages":["fr"],
                     "optOut":{"responseEnabled":true,"responseText":"Unsubscribed.","responseTexts":{"fr":"Désabonné."}}}""");
            assertThat(send("ARRÊT")).isEqualTo(new Outcome("Arrêt", "Unsubscribed."));
            assertThat(send("arret")).isEqualTo(new Outcome("ARRET", "Désabonné."));
        }

        @Test
        void a_listed_language_without_a_text_answers_with_the_response_text() {
            driver.putSettings(ACME, """
                    {"businessName":"Acme Store","languages":["es","de"],
                     "optOut":{"responseEnabled":true,"responseText":"Unsubscribed.","responseTexts":{"es":"Te has dado de baja."}}}""");
            assertThat(send("stopp")).isEqualTo(new Outcome("STOPP", "Unsubscribed."));
        }

        @Test
        void no_reply_in_any_language_when_the_opt_out_response_is_off() {
            driver.putSettings(ACME, """
                    {"businessName":"Acme Store","languages":["es"],
                     "optOut":{"responseEnabled":false,"responseTexts":{"es":"Te has dado de baja."}}}""");
            assertThat(send("baja")).isEqualTo(new Outcome("BAJA", null));
        }

        @Test
        void a_language_not_listed_adds_nothing() {
            driver.putSettings(ACME, "{\"businessName\":\"Acme Store\",\"languages\":[\"pt\"]}");
            assertThat(send("baja")).isEqualTo(new Outcome(null, null));
            assertThat(send("sair")).isEqualTo(new Outcome("SAIR", null));
        }
    }

    @Nested
    class InvalidLanguageSettings {

        private static final String VALID = """
                {"businessName":"Acme Store","languages":["es"],
                 "optOut":{"responseEnabled":true,"responseText":"Unsubscribed.","responseTexts":{"es":"Te has dado de baja."}}}""";

        /** Each would, if it took effect, add Portuguese or change the Spanish reply. */
        private static final List<String> INVALID = List.of(
                // an unknown code
                "{\"businessName\":\"Acme Store\",\"languages\":[\"pt\",\"xx\"]}",
                // a text for a language not listed
                "{\"businessName\":\"Acme Store\",\"languages\":[\"es\"],\"optOut\":{\"responseEnabled\":true,"
                        + "\"responseText\":\"Unsubscribed.\",\"responseTexts\":{\"es\":\"CHANGED\",\"pt\":\"Você saiu.\"}}}",
                // texts empty and too long
                "{\"businessName\":\"Acme Store\",\"languages\":[\"es\",\"pt\"],\"optOut\":{\"responseTexts\":{\"es\":\"\"}}}",
                "{\"businessName\":\"Acme Store\",\"languages\":[\"es\",\"pt\"],\"optOut\":{\"responseTexts\":{\"es\":\""
                        + "x".repeat(4097) + "\"}}}",
                // a pack keyword that is an opt-in keyword, with opt-in off
                "{\"businessName\":\"Acme Store\",\"languages\":[\"es\",\"pt\"],\"optIn\":{\"enabled\":false,\"keywords\":[\"Sair\"]}}",
                // a bad template name, a bad template language
                "{\"businessName\":\"Acme Store\",\"languages\":[\"es\",\"pt\"],"
                        + "\"optIn\":{\"confirmationTemplate\":{\"name\":\"Welcome!\",\"language\":\"en_US\"}}}",
                "{\"businessName\":\"Acme Store\",\"languages\":[\"es\",\"pt\"],"
                        + "\"optIn\":{\"confirmationTemplate\":{\"name\":\"welcome\",\"language\":\"en-US\"}}}",
                // requireOptIn not a boolean
                "{\"businessName\":\"Acme Store\",\"languages\":[\"es\",\"pt\"],\"outbound\":{\"requireOptIn\":\"false\"}}");

        @Test
        void invalid_language_settings_never_take_effect_and_the_last_valid_ones_stay() {
            driver.putSettings(ACME, VALID);
            INVALID.forEach(json -> driver.putSettings(ACME, json));
            assertThat(driver.counters.settingsRejected().count()).isEqualTo(INVALID.size());
            assertThat(send("SAIR")).isEqualTo(new Outcome(null, null));
            assertThat(send("BAJA")).isEqualTo(new Outcome("BAJA", "Te has dado de baja."));
            assertThat(driver.registry.forBusiness(ACME).requireOptIn()).isTrue();
            assertThat(driver.registry.forBusiness(ACME).confirmationTemplate()).isNull();
        }

        @Test
        void the_optional_fields_of_valid_settings_take_effect() {
            driver.putSettings(ACME, "{\"businessName\":\"Acme Store\",\"languages\":[\"es\",\"pt\",\"es\"],"
                    + "\"optIn\":{\"confirmationTemplate\":{\"name\":\"optin_welcome\",\"language\":\"en_US\"}},"
                    + "\"outbound\":{\"requireOptIn\":false}}");
            assertThat(driver.counters.settingsRejected().count()).isZero();
            assertThat(driver.registry.forBusiness(ACME).requireOptIn()).isFalse();
            assertThat(driver.registry.forBusiness(ACME).confirmationTemplate().name()).isEqualTo("optin_welcome");
            assertThat(send("sair")).isEqualTo(new Outcome("SAIR", null));
        }
    }
}
