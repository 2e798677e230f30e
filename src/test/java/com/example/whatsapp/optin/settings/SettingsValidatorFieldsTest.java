package com.example.whatsapp.optin.settings;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's v2 OptInSettings fields: languages, optOut.responseTexts, optIn.confirmationTemplate, outbound. */
class SettingsValidatorFieldsTest {

    private static final List<String> BUILT_IN = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");
    private final SettingsValidator validator = new SettingsValidator(BUILT_IN);

    /** The contract's v2 example, on top of a v1 one. */
    static final String V2 = """
            {"businessName":"Acme Store",
             "languages":["es","hi"],
             "optOut":{"keywords":["STOP"],"responseEnabled":true,"responseText":"You have unsubscribed from {businessName}.",
                       "responseTexts":{"es":"Te has dado de baja de {businessName} en WhatsApp.",
                                        "hi":"आपने WhatsApp पर {businessName} से सदस्यता समाप्त कर दी है।"}},
             "optIn":{"enabled":true,"keywords":["YES","START","JOIN"],
                      "confirmationTemplate":{"name":"optin_welcome","language":"en_US"}},
             "outbound":{"requireOptIn":true}}""";

    private List<String> problems(String json) {
        SettingsValidator.Result result = validator.validate("acme", json);
        assertThat(result.valid()).isEqualTo(result.problems().isEmpty());
        return result.messages();
    }

    private List<String> fromPeople(String json) {
        return validator.validate("acme", json, "the path", SettingsValidator.Strictness.PEOPLE).messages();
    }

    private static String withLanguages(String languages, String rest) {
        return "{\"businessName\":\"Acme\",\"languages\":" + languages + (rest.isEmpty() ? "" : "," + rest) + "}";
    }

    @Test
    void the_contract_example_is_read_into_the_model() {
        SettingsValidator.Result result = validator.validate("acme", V2);
        assertThat(result.problems()).isEmpty();
        OptInSettings settings = result.settings();
        assertThat(settings.languages()).containsExactly("es", "hi");
        assertThat(settings.optOut().responseTexts()).containsExactly(
                Map.entry("es", "Te has dado de baja de {businessName} en WhatsApp."),
                Map.entry("hi", "आपने WhatsApp पर {businessName} से सदस्यता समाप्त कर दी है।"));
        assertThat(settings.optIn().confirmationTemplate()).isEqualTo(new OptInSettings.Template("optin_welcome", "en_US"));
        assertThat(settings.outbound().requireOptIn()).isTrue();
        assertThat(fromPeople(V2)).isEmpty();
    }

    @Test
    void absent_v2_fields_mean_the_v1_behaviour() {
        OptInSettings settings = validator.validate("acme", "{\"businessName\":\"Acme\"}").settings();
        assertThat(settings.languages()).isEmpty();
        assertThat(settings.optOut().responseTexts()).isEmpty();
        assertThat(settings.optIn().confirmationTemplate()).isNull();
        assertThat(settings.outbound().requireOptIn()).isTrue();
        OptInSettings nulls = validator.validate("acme", "{\"businessName\":\"Acme\",\"languages\":null,\"outbound\":null,"
                + "\"optOut\":{\"responseTexts\":null},\"optIn\":{\"confirmationTemplate\":null},\"outbound\":{}}").settings();
        assertThat(nulls.outbound().requireOptIn()).isTrue();
        assertThat(nulls.optIn().confirmationTemplate()).isNull();
    }

    @Nested
    class Languages {

        @Test
        void every_code_of_the_pack_table_is_valid() {
            assertThat(problems(withLanguages("[\"es\",\"pt\",\"fr\",\"de\",\"hi\",\"ar\",\"id\"]", ""))).isEmpty();
        }

        @Test
        void an_unknown_code_is_invalid_and_offers_the_pack_it_resembles() {
            assertThat(problems(withLanguages("[\"es\",\"ES\"]", "")))
                    .containsExactly("languages[1] \"ES\" is not a language pack; did you mean es?");
            assertThat(problems(withLanguages("[\"pt_BR\",\"fra\"]", ""))).containsExactly(
                    "languages[0] \"pt_BR\" is not a language pack; did you mean pt?",
                    "languages[1] \"fra\" is not a language pack; did you mean fr?");
        }

        @Test
        void an_unknown_two_letter_code_is_never_taken_for_another_language() {
            assertThat(problems(withLanguages("[\"en\"]", "")))
                    .containsExactly("languages[0] \"en\" is not a language pack; the packs are es, pt, fr, de, hi, ar, id");
        }

        @Test
        void languages_must_be_an_array_of_strings() {
            assertThat(problems(withLanguages("\"es\"", ""))).singleElement().asString().startsWith("languages must be an array");
            assertThat(problems(withLanguages("[7]", ""))).containsExactly("languages[0] must be a string");
        }

        @Test
        void a_code_listed_twice_counts_once_on_the_topic_and_is_a_person_s_slip() {
            String twice = withLanguages("[\"es\",\"pt\",\"es\"]", "");
            assertThat(problems(twice)).isEmpty();
            assertThat(validator.validate("acme", twice).settings().languages()).containsExactly("es", "pt");
            assertThat(fromPeople(twice)).containsExactly("languages[2] \"es\" is listed twice");
        }

