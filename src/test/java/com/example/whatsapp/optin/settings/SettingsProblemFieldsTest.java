package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every settings problem names the field it is about by its path in the value, so that a client
 * (the console) can place it without reading the message: checked case by case, and against an
 * independent oracle that walks the path through the JSON the person sent.
 */
@DisplayName("Settings problems name their field")
class SettingsProblemFieldsTest {

    private static final List<String> BUILT_IN = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");
    private final SettingsValidator validator = new SettingsValidator(BUILT_IN);
    private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

    private List<Problem> fromPeople(String json) {
        return validator.validate("acme", json, "the path", SettingsValidator.Strictness.PEOPLE).problems();
    }

    @Nested
    @DisplayName("each kind of problem")
    class EachKind {

        @ParameterizedTest(name = "{0} -> {1} ({2})")
        @CsvSource(delimiter = '|', textBlock = """
                {"businessName":7}                                                          | businessName                       | type
                {}                                                                          | businessName                       | required
                {"businessName":""}                                                         | businessName                       | length
                {"businessName":"A","optOut":{"keywords":["STOP","  !! "]}}                 | optOut.keywords[1]                 | keyword
                {"businessName":"A","optOut":{"keywords":["STOP",7]}}                       | optOut.keywords[1]                 | type
                {"businessName":"A","optOut":{"keywords":"STOP"}}                           | optOut.keywords                    | type
                {"businessName":"A","optIn":{"keywords":[7,"JOIN"]}}                         | optIn.keywords[0]                  | type
                {"businessName":"A","optOut":{"responseEnabled":true}}                      | optOut.responseText                | required
                {"businessName":"A","optIn":{"responseEnabled":"yes"}}                      | optIn.responseEnabled              | type
                {"businessName":"A","optIn":{"enabled":true}}                               | optIn.keywords                     | opt-in-without-keywords
                {"businessName":"A","languages":["es","xx"]}                                | languages[1]                       | language-pack
                {"businessName":"A","languages":["es","es"]}                                | languages[1]                       | duplicate
                {"businessName":"A","languages":["es"],"optOut":{"responseTexts":{"pt":"x"}}} | optOut.responseTexts.pt          | response-text-language
                {"businessName":"A","optIn":{"confirmationTemplate":{"name":"Bad Name","language":"en"}}} | optIn.confirmationTemplate.name | pattern
                {"businessName":"A","optIn":{"confirmationTemplate":{"language":"en"}}}     | optIn.confirmationTemplate.name    | required
                {"businessName":"A","outbound":{"requireOptIn":"no"}}                       | outbound.requireOptIn              | type
                {"businessName":"A","optOut":{"keyword":[]}}                                | optOut.keyword                     | unknown-field
                {"businessName":"A","businessId":"globex"}                                  | businessId                         | business-id
                [1]                                                                         | ''                                 | unreadable
                not json                                                                    | ''                                 | unreadable
                """)
        void names_the_field_and_the_rule(String json, String field, String rule) {
            assertThat(fromPeople(json)).extracting(Problem::field, Problem::rule).containsExactly(tuple(field, rule));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "{\"businessName\":\"A\",\"optIn\":{\"keywords\":[\"JOIN\",\"Stop\"]}}",
                "{\"businessName\":\"A\",\"optOut\":{\"keywords\":[\"HALT\"]},\"optIn\":{\"keywords\":[\"JOIN\",\"Halt\"]}}",
                "{\"businessName\":\"A\",\"languages\":[\"es\"],\"optIn\":{\"keywords\":[7,\"Baja\"]}}"})
        void an_opt_in_keyword_that_is_also_an_opt_out_keyword_is_named_by_its_place_in_the_opt_in_list(String json) {
            assertThat(fromPeople(json)).filteredOn(p -> p.rule().equals("keyword-collision"))
                    .extracting(Problem::field).containsExactly("optIn.keywords[1]");
        }

        @Test
        void a_key_too_long_to_echo_is_named_by_the_object_that_holds_it() {
            String json = "{\"businessName\":\"A\",\"languages\":[\"es\"],\"optOut\":{\"responseTexts\":{\""
                    + "k".repeat(1000) + "\":\"x\"}}}";
            assertThat(fromPeople(json)).extracting(Problem::field).containsExactly("optOut.responseTexts");
        }
    }

    /** Values each breaking several rules at once, in every part of the settings. */
    private static final List<String> BROKEN = List.of(
            "{\"businessName\":\"\",\"optOut\":{\"keywords\":[\"\",7,\"STOP\"],\"responseEnabled\":1,\"responseText\":[]},"
                    + "\"optIn\":{\"enabled\":true,\"keywords\":[\"stop\",\"YES\",\"  \"],\"confirmationTemplate\":{\"name\":\"X\",\"language\":7}}}",
            "{\"businessName\":\"A\",\"languages\":[\"es\",\"fra\",7,\"es\"],\"optOut\":{\"responseTexts\":{\"de\":\"\",\"es\":7}},"
                    + "\"optIn\":{\"keywords\":[\"Baja\",\"parar\"]},\"outbound\":{\"requireOptIn\":\"yes\",\"later\":1}}",
            "{\"businesName\":\"A\",\"optin\":{},\"optOut\":[],\"outbound\":true,\"languages\":\"es\"}",
            "{\"businessName\":\"A\",\"optOut\":{\"keywords\":\"STOP\",\"responseTexts\":[]},\"optIn\":{\"confirmationTemplate\":\"x\"}}",
            "{\"businessName\":\"" + "n".repeat(300) + "\",\"optIn\":{\"responseEnabled\":true,\"enabled\":\"yes\"}}");

    @ParameterizedTest(name = "broken value {index}")
    @DisplayName("every field path leads to the value the problem is about, in the JSON as sent")
    @MethodSource("broken")
    void every_field_path_leads_to_its_value(String json) throws Exception {
        JsonNode root = Json.mapper().readTree(json);
        List<Problem> problems = fromPeople(json);
        assertThat(problems).hasSizeGreaterThan(2);
        for (Problem problem : problems) {
            JsonNode at = walk(root, problem.field());
            boolean absentByRule = problem.rule().equals("required") || problem.rule().equals("opt-in-without-keywords");
            assertThat(at == null || at.isNull())
                    .as("%s at %s", problem.rule(), problem.field()).isEqualTo(absentByRule);
            if (!problem.rule().equals("keyword-collision")) {
                assertThat(problem.message()).as("the message names its field").contains(problem.field());
            }
        }
    }

    static List<String> broken() {
        return BROKEN;
    }

    /** The node at a path like {@code optOut.keywords[2]} or {@code optOut.responseTexts.es}; null when absent. */
    private static JsonNode walk(JsonNode root, String path) {
        JsonNode node = root;
        Matcher step = STEP.matcher(path);
        while (node != null && step.find()) {
            node = step.group(1) != null ? node.get(step.group(1)) : node.get(Integer.parseInt(step.group(2)));
        }
        return node;
    }
}
