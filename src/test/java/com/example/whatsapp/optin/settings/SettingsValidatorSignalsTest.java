package com.example.whatsapp.optin.settings;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's v3 OptInSettings fields: marketing keywords and text, help, optIn.proofMustMentionWhatsApp. */
class SettingsValidatorSignalsTest {

    private static final List<String> BUILT_IN = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");
    private final SettingsValidator validator = new SettingsValidator(BUILT_IN);

    static final String V3 = """
            {"businessName":"Acme Store",
             "optOut":{"keywords":["STOP"],"marketingKeywords":["STOP PROMOTIONS","NO OFFERS"],
                       "marketingResponseText":"No more offers from {businessName}."},
             "optIn":{"enabled":true,"keywords":["START"],"marketingKeywords":["OFFERS ON"],"proofMustMentionWhatsApp":false},
             "help":{"keywords":["HELP","AYUDA"],"responseText":"{businessName}: reply STOP to stop."}}""";

    private List<String> problems(String json) {
        return validator.validate("acme", json).messages();
    }

    private List<String> fromPeople(String json) {
        return validator.validate("acme", json, "the path", SettingsValidator.Strictness.PEOPLE).messages();
    }

    private OptInSettings valid(String json) {
        SettingsValidator.Result result = validator.validate("acme", json);
        assertThat(result.problems()).isEmpty();
        return result.settings();
    }

    @Test
    void the_contract_s_v3_fields_are_valid_from_the_topic_and_from_people() {
        assertThat(problems(V3)).isEmpty();
        assertThat(fromPeople(V3)).isEmpty();
        OptInSettings settings = valid(V3);
        assertThat(settings.marketingOptOutKeywords()).containsExactly("STOP PROMOTIONS", "NO OFFERS");
        assertThat(settings.marketingOptInKeywords()).containsExactly("OFFERS ON");
        assertThat(settings.helpKeywords()).containsExactly("HELP", "AYUDA");
        assertThat(settings.optOut().marketingResponseText()).isEqualTo("No more offers from {businessName}.");
        assertThat(settings.help().responseText()).isEqualTo("{businessName}: reply STOP to stop.");
        assertThat(settings.optIn().proofMustMentionWhatsApp()).isFalse();
    }

    @Nested
    class Defaults {

        @Test
        void absent_fields_give_stop_promotions_help_and_info_and_a_proof_that_mentions_whatsapp() {
            OptInSettings settings = valid("{\"businessName\":\"Acme\"}");
            assertThat(settings.marketingOptOutKeywords()).containsExactly("STOP PROMOTIONS");
            assertThat(settings.marketingOptInKeywords()).isEmpty();
            assertThat(settings.helpKeywords()).containsExactly("HELP", "INFO");
            assertThat(settings.help().responseText()).isNull();
            assertThat(settings.optIn().proofMustMentionWhatsApp()).isTrue();
        }

        @Test
        void a_default_word_the_business_lists_in_another_kind_is_not_a_default_for_it_and_no_collision() {
            OptInSettings settings = valid("""
                    {"businessName":"Acme","optOut":{"keywords":["info"]},
                     "optIn":{"enabled":true,"keywords":["Stop promotions"],"marketingKeywords":["help"]}}""");
            assertThat(settings.marketingOptOutKeywords()).isEmpty();
            assertThat(settings.helpKeywords()).isEmpty();
        }

        @Test
        void an_empty_list_means_none() {
            OptInSettings settings = valid("{\"businessName\":\"Acme\",\"optOut\":{\"marketingKeywords\":[]},\"help\":{\"keywords\":[]}}");
            assertThat(settings.marketingOptOutKeywords()).isEmpty();
            assertThat(settings.helpKeywords()).isEmpty();
        }
    }

    @Nested
    class Collisions {

        @Test
        void a_marketing_opt_out_keyword_that_is_an_opt_out_built_in_or_pack_keyword_is_rejected() {
            assertThat(problems("{\"businessName\":\"Acme\",\"languages\":[\"es\"],\"optOut\":{\"keywords\":[\"CANCEL\"],"
                    + "\"marketingKeywords\":[\"stop\",\"Cancel\",\"baja\"]}}")).containsExactly(
                    "marketing opt-out keyword \"stop\" is also an opt-out keyword (built-in \"STOP\")",
                    "marketing opt-out keyword \"Cancel\" is also an opt-out keyword (opt-out keyword \"CANCEL\")",
                    "marketing opt-out keyword \"baja\" is also an opt-out keyword (keyword \"BAJA\" of the language pack es)");
        }

