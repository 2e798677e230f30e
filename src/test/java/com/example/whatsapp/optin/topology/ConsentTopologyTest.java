package com.example.whatsapp.optin.topology;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

class ConsentTopologyTest {

    private static final String ACME = "acme";
    private static final String ALICE = "919876543210";
    private static final String ALICE_KEY = "acme:919876543210";
    private static final long T0 = 1_764_000_000L;

    private final ConsentDriver driver = new ConsentDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    private static List<String> statuses(List<TestRecord<String, JsonNode>> events) {
        return events.stream().map(e -> e.value().get("status").asText()).toList();
    }

    @Nested
    class Outputs {

        @Test
        void opt_out_emits_the_contract_event_and_reply() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "wamid.HBgM1", T0, "STOP");

            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).hasSize(1);
            TestRecord<String, JsonNode> event = events.get(0);
            assertThat(event.key()).isEqualTo(ALICE_KEY);
            JsonNode e = event.value();
            assertThat(e.get("eventId").asText()).matches("[0-9a-f-]{36}");
            assertThat(e.get("businessId").asText()).isEqualTo(ACME);
            assertThat(e.get("contactId").asText()).isEqualTo(ALICE);
            assertThat(e.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(e.get("previousStatus").asText()).isEqualTo("UNKNOWN");
            assertThat(e.get("trigger").asText()).isEqualTo("KEYWORD");
            assertThat(e.get("keyword").asText()).isEqualTo("STOP");
            assertThat(e.get("sourceMessageId").asText()).isEqualTo("wamid.HBgM1");
            assertThat(e.get("occurredAt").asText()).isEqualTo("2025-11-24T16:00:00.000Z");
            assertThat(e.get("processedAt").asText()).isEqualTo("2026-11-24T10:15:30.123Z");

            List<TestRecord<String, JsonNode>> replies = driver.replies();
            assertThat(replies).hasSize(1);
            assertThat(replies.get(0).key()).isEqualTo(ALICE_KEY);
            JsonNode r = replies.get(0).value();
            assertThat(r.get("commandId").asText()).matches("[0-9a-f-]{36}").isNotEqualTo(e.get("eventId").asText());
            assertThat(r.get("businessId").asText()).isEqualTo(ACME);
            assertThat(r.get("purpose").asText()).isEqualTo("OPT_OUT_CONFIRMATION");
            assertThat(r.get("consentEventId").asText()).isEqualTo(e.get("eventId").asText());
            assertThat(r.get("expiresAt").asText()).isEqualTo("2025-11-25T16:00:00.000Z");
            JsonNode m = r.get("message");
            assertThat(m.get("messaging_product").asText()).isEqualTo("whatsapp");
            assertThat(m.get("recipient_type").asText()).isEqualTo("individual");
            assertThat(m.get("to").asText()).isEqualTo(ALICE);
            assertThat(m.get("type").asText()).isEqualTo("text");
            assertThat(m.get("text").get("body").asText())
                    .isEqualTo("You have unsubscribed from Acme Store on WhatsApp. Reply START to subscribe again.");
            assertThat(m.get("context").get("message_id").asText()).isEqualTo("wamid.HBgM1");
        }

        @Test
        void ids_are_deterministic_per_source_message_and_contact() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "wamid.1", T0, "STOP");
            String first = driver.events().get(0).value().get("eventId").asText();
            try (ConsentDriver other = new ConsentDriver()) {
                other.putSettings(ACME, ACME_SETTINGS);
                other.text(ACME, ALICE, "wamid.1", T0, "STOP");
                other.text(ACME, "14155550100", "wamid.1", T0, "STOP");
                List<TestRecord<String, JsonNode>> events = other.events();
                assertThat(events.get(0).value().get("eventId").asText()).isEqualTo(first);
                assertThat(events.get(1).value().get("eventId").asText()).isNotEqualTo(first);
            }
        }

        @Test
        void opt_in_confirmation_renders_the_business_name() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(null, Messages.button(ACME, ALICE, "wamid.HBgM2", T0 + 60, "JOIN", "Join"));

            JsonNode event = driver.events().get(0).value();
            assertThat(event.get("status").asText()).isEqualTo("OPTED_IN");
            assertThat(event.get("trigger").asText()).isEqualTo("BUTTON");
            assertThat(event.get("keyword").asText()).isEqualTo("JOIN");
            JsonNode reply = driver.replies().get(0).value();
            assertThat(reply.get("purpose").asText()).isEqualTo("OPT_IN_CONFIRMATION");
            assertThat(reply.at("/message/text/body").asText())
                    .isEqualTo("Thanks for subscribing to Acme Store on WhatsApp! Reply STOP at any time to stop.");
        }

        @Test
        void no_reply_when_that_direction_s_response_is_off() {
            driver.putSettings(ACME, ACME_SETTINGS.replace("\"responseEnabled\": true,\n    \"responseText\": \"You",
                    "\"responseEnabled\": false,\n    \"responseText\": \"You"));
            driver.text(ACME, ALICE, "m1", T0, "STOP");
            assertThat(driver.events()).hasSize(1);
            assertThat(driver.replies()).isEmpty();
            driver.text(ACME, ALICE, "m2", T0 + 1, "START");
            assertThat(driver.events()).hasSize(1);
            assertThat(driver.replies()).hasSize(1);
        }
    }

    @Nested
    class ConsentState {

        @Test
        void a_second_stop_changes_nothing() {
            driver.text(ACME, ALICE, "m1", T0, "STOP");
            driver.text(ACME, ALICE, "m2", T0 + 10, "stop");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT");
        }

        @Test
        void a_late_older_message_never_overrides_a_newer_change() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m-new", T0 + 100, "STOP");
            driver.text(ACME, ALICE, "m-old", T0 + 50, "START");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT");
        }

        @Test
        void a_late_message_is_ignored_even_when_the_newer_one_changed_nothing() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0, "STOP");
            driver.text(ACME, ALICE, "m3", T0 + 300, "STOP");
            driver.text(ACME, ALICE, "m2", T0 + 200, "START");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT");
        }

        @Test
        void chatter_never_advances_the_decision_time() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0, "STOP");
            driver.text(ACME, ALICE, "chat", T0 + 500, "hello there");
            driver.text(ACME, ALICE, "m2", T0 + 200, "START");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT", "OPTED_IN");
        }

        @Test
        void equal_timestamps_go_in_arrival_order() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0, "STOP");
            driver.text(ACME, ALICE, "m2", T0, "START");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT", "OPTED_IN");
        }

        @Test
        void a_redelivered_message_never_decides_twice() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0, "START");
            driver.text(ACME, ALICE, "m2", T0, "STOP");
            // m1 again, with its original timestamp: not late (equal), so only the id stops it.
            driver.text(ACME, ALICE, "m1", T0, "START");
            assertThat(statuses(driver.events())).containsExactly("OPTED_IN", "OPTED_OUT");
            assertThat(driver.replies()).hasSize(2);
        }

        @Test
        void a_redelivery_with_a_newer_timestamp_is_still_a_duplicate() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0, "START");
            driver.text(ACME, ALICE, "m2", T0 + 10, "STOP");
            driver.text(ACME, ALICE, "m1", T0 + 20, "START");
            assertThat(statuses(driver.events())).containsExactly("OPTED_IN", "OPTED_OUT");
        }

        @Test
        void a_message_id_is_remembered_per_contact() {
            driver.text(ACME, ALICE, "same-id", T0, "STOP");
            driver.text(ACME, "14155550100", "same-id", T0, "STOP");
            assertThat(driver.events()).extracting(TestRecord::key).containsExactly(ALICE_KEY, "acme:14155550100");
        }

        @Test
        void previous_status_follows_the_contact() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0, "START");
            driver.text(ACME, ALICE, "m2", T0 + 1, "STOP");
            driver.text(ACME, ALICE, "m3", T0 + 2, "YES");
            assertThat(driver.events()).extracting(e -> e.value().get("previousStatus").asText())
                    .containsExactly("UNKNOWN", "OPTED_IN", "OPTED_OUT");
        }

        @Test
        void the_record_timestamp_is_used_when_the_message_has_none() {
            driver.putSettings(ACME, ACME_SETTINGS);
            String noTimestamp = "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m1\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}";
            driver.send(ALICE_KEY, noTimestamp, Instant.parse("2026-01-02T03:04:05.678Z"));
            assertThat(driver.events().get(0).value().get("occurredAt").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
            // ...and it orders against messages that carry one.
            driver.text(ACME, ALICE, "m2", Instant.parse("2026-01-02T03:04:05Z").getEpochSecond(), "START");
            assertThat(driver.events()).isEmpty();
        }

        @Test
        void numeric_and_string_timestamps_are_the_same_time() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(ALICE_KEY, "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m1\",\"timestamp\":1764000100,"
                    + "\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}");
            driver.text(ACME, ALICE, "m2", 1764000099, "START");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT");
        }
    }

    @Nested
    class Matching {

        @Test
        void built_in_keywords_work_without_settings_and_opt_in_is_off_by_default() {
            driver.text(ACME, ALICE, "m1", T0, "opt out");
            driver.text(ACME, ALICE, "m2", T0 + 1, "START");
            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(statuses(events)).containsExactly("OPTED_OUT");
            assertThat(events.get(0).value().get("keyword").asText()).isEqualTo("OPT OUT");
            assertThat(driver.replies()).isEmpty();
        }

        @Test
        void the_built_in_opt_out_keywords_are_a_service_setting() {
            try (ConsentDriver custom = new ConsentDriver(Map.of("optin.keywords.builtin-opt-out", "ARRÊT,STOP"))) {
                custom.text(ACME, ALICE, "m1", T0, "unsubscribe");
                assertThat(custom.events()).isEmpty();
                custom.text(ACME, ALICE, "m2", T0 + 1, "Arrêt !");
                assertThat(custom.events()).singleElement()
                        .satisfies(e -> assertThat(e.value().get("keyword").asText()).isEqualTo("ARRÊT"));
            }
        }

        @Test
        void the_whole_message_must_be_the_keyword() {
            driver.text(ACME, ALICE, "m1", T0, "please stop");
            driver.text(ACME, ALICE, "m2", T0 + 1, "stop it");
            assertThat(driver.events()).isEmpty();
        }

        @Test
        void normalized_variants_match_and_report_the_configured_spelling() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0, "  Don’t   send me\nmessages!! 🙏🏽 ");
            JsonNode event = driver.events().get(0).value();
            assertThat(event.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(event.get("keyword").asText()).isEqualTo("Don't send me messages");
        }

        @Test
        void the_business_spelling_wins_over_a_built_in_one() {
            driver.putSettings(ACME, "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"Stop\"]}}");
            driver.text(ACME, ALICE, "m1", T0, "STOP");
            assertThat(driver.events().get(0).value().get("keyword").asText()).isEqualTo("Stop");
        }

        @Test
        void button_payload_is_tried_before_its_text() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(ALICE_KEY, Messages.button(ACME, ALICE, "m1", T0, "YES", "Join"));
            assertThat(driver.events().get(0).value().get("keyword").asText()).isEqualTo("YES");
        }

        @Test
        void button_text_matches_when_the_payload_does_not() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(ALICE_KEY, Messages.button(ACME, ALICE, "m1", T0, "btn-42", "Unsubscribe"));
            JsonNode event = driver.events().get(0).value();
            assertThat(event.get("keyword").asText()).isEqualTo("UNSUBSCRIBE");
            assertThat(event.get("trigger").asText()).isEqualTo("BUTTON");
        }

        @Test
        void opt_out_wins_over_opt_in_whatever_the_candidate_order() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(ALICE_KEY, Messages.button(ACME, ALICE, "m1", T0, "JOIN", "Stop"));
            JsonNode event = driver.events().get(0).value();
            assertThat(event.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(event.get("keyword").asText()).isEqualTo("STOP");
        }

        @Test
        void interactive_button_reply_id_before_title() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(ALICE_KEY, Messages.buttonReply(ACME, ALICE, "m1", T0, "button_reply", "start", "Yes"));
            JsonNode event = driver.events().get(0).value();
            assertThat(event.get("keyword").asText()).isEqualTo("START");
            assertThat(event.get("trigger").asText()).isEqualTo("BUTTON");
        }

        @Test
        void interactive_button_reply_title_matches() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(ALICE_KEY, Messages.buttonReply(ACME, ALICE, "m1", T0, "button_reply", "yes-1", "Yes"));
            assertThat(driver.events().get(0).value().get("keyword").asText()).isEqualTo("YES");
        }

        @Test
        void list_reply_is_treated_like_button_reply() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(ALICE_KEY, Messages.buttonReply(ACME, ALICE, "m1", T0, "list_reply", "row-7", "Unsubscribe"));
            JsonNode event = driver.events().get(0).value();
            assertThat(event.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(event.get("trigger").asText()).isEqualTo("BUTTON");
        }

        @Test
        void other_message_types_never_change_consent() {
            driver.send(ALICE_KEY, "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m1\",\"timestamp\":\"1764000000\","
                    + "\"type\":\"image\",\"image\":{\"caption\":\"STOP\",\"id\":\"STOP\"},\"text\":{\"body\":\"STOP\"}}");
            driver.send(ALICE_KEY, "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m2\",\"timestamp\":\"1764000000\","
                    + "\"type\":\"reaction\",\"reaction\":{\"emoji\":\"🛑\",\"message_id\":\"x\"}}");
            assertThat(driver.events()).isEmpty();
            assertThat(driver.deadLetters()).isEmpty();
        }

        @Test
        void opt_in_keywords_are_off_when_opt_in_is_disabled() {
            driver.putSettings(ACME, ACME_SETTINGS.replace("\"enabled\": true", "\"enabled\": false"));
            driver.text(ACME, ALICE, "m1", T0, "START");
            driver.text(ACME, ALICE, "m2", T0 + 1, "UNSUBSCRIBE");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT");
        }

        @Test
        void contact_ids_are_normalized() {
            driver.send(null, Messages.text(ACME, "+91 98765-43210", "m1", T0, "STOP"));
            TestRecord<String, JsonNode> event = driver.events().get(0);
            assertThat(event.key()).isEqualTo(ALICE_KEY);
            assertThat(event.value().get("contactId").asText()).isEqualTo(ALICE);
        }
    }

    @Nested
    class Settings {

        @Test
        void a_live_settings_change_takes_effect_for_the_next_message() {
            driver.text(ACME, ALICE, "m1", T0, "PAUSE");
            assertThat(driver.events()).isEmpty();
            driver.putSettings(ACME, "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"PAUSE\"]}}");
            driver.text(ACME, ALICE, "m2", T0 + 1, "PAUSE");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT");
        }

        @Test
        void a_tombstone_reverts_to_the_defaults() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.deleteSettings(ACME);
            driver.text(ACME, ALICE, "m1", T0, "UNSUBSCRIBE");
            driver.text(ACME, ALICE, "m2", T0 + 1, "START");
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT");
            assertThat(driver.replies()).isEmpty();
        }

        @Test
        void an_invalid_record_never_takes_effect_and_the_last_valid_settings_stay() {
            driver.putSettings(ACME, "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"PAUSE\"]}}");
            driver.putSettings(ACME, "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"HALT\"]},"
                    + "\"optIn\":{\"enabled\":true,\"keywords\":[\"PAUSE\",\"STOP\"]}}");
            driver.putSettings(ACME, "not json");
            driver.putSettings(ACME, "{\"optOut\":{\"keywords\":[]}}");
            driver.text(ACME, ALICE, "m1", T0, "HALT");
            driver.text(ACME, ALICE, "m2", T0 + 1, "PAUSE");
            assertThat(driver.events()).extracting(e -> e.value().get("keyword").asText()).containsExactly("PAUSE");
            assertThat(driver.counters.settingsRejected().count()).isEqualTo(3.0);
        }

        @Test
        void a_record_whose_businessId_disagrees_with_its_key_is_rejected() {
            driver.putSettings(ACME, "{\"businessId\":\"other\",\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"PAUSE\"]}}");
            driver.text(ACME, ALICE, "m1", T0, "PAUSE");
            assertThat(driver.events()).isEmpty();
            assertThat(driver.counters.settingsRejected().count()).isEqualTo(1.0);
        }

        @Test
        void settings_of_one_business_never_touch_another() {
            driver.putSettings(ACME, "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"PAUSE\"]},"
                    + "\"optIn\":{\"enabled\":true,\"keywords\":[\"GO\"]}}");
            driver.text("globex", ALICE, "m1", T0, "PAUSE");
            driver.text("globex", ALICE, "m2", T0 + 1, "GO");
            assertThat(driver.events()).isEmpty();
            driver.text("globex", ALICE, "m3", T0 + 2, "STOP");
            driver.text(ACME, ALICE, "m4", T0 + 3, "GO");
            assertThat(driver.events()).extracting(TestRecord::key).containsExactly("globex:" + ALICE, ALICE_KEY);
            assertThat(statuses(driver.events())).isEmpty();
        }

        @Test
        void a_contact_s_consent_is_per_business() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text("globex", ALICE, "m1", T0, "STOP");
            driver.text(ACME, ALICE, "m2", T0 + 1, "START");
            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).extracting(TestRecord::key).containsExactly("globex:" + ALICE, ALICE_KEY);
            assertThat(events.get(1).value().get("previousStatus").asText()).isEqualTo("UNKNOWN");
        }
    }

    @Nested
    class Routing {

        private final String repartitionTopic = "whatsapp-optin-" + TopologyNames.REQUESTS_BY_CONTACT + "-repartition";

        @Test
        void records_keyed_by_their_contact_skip_the_repartition() {
            driver.text(ACME, ALICE, "m1", T0, "STOP");
            assertThat(driver.events()).hasSize(1);
            assertThat(driver.driver.producedTopicNames()).doesNotContain(repartitionTopic);
        }

        @Test
        void a_null_key_or_a_foreign_key_still_reaches_the_contact_s_state() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send(null, Messages.text(ACME, ALICE, "m1", T0, "STOP"));
            driver.send("webhook-receiver-7", Messages.text(ACME, ALICE, "m2", T0 + 1, "STOP"));
            driver.send("globex:919876543210", Messages.text(ACME, ALICE, "m3", T0 + 2, "START"));
            driver.text(ACME, ALICE, "m4", T0 + 3, "STOP");
            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(statuses(events)).containsExactly("OPTED_OUT", "OPTED_IN", "OPTED_OUT");
            assertThat(events).extracting(TestRecord::key).containsOnly(ALICE_KEY);
            assertThat(driver.driver.producedTopicNames()).contains(repartitionTopic);
        }

        @Test
        void chatter_is_never_repartitioned() {
            driver.send(null, Messages.text(ACME, ALICE, "m1", T0, "hello"));
            assertThat(driver.driver.producedTopicNames()).doesNotContain(repartitionTopic);
        }
    }

    @Nested
    class Envelopes {

        private String envelope(String phoneNumberId, String... messages) {
            return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
                    + "\"phone_number_id\":\"" + phoneNumberId + "\"},\"contacts\":[],\"messages\":[" + String.join(",", messages)
                    + "],\"statuses\":[{\"id\":\"wamid.s\",\"status\":\"read\"}]}}]}]}";
        }

        private String message(String from, String id, long ts, String body) {
            return "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + ts
                    + "\",\"type\":\"text\",\"text\":{\"body\":\"" + body + "\"}}";
        }

        @Test
        void every_message_of_an_envelope_is_processed_under_the_phone_number_id() {
            driver.send("raw-webhook", envelope("106540352242922",
                    message(ALICE, "m1", T0, "STOP"),
                    message("14155550100", "m2", T0, "hello"),
                    message("14155550101", "m3", T0, "UNSUBSCRIBE")));
            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).extracting(TestRecord::key)
                    .containsExactlyInAnyOrder("106540352242922:" + ALICE, "106540352242922:14155550101");
            assertThat(events).allSatisfy(e -> assertThat(e.value().get("businessId").asText()).isEqualTo("106540352242922"));
        }

        @Test
        void an_unreadable_message_inside_is_skipped_and_counted_and_the_rest_processed() {
            driver.send(null, envelope("106540352242922",
                    "{\"from\":\"not-a-number\",\"id\":\"bad\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}",
                    "42",
                    message(ALICE, "m1", T0, "STOP")));
            assertThat(driver.events()).hasSize(1);
            assertThat(driver.deadLetters()).isEmpty();
            assertThat(driver.counters.envelopeMessagesSkipped().count()).isEqualTo(2.0);
        }

        @Test
        void statuses_only_envelopes_are_valid_and_do_nothing() {
            driver.send(null, "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"metadata\":{\"phone_number_id\":\"1065\"},\"statuses\":[{\"id\":\"x\"}]}}]}]}");
            assertThat(driver.events()).isEmpty();
            assertThat(driver.deadLetters()).isEmpty();
        }
    }

    @Nested
    class DeadLetters {

        // TopologyTestDriver drops dead-letter records under exactly-once (they are written outside
        // its mock transaction); the broker integration test checks them with exactly_once_v2.
        private final ConsentDriver atLeastOnce = new ConsentDriver(Map.of("processing.guarantee", "at_least_once"));

        @AfterEach
        void close() {
            atLeastOnce.close();
        }

        @Test
        void unreadable_records_are_copied_unchanged_with_kafka_s_error_headers_and_processing_goes_on() {
            List<String> bad = List.of(
                    "not json",
                    "[1,2,3]",
                    "\"STOP\"",
                    "{\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}",
                    "{\"businessId\":\"acme:x\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}",
                    "{\"businessId\":\"acme\",\"from\":\"12ab\",\"id\":\"m\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}",
                    "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}",
                    "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"text\",\"text\":{\"body\":42}}",
                    "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"timestamp\":\"yesterday\",\"type\":\"text\"}",
                    "{\"businessId\":\"acme\",\"from\":919876543210,\"id\":\"m\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}",
                    "{\"object\":\"whatsapp_business_account\",\"entry\":{}}",
                    "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{}]}}]}]}",
                    "{\"businessId\":\"acme\"} trailing");
            for (int i = 0; i < bad.size(); i++) {
                atLeastOnce.send("key-" + i, bad.get(i));
            }
            atLeastOnce.sendBytes("binary", new byte[] {(byte) 0xff, 0x00, 0x13});
            atLeastOnce.send(null, null);
            atLeastOnce.text(ACME, ALICE, "good", T0, "STOP");

            List<TestRecord<byte[], byte[]>> dead = atLeastOnce.deadLetters();
            assertThat(dead).hasSize(bad.size() + 2);
            for (int i = 0; i < bad.size(); i++) {
                TestRecord<byte[], byte[]> record = dead.get(i);
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + i);
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(bad.get(i));
                assertThat(ConsentDriver.header(record, "__streams.errors.exception")).isNotBlank();
                assertThat(ConsentDriver.header(record, "__streams.errors.message")).isNotBlank()
                        .doesNotContain("919876543210");
            }
            assertThat(dead.get(bad.size()).value()).containsExactly((byte) 0xff, 0x00, 0x13);
            assertThat(dead.get(bad.size() + 1).value()).isNull();
            assertThat(atLeastOnce.events()).hasSize(1);
            assertThat(atLeastOnce.counters.deadLetters().count()).isEqualTo(bad.size() + 2.0);
        }
    }
}
