package com.example.whatsapp.optin.records;

import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Each consent-record problem names the field it is about and its rule; the rule names are the
 * dead-letter counters' tags and the messages the dead-letter header's text, both unchanged.
 */
@DisplayName("Consent-record problems name their field and rule")
class ConsentRecordValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final SettingsRegistry settings = new SettingsRegistry(List.of("STOP"));
    private final ConsentRecordValidator validator = new ConsentRecordValidator(settings, Clock.fixed(NOW, ZoneOffset.UTC));

    private static final String OK = "{\"recordId\":\"r1\",\"businessId\":\"acme\",\"contactId\":\"919876543210\","
            + "\"status\":\"OPTED_IN\",\"channel\":\"WEBSITE_FORM\",\"occurredAt\":\"2026-11-22T09:00:00Z\","
            + "\"proof\":{\"consentText\":\"I agree to messages from Acme Store on WhatsApp\"}}";

    private List<Problem> problems(String json) {
        settings.apply("acme", "{\"businessName\":\"Acme Store\"}", 0, 0);
        return validator.validate(json.getBytes(StandardCharsets.UTF_8)).problems();
    }

    @Test
    void a_valid_record_has_no_problem() {
        assertThat(problems(OK)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            "recordId":"r1"                              | "recordId":""                               | recordId          | recordId
            "contactId":"919876543210"                   | "contactId":"12x"                           | contactId         | contactId
            "status":"OPTED_IN"                          | "status":"MAYBE"                            | status            | status
            "channel":"WEBSITE_FORM"                     | "channel":"FAX"                             | channel           | channel
            "occurredAt":"2026-11-22T09:00:00Z"          | "occurredAt":"yesterday"                    | occurredAt        | occurredAt
            "occurredAt":"2026-11-22T09:00:00Z"          | "occurredAt":"2026-11-22T11:00:00Z"         | occurredAt        | occurredAt-future
            "businessId":"acme"                          | "businessId":"globex"                       | businessId        | no-settings
            on WhatsApp                                  | by email                                    | proof.consentText | proof-whatsapp
            from Acme Store                              | from us                                     | proof.consentText | proof-business-name
            "proof":{                                    | "proof":{"source":7,                        | proof.source      | proof
            """)
    void each_broken_rule_names_its_field(String part, String broken, String field, String rule) {
        assertThat(OK).contains(part);
        assertThat(problems(OK.replace(part, broken))).extracting(Problem::field, Problem::rule)
                .containsExactly(tuple(field, rule));
    }

    @Test
    void an_unreadable_value_is_a_problem_of_the_whole_value() {
        assertThat(problems("not json")).extracting(Problem::field, Problem::rule, Problem::message)
                .containsExactly(tuple("", "unreadable", "the value is not valid JSON"));
    }

    @Test
    void the_dead_letter_message_is_every_problem_s_message_in_one_line() throws Exception {
        String json = OK.replace("on WhatsApp", "by email").replace("\"contactId\":\"919876543210\"", "\"contactId\":\"12x\"");
        settings.apply("acme", "{\"businessName\":\"Acme Store\"}", 0, 0);
        ConsentRecordValidator.Result result = validator.validate(Json.mapper().readTree(json), null);
        assertThat(new RejectedConsentRecordException(result.problems()).getMessage())
                .isEqualTo(result.message())
                .isEqualTo("contactId is not a WhatsApp id (5 to 20 digits); proof.consentText does not mention WhatsApp");
    }
}
