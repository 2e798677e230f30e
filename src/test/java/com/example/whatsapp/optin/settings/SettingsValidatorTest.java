package com.example.whatsapp.optin.settings;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsValidatorTest {

    private static final List<String> BUILT_IN = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");
    private final SettingsValidator validator = new SettingsValidator(BUILT_IN);

    private static final String VALID = """
            {"businessName":"Acme Store",
             "optOut":{"keywords":["STOP","UNSUBSCRIBE","Don't send me messages"],"responseEnabled":true,
                       "responseText":"You have unsubscribed from {businessName}."},
             "optIn":{"enabled":true,"keywords":["YES","START","JOIN"],"responseEnabled":true,
                      "responseText":"Thanks for subscribing to {businessName}!"},
             "someFutureField":{"ignored":true}}""";

    private List<String> problems(String businessId, String json) {
        SettingsValidator.Result result = validator.validate(businessId, json);
        assertThat(result.valid()).isEqualTo(result.problems().isEmpty());
        return result.messages();
    }

    @Test
    void the_contract_example_is_valid() {
        SettingsValidator.Result result = validator.validate("acme", VALID);
        assertThat(result.problems()).isEmpty();
        assertThat(result.settings().businessName()).isEqualTo("Acme Store");
        assertThat(result.settings().optIn().keywords()).containsExactly("YES", "START", "JOIN");
    }

    @Test
    void only_business_name_is_required() {
        assertThat(problems("acme", "{\"businessName\":\"Acme\"}")).isEmpty();
        assertThat(problems("acme", "{\"businessName\":\"Acme\",\"businessId\":\"acme\"}")).isEmpty();
    }

    @Test
    void unreadable_values_are_rejected() {
        assertThat(problems("acme", "not json")).singleElement().asString().contains("not valid JSON");
        assertThat(problems("acme", "[]")).contains("the value is not a JSON object");
        assertThat(problems("acme", (String) null)).isNotEmpty();
    }

    @Test
    void trailing_content_after_the_object_is_rejected_as_for_inbound_records() {
        assertThat(problems("acme", "{\"businessName\":\"Acme\"} {\"businessName\":\"Evil\"}"))
                .singleElement().asString().contains("not valid JSON");
    }

    @Test
    void a_field_of_the_wrong_type_is_one_problem_not_also_a_missing_one() {
        assertThat(problems("acme", "{\"businessName\":7}")).containsExactly("businessName must be a string");
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"responseEnabled\":true,\"responseText\":[]}}"))
                .containsExactly("optOut.responseText must be a string");
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"responseEnabled\":true}}"))
                .containsExactly("optOut.responseText is required when optOut.responseEnabled is true");
    }

    @Test
    void the_key_must_be_a_valid_business_id() {
        assertThat(problems("acme:1", "{\"businessName\":\"Acme\"}")).hasSize(1);
        assertThat(problems("", "{\"businessName\":\"Acme\"}")).hasSize(1);
        assertThat(problems("a".repeat(129), "{\"businessName\":\"Acme\"}")).hasSize(1);
        assertThat(problems("a".repeat(128), "{\"businessName\":\"Acme\"}")).isEmpty();
    }

    @Test
    void a_business_id_in_the_value_must_equal_the_key() {
        assertThat(problems("acme", "{\"businessName\":\"Acme\",\"businessId\":\"globex\"}"))
                .containsExactly("businessId in the value does not equal the key");
    }

    @Test
    void the_problems_name_where_the_person_gave_the_business_id() {
        assertThat(validator.validate("acme", "{\"businessName\":\"Acme\",\"businessId\":\"globex\"}", "the path").messages())
                .containsExactly("businessId in the value does not equal the path");
        assertThat(validator.validate("a:b", "{\"businessName\":\"Acme\"}", "--business").messages())
                .containsExactly("--business is not a valid businessId (1 to 128 characters from [A-Za-z0-9._-])");
    }

    @Test
    void business_name_is_1_to_256_characters() {
        assertThat(problems("acme", "{}")).containsExactly("businessName is required");
        assertThat(problems("acme", "{\"businessName\":\"\"}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"" + "n".repeat(257) + "\"}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"" + "n".repeat(256) + "\"}")).isEmpty();
        assertThat(problems("acme", "{\"businessName\":42}")).containsExactly("businessName must be a string");
    }

    @Test
    void keywords_are_non_empty_after_normalization_at_most_64_characters_and_at_most_100() {
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"keywords\":[\"  !! \"]}}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"keywords\":[\"" + "k".repeat(65) + "\"]}}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"keywords\":[\"" + "k".repeat(64) + "\"]}}")).isEmpty();
        String hundred = "\"k\"," .repeat(99) + "\"k\"";
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optIn\":{\"keywords\":[" + hundred + "]}}")).isEmpty();
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optIn\":{\"keywords\":[" + hundred + ",\"k\"]}}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optIn\":{\"keywords\":\"YES\"}}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optIn\":{\"keywords\":[1]}}")).hasSize(1);
    }

    @Test
    void no_keyword_is_both_opt_in_and_opt_out_built_ins_included() {
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"keywords\":[\"PAUSE\"]},"
                + "\"optIn\":{\"keywords\":[\"pause!\"]}}"))
                .containsExactly("opt-in keyword \"pause!\" is also an opt-out keyword (opt-out keyword \"PAUSE\")");
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optIn\":{\"enabled\":false,\"keywords\":[\"Opt  Out\"]}}"))
                .singleElement().asString().endsWith("is also an opt-out keyword (built-in \"OPT OUT\")");
    }

    @Test
    void a_response_text_is_1_to_4096_characters_and_present_when_enabled() {
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"responseEnabled\":true}}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optIn\":{\"responseEnabled\":true,\"responseText\":\"\"}}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"responseEnabled\":true,\"responseText\":\""
                + "r".repeat(4097) + "\"}}")).hasSize(1);
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"responseEnabled\":true,\"responseText\":\""
                + "r".repeat(4096) + "\"}}")).isEmpty();
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"responseEnabled\":false}}")).isEmpty();
        assertThat(problems("acme", "{\"businessName\":\"A\",\"optOut\":{\"responseEnabled\":\"yes\"}}")).hasSize(1);
    }

    @Test
    void every_problem_is_reported_at_once() {
        assertThat(problems("bad key", "{\"businessId\":\"x\",\"optOut\":{\"keywords\":[\"\"],\"responseEnabled\":true},"
                + "\"optIn\":{\"enabled\":\"no\",\"keywords\":[\"STOP\"]}}")).hasSize(7);
    }

    private List<String> fromPeople(String json) {
        return validator.validate("acme", json, "the path", SettingsValidator.Strictness.PEOPLE).messages();
    }

    @Test
    void a_person_s_unknown_field_is_a_problem_that_names_the_field_it_resembles() {
        assertThat(fromPeople("{\"businessName\":\"Typo Co\",\"optin\":{\"enabled\":true,\"keywords\":[\"JOIN\"]}}"))
                .containsExactly("unknown field optin; did you mean optIn?");
        assertThat(fromPeople("{\"businessName\":\"Typo Co\",\"optOut\":{\"keyword\":[\"HALT\"]}}"))
                .containsExactly("unknown field optOut.keyword; did you mean optOut.keywords?");
        assertThat(fromPeople("{\"businessName\":\"Typo Co\",\"optIn\":{\"enabled\":true,\"keywords\":[\"JOIN\"],"
                + "\"responseEnable\":true}}"))
                .containsExactly("unknown field optIn.responseEnable; did you mean optIn.responseEnabled?");
    }

    @Test
    void a_person_s_unknown_field_like_no_known_one_lists_the_known_fields() {
        assertThat(fromPeople("{\"businessName\":\"Acme\",\"someFutureField\":{\"ignored\":true}}"))
                .containsExactly("unknown field someFutureField; the fields are businessId, businessName, optOut, optIn, languages, outbound");
    }

    @Test
    void the_settings_topic_keeps_ignoring_unknown_fields() {
        assertThat(problems("acme", "{\"businessName\":\"Typo Co\",\"optin\":{\"enabled\":true},\"optOut\":{\"keyword\":[]}}"))
                .isEmpty();
        assertThat(problems("acme", VALID)).isEmpty();
    }

    @Test
    void a_person_s_opt_in_enabled_with_no_keyword_is_a_problem_but_not_on_the_topic() {
        String noKeyword = "{\"businessName\":\"Acme\",\"optIn\":{\"enabled\":true}}";
        assertThat(fromPeople(noKeyword)).containsExactly("optIn.enabled is true but optIn.keywords is empty: no message could opt in");
        assertThat(fromPeople("{\"businessName\":\"Acme\",\"optIn\":{\"enabled\":true,\"keywords\":[]}}")).hasSize(1);
        assertThat(fromPeople("{\"businessName\":\"Acme\",\"optIn\":{\"enabled\":false}}")).isEmpty();
        assertThat(problems("acme", noKeyword)).isEmpty();
    }

    @Test
    void the_contract_example_is_valid_from_a_person_too() {
        assertThat(fromPeople(VALID.replaceAll(",\\s*\"someFutureField\":\\{\"ignored\":true}", ""))).isEmpty();
    }
}