        @Test
        void no_pack_keyword_of_a_listed_language_is_an_opt_in_keyword_whether_opt_in_is_on_or_off() {
            assertThat(problems(withLanguages("[\"pt\",\"es\"]", "\"optIn\":{\"enabled\":true,\"keywords\":[\"JOIN\",\"baja!\"]}")))
                    .containsExactly("opt-in keyword \"baja!\" is also an opt-out keyword (keyword \"BAJA\" of the language pack es)");
            assertThat(problems(withLanguages("[\"fr\"]", "\"optIn\":{\"enabled\":false,\"keywords\":[\"Arrêt\"]}")))
                    .containsExactly("opt-in keyword \"Arrêt\" is also an opt-out keyword (keyword \"ARRÊT\" of the language pack fr)");
        }

        @Test
        void a_huge_list_of_unknown_codes_is_not_echoed_entry_by_entry() {
            String codes = ("\"" + "x".repeat(100_000) + "\",").repeat(50) + "\"zz\"";
            List<String> problems = problems(withLanguages("[" + codes + "]", ""));
            assertThat(problems).hasSize(11).allSatisfy(problem -> assertThat(problem.length()).isLessThan(120));
            assertThat(problems.get(0)).isEqualTo("languages[0] a code of 100000 characters is not a language pack; "
                    + "the packs are es, pt, fr, de, hi, ar, id");
            assertThat(problems.get(10)).isEqualTo("languages: the entries after languages[9] are not checked");
        }

        @Test
        void a_pack_keyword_of_a_language_not_listed_may_be_an_opt_in_keyword() {
            assertThat(problems(withLanguages("[\"pt\"]", "\"optIn\":{\"enabled\":true,\"keywords\":[\"BAJA\"]}"))).isEmpty();
        }
    }

    @Nested
    class ResponseTexts {

        @Test
        void every_key_is_a_listed_language() {
            assertThat(problems(withLanguages("[\"es\"]", "\"optOut\":{\"responseTexts\":{\"es\":\"Baja\",\"pt\":\"Saiu\"}}")))
                    .containsExactly("optOut.responseTexts.pt: not one of languages (es)");
            assertThat(problems("{\"businessName\":\"A\",\"optOut\":{\"responseTexts\":{\"es\":\"Baja\"}}}"))
                    .containsExactly("optOut.responseTexts.es: not one of languages (none listed)");
        }

        @Test
        void a_text_is_1_to_4096_characters() {
            assertThat(problems(withLanguages("[\"es\"]", "\"optOut\":{\"responseTexts\":{\"es\":\"\"}}")))
                    .containsExactly("optOut.responseTexts.es must be 1 to 4096 characters");
            assertThat(problems(withLanguages("[\"es\"]", "\"optOut\":{\"responseTexts\":{\"es\":\"" + "r".repeat(4097) + "\"}}")))
                    .containsExactly("optOut.responseTexts.es must be 1 to 4096 characters");
            assertThat(problems(withLanguages("[\"hi\"]", "\"optOut\":{\"responseTexts\":{\"hi\":\"" + "ह".repeat(4096) + "\"}}")))
                    .isEmpty();
        }

        @Test
        void a_huge_object_of_texts_is_not_echoed_entry_by_entry() {
            StringBuilder texts = new StringBuilder("{");
            for (int i = 0; i < 1000; i++) {
                texts.append(i == 0 ? "" : ",").append("\"").append(i).append("k".repeat(1000)).append("\":\"t\"");
            }
            List<String> problems = problems(withLanguages("[\"es\"]", "\"optOut\":{\"responseTexts\":" + texts + "}}"));
            assertThat(problems).hasSize(11).allSatisfy(problem -> assertThat(problem.length()).isLessThan(120));
            assertThat(problems.get(0)).isEqualTo("optOut.responseTexts (a key of 1001 characters): not one of languages (es)");
        }

        @Test
        void texts_are_an_object_of_strings() {
            assertThat(problems(withLanguages("[\"es\"]", "\"optOut\":{\"responseTexts\":[\"Baja\"]}")))
                    .containsExactly("optOut.responseTexts must be an object of texts by language code");
            assertThat(problems(withLanguages("[\"es\"]", "\"optOut\":{\"responseTexts\":{\"es\":7}}")))
                    .containsExactly("optOut.responseTexts.es must be a string");
        }
    }

    @Nested
    class ConfirmationTemplate {

        private List<String> template(String template) {
            return problems("{\"businessName\":\"A\",\"optIn\":{\"confirmationTemplate\":" + template + "}}");
        }