        @Test
        void each_pair_of_the_five_lists_is_checked() {
            assertThat(problems("""
                    {"businessName":"Acme","optOut":{"keywords":["END"],"marketingKeywords":["NO OFFERS"]},
                     "optIn":{"enabled":true,"keywords":["ＮＯ ＯＦＦＥＲＳ","OFFERS ON"],"marketingKeywords":["offers on!"]},
                     "help":{"keywords":["end","offers on","HELP"]}}""")).containsExactly(
                    "opt-in keyword \"ＮＯ ＯＦＦＥＲＳ\" is also a marketing opt-out keyword (\"NO OFFERS\")",
                    "opt-in keyword \"OFFERS ON\" is also a marketing opt-in keyword (\"offers on!\")",
                    "HELP keyword \"end\" is also an opt-out keyword (opt-out keyword \"END\")",
                    "HELP keyword \"offers on\" is also a marketing opt-in keyword (\"offers on!\")");
        }

        @Test
        void the_marketing_lists_collide_with_each_other() {
            assertThat(problems("{\"businessName\":\"Acme\",\"optOut\":{\"marketingKeywords\":[\"PROMOS\"]},"
                    + "\"optIn\":{\"marketingKeywords\":[\"promos\"]}}"))
                    .containsExactly("marketing opt-in keyword \"promos\" is also a marketing opt-out keyword (\"PROMOS\")");
        }

        @Test
        void a_word_twice_in_one_list_is_no_collision() {
            assertThat(problems("{\"businessName\":\"Acme\",\"help\":{\"keywords\":[\"HELP\",\"help\"]}}")).isEmpty();
        }
    }

    @Test
    void a_collision_is_placed_at_the_keyword_s_path() {
        assertThat(validator.validate("acme", "{\"businessName\":\"Acme\",\"optOut\":{\"marketingKeywords\":[\"X\",\"stop\"]}}")
                .problems()).singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("optOut.marketingKeywords[1]");
                    assertThat(problem.rule()).isEqualTo("keyword-collision");
                });
    }

    @Nested
    class FieldRules {

        @Test
        void keywords_follow_the_keyword_rules() {
            assertThat(problems("{\"businessName\":\"Acme\",\"optOut\":{\"marketingKeywords\":[\"!!\",7]},"
                    + "\"optIn\":{\"marketingKeywords\":\"OFFERS\"},\"help\":{\"keywords\":[\"" + "x".repeat(65) + "\"]}}"))
                    .containsExactly(
                            "optOut.marketingKeywords[0] is empty after normalization",
                            "optOut.marketingKeywords[1] must be a string",
                            "optIn.marketingKeywords must be an array of strings",
                            "help.keywords[0] is longer than 64 characters");
        }

        @Test
        void the_texts_are_1_to_4096_characters() {
            assertThat(problems("{\"businessName\":\"Acme\",\"optOut\":{\"marketingResponseText\":\"\"},"
                    + "\"help\":{\"responseText\":\"" + "x".repeat(4097) + "\"}}")).containsExactly(
                    "optOut.marketingResponseText must be 1 to 4096 characters",
                    "help.responseText must be 1 to 4096 characters");
            assertThat(problems("{\"businessName\":\"Acme\",\"help\":{\"responseText\":5}}"))
                    .containsExactly("help.responseText must be a string");
        }

        @Test
        void help_is_an_object_and_the_proof_option_a_boolean() {
            assertThat(problems("{\"businessName\":\"Acme\",\"help\":\"HELP\",\"optIn\":{\"proofMustMentionWhatsApp\":\"no\"}}"))
                    .containsExactly("optIn.proofMustMentionWhatsApp must be true or false",
                            "help must be an object with keywords and responseText");
        }

        @Test
        void a_person_s_typo_in_the_new_fields_is_named() {
            assertThat(fromPeople("{\"businessName\":\"Acme\",\"help\":{\"keyword\":[\"HELP\"]},"
                    + "\"optOut\":{\"marketingKeyword\":[\"X\"]}}")).containsExactly(
                    "unknown field optOut.marketingKeyword; did you mean optOut.marketingKeywords?",
                    "unknown field help.keyword; did you mean help.keywords?");
            assertThat(problems("{\"businessName\":\"Acme\",\"help\":{\"keyword\":[\"HELP\"]}}")).isEmpty();
        }
    }
}