        @Test
        void the_name_matches_lower_case_letters_digits_and_underscores_up_to_512() {
            assertThat(template("{\"name\":\"optin_welcome_2\",\"language\":\"en\"}")).isEmpty();
            assertThat(template("{\"name\":\"" + "n".repeat(512) + "\",\"language\":\"en\"}")).isEmpty();
            assertThat(template("{\"name\":\"" + "n".repeat(513) + "\",\"language\":\"en\"}"))
                    .containsExactly("optIn.confirmationTemplate.name must match [a-z0-9_]{1,512}");
            assertThat(template("{\"name\":\"Optin-Welcome\",\"language\":\"en\"}")).hasSize(1);
            assertThat(template("{\"name\":\"\",\"language\":\"en\"}")).hasSize(1);
        }

        @Test
        void the_language_is_a_two_or_three_letter_code_with_an_optional_region() {
            for (String ok : List.of("en", "fil", "en_US", "pt_BR")) {
                assertThat(template("{\"name\":\"t\",\"language\":\"" + ok + "\"}")).as(ok).isEmpty();
            }
            for (String bad : List.of("EN", "en-US", "en_us", "e", "engl", "en_USA")) {
                assertThat(template("{\"name\":\"t\",\"language\":\"" + bad + "\"}")).as(bad)
                        .containsExactly("optIn.confirmationTemplate.language must match [a-z]{2,3}(_[A-Z]{2})?");
            }
        }

        @Test
        void name_and_language_are_required_strings() {
            assertThat(template("{}")).containsExactly("optIn.confirmationTemplate.name is required",
                    "optIn.confirmationTemplate.language is required");
            assertThat(template("{\"name\":1,\"language\":\"en\"}")).containsExactly("optIn.confirmationTemplate.name must be a string");
            assertThat(template("\"optin_welcome\"")).containsExactly("optIn.confirmationTemplate must be an object with name and language");
        }
    }

    @Nested
    class Outbound {

        @Test
        void require_opt_in_is_a_boolean_true_by_default() {
            assertThat(validator.validate("acme", "{\"businessName\":\"A\",\"outbound\":{\"requireOptIn\":false}}")
                    .settings().outbound().requireOptIn()).isFalse();
            assertThat(problems("{\"businessName\":\"A\",\"outbound\":{\"requireOptIn\":\"no\"}}"))
                    .containsExactly("outbound.requireOptIn must be true or false");
            assertThat(problems("{\"businessName\":\"A\",\"outbound\":{\"requireOptIn\":0}}")).hasSize(1);
            assertThat(problems("{\"businessName\":\"A\",\"outbound\":true}")).containsExactly("outbound must be an object");
        }
    }

    @Nested
    class Strictness {

        @Test
        void a_person_s_misspelt_v2_field_names_the_field_it_resembles() {
            assertThat(fromPeople("{\"businessName\":\"A\",\"language\":[\"es\"],\"outbund\":{\"requireOptin\":true},"
                    + "\"optOut\":{\"responseText\":\"x\",\"responseTextss\":{}},"
                    + "\"optIn\":{\"confirmationTemplate\":{\"name\":\"t\",\"language\":\"en\",\"lang\":\"en\"}}}"))
                    .containsExactlyInAnyOrder(
                            "unknown field language; did you mean languages?",
                            "unknown field outbund; did you mean outbound?",
                            "unknown field optOut.responseTextss; did you mean optOut.responseTexts?",
                            "unknown field optIn.confirmationTemplate.lang; the fields of optIn.confirmationTemplate are name, language");
        }

        @Test
        void a_person_s_unknown_field_inside_outbound_is_named() {
            assertThat(fromPeople("{\"businessName\":\"A\",\"outbound\":{\"requireOptin\":true}}"))
                    .containsExactly("unknown field outbound.requireOptin; did you mean outbound.requireOptIn?");
        }

        @Test
        void the_topic_ignores_unknown_fields_inside_the_v2_fields() {
            assertThat(problems("{\"businessName\":\"A\",\"outbound\":{\"requireOptIn\":false,\"later\":1},"
                    + "\"optIn\":{\"confirmationTemplate\":{\"name\":\"t\",\"language\":\"en\",\"components\":[]}}}")).isEmpty();
        }
    }

    @Test
    void every_v2_problem_is_reported_at_once() {
        assertThat(problems("{\"businessName\":\"A\",\"languages\":[\"xx\",\"es\"],"
                + "\"optOut\":{\"responseTexts\":{\"pt\":\"\"}},"
                + "\"optIn\":{\"keywords\":[\"PARAR\"],\"confirmationTemplate\":{\"name\":\"Bad Name\",\"language\":\"english\"}},"
                + "\"outbound\":{\"requireOptIn\":\"yes\"}}")).containsExactlyInAnyOrder(
                "languages[0] \"xx\" is not a language pack; the packs are es, pt, fr, de, hi, ar, id",
                "optOut.responseTexts.pt: not one of languages (es)",
                "optOut.responseTexts.pt must be 1 to 4096 characters",
                "optIn.confirmationTemplate.name must match [a-z0-9_]{1,512}",
                "optIn.confirmationTemplate.language must match [a-z]{2,3}(_[A-Z]{2})?",
                "outbound.requireOptIn must be true or false",
                "opt-in keyword \"PARAR\" is also an opt-out keyword (keyword \"PARAR\" of the language pack es)");
    }
}
