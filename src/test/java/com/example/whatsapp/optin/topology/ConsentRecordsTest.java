package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static com.example.whatsapp.optin.topology.Messages.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's sections "ConsentRecord" and "Marketing preferences from Meta", and the
 * ConsentEvent fields they fill, through the production topology. Dead-letter records are only visible
 * to TopologyTestDriver under at_least_once (see {@code ConsentTopologyTest.DeadLetters}): every
 * driver here runs so, the decisions are the same.
 */
class ConsentRecordsTest {

    static final String ACME = "acme";
    static final String ALICE = "919876543210";
    static final String ALICE_KEY = "acme:919876543210";
    static final long T0 = 1_764_000_000L;
    static final String PROOF = "{\"consentText\":\"Yes, send me order updates and offers from Acme Store on WhatsApp.\","
            + "\"source\":\"https://acme.example/checkout\",\"ipAddress\":\"203.0.113.7\",\"userAgent\":\"Mozilla/5.0 (...)\","
            + "\"capturedBy\":\"checkout-service\",\"formVersion\":\"v3\"}";
    static final String TEMPLATE_SETTINGS = """
            {"businessName": "Acme Store",
             "optOut": {"keywords": ["STOP"], "responseEnabled": true, "responseText": "Bye from {businessName}."},
             "optIn": {"enabled": true, "keywords": ["START"], "responseEnabled": true, "responseText": "Hi from {businessName}.",
                       "confirmationTemplate": {"name": "optin_welcome", "language": "en_US"}}}""";

    final ConsentDriver driver = new ConsentDriver(Map.of("processing.guarantee", "at_least_once"));

    @AfterEach
    void close() {
        driver.close();
    }

    static String record(String recordId, String status, String channel, String occurredAt, String proof) {
        return "{\"recordId\":" + quote(recordId) + ",\"businessId\":\"acme\",\"contactId\":\"+91 98765-43210\",\"status\":"
                + quote(status) + ",\"channel\":" + quote(channel) + ",\"occurredAt\":" + occurredAt
                + (proof == null ? "" : ",\"proof\":" + proof) + "}";
    }

    static String optIn(String recordId, long epochSeconds) {
        return record(recordId, "OPTED_IN", "WEBSITE_FORM", Long.toString(epochSeconds), PROOF);
    }

    static String optOut(String recordId, long epochSeconds) {
        return record(recordId, "OPTED_OUT", "AGENT", Long.toString(epochSeconds), null);
    }

    static String proofSaying(String consentText) {
        return "{\"consentText\":" + quote(consentText) + "}";
    }

    static String iso(long epochSeconds) {
        return quote(Instant.ofEpochSecond(epochSeconds).toString());
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<String> statuses(List<TestRecord<String, JsonNode>> events) {
        return events.stream().map(e -> e.value().get("status").asText()).toList();
    }

    /** The one record in the dead-letter topic, with what its message header says. */
    private String rejection(String json) {
        driver.consentRecord("key-x", json);
        List<TestRecord<byte[], byte[]>> dead = driver.recordDeadLetters();
        assertThat(dead).as("dead letters of %s", json).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("key-x");
        assertThat(ConsentDriver.header(dead.get(0), "__streams.errors.exception")).isNotBlank();
        assertThat(driver.events()).as("events of a rejected record").isEmpty();
        assertThat(driver.deadLetters()).as("the inbound dead-letter topic").isEmpty();
        return ConsentDriver.header(dead.get(0), "__streams.errors.message");
    }

    @Nested
    class Records {

        @Test
        void a_valid_record_emits_an_event_with_its_channel_record_id_and_proof_as_received() throws Exception {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.consentRecord(ALICE_KEY, optIn("web-2026-000123", T0));

            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).key()).isEqualTo(ALICE_KEY);
            JsonNode e = events.get(0).value();
            assertThat(e.get("eventId").asText()).isEqualTo(uuid("consent-record-event\n" + ALICE_KEY + "\nweb-2026-000123"));
            assertThat(e.get("contactId").asText()).isEqualTo(ALICE);
            assertThat(e.get("status").asText()).isEqualTo("OPTED_IN");
            assertThat(e.get("previousStatus").asText()).isEqualTo("UNKNOWN");
            assertThat(e.get("trigger").asText()).isEqualTo("WEBSITE_FORM");
            assertThat(e.get("scope").asText()).isEqualTo("ALL");
            assertThat(e.get("sourceRecordId").asText()).isEqualTo("web-2026-000123");
            assertThat(e.get("keyword").isNull()).isTrue();
            assertThat(e.get("sourceMessageId").isNull()).isTrue();
            assertThat(e.get("occurredAt").asText()).isEqualTo("2025-11-24T16:00:00.000Z");
            // kept exactly: every field, the unnamed formVersion included, in its order
            assertThat(e.get("proof")).isEqualTo(Json.mapper().readTree(PROOF));
            assertThat(Json.mapper().writeValueAsString(e.get("proof"))).isEqualTo(PROOF);
            assertThat(driver.replies()).as("no template in the settings: no reply").isEmpty();
            assertThat(driver.counters.recordsAccepted().count()).isEqualTo(1.0);
        }

        @Test
        void message_events_carry_scope_all_and_no_record() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "wamid.1", T0, "STOP");
            JsonNode e = driver.events().get(0).value();
            assertThat(e.get("scope").asText()).isEqualTo("ALL");
            assertThat(e.has("sourceRecordId")).isTrue();
            assertThat(e.get("sourceRecordId").isNull()).isTrue();
            assertThat(e.has("proof")).isTrue();
            assertThat(e.get("proof").isNull()).isTrue();
        }

        @Test
        void an_opt_out_record_needs_no_proof_and_no_settings() {
            driver.consentRecord(ALICE_KEY, optOut("agent-1", T0));
            JsonNode e = driver.events().get(0).value();
            assertThat(e.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(e.get("trigger").asText()).isEqualTo("AGENT");
            assertThat(e.get("proof").isNull()).isTrue();
        }

        @Test
        void a_record_with_any_key_or_none_reaches_the_contact_s_state() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.consentRecord(null, optIn("r1", T0));
            driver.consentRecord("some-crm-key", optOut("r2", T0 + 10));
            driver.text(ACME, ALICE, "m1", T0 + 20, "STOP");
            assertThat(driver.events()).extracting(TestRecord::key).containsExactly(ALICE_KEY, ALICE_KEY);
            assertThat(driver.contact(ALICE_KEY).status()).isEqualTo(ConsentStatus.OPTED_OUT);
            assertThat(driver.contact(ALICE_KEY).sourceRecordId()).isEqualTo("r2");
        }
    }

    @Nested
    class ProofRule {

        @Test
        void an_opt_in_that_does_not_mention_whatsapp_is_rejected() {
            driver.putSettings(ACME, ACME_SETTINGS);
            assertThat(rejection(record("r1", "OPTED_IN", "WEBSITE_FORM", "1764000000",
                    proofSaying("Yes, send me offers from Acme Store by SMS."))))
                    .isEqualTo("proof.consentText does not mention WhatsApp");
            assertThat(driver.contact(ALICE_KEY)).isNull();
        }

        @Test
        void an_opt_in_that_does_not_name_the_business_is_rejected() {
            driver.putSettings(ACME, ACME_SETTINGS);
            assertThat(rejection(record("r1", "OPTED_IN", "WEBSITE_FORM", "1764000000",
                    proofSaying("Yes, send me offers from Acme on WhatsApp."))))
                    .isEqualTo("proof.consentText does not name the business (Acme Store)");
        }

        @Test
        void a_business_without_settings_cannot_take_an_opt_in_record() {
            assertThat(rejection(optIn("r1", T0))).isEqualTo("business acme has no settings: it cannot take an opt-in record");
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.deleteSettings(ACME);
            assertThat(rejection(optIn("r2", T0))).contains("has no settings");
        }

        @Test
        void the_business_s_current_settings_name_it() {
            driver.putSettings(ACME, ACME_SETTINGS.replace("\"Acme Store\"", "\"Globex\""));
            assertThat(rejection(optIn("r1", T0))).contains("does not name the business (Globex)");
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.consentRecord(ALICE_KEY, optIn("r1", T0));
            assertThat(driver.events()).hasSize(1);
        }

        @Test
        void smart_quotes_full_width_letters_case_and_spacing_in_the_proof_still_count() {
            driver.putSettings(ACME, ACME_SETTINGS.replace("\"Acme Store\"", "\"Bob's  Café\""));
            driver.consentRecord(ALICE_KEY, record("r1", "OPTED_IN", "QR_CODE", "1764000000",
                    proofSaying("I want updates from ＢＯＢ’S\u00a0CAFÉ on ＷｈａｔｓＡｐｐ!")));
            assertThat(driver.recordDeadLetters()).isEmpty();
            assertThat(driver.events()).hasSize(1);
        }

        @Test
        void an_opt_out_record_is_not_held_to_the_proof_rule() {
            driver.consentRecord(ALICE_KEY, record("r1", "OPTED_OUT", "EMAIL", "1764000000", proofSaying("unsubscribe link")));
            assertThat(driver.events()).hasSize(1);
        }
    }

    @Nested
    class Rules {

        @Test
        void every_broken_rule_sends_the_record_unchanged_to_its_dead_letter_topic_naming_the_rule() {
            driver.putSettings(ACME, ACME_SETTINGS);
            Map<String, String> broken = new java.util.LinkedHashMap<>();
            broken.put("not json", "the value is not valid JSON");
            broken.put("[1]", "the record is not a JSON object");
            broken.put(optIn("r", T0).replace("\"recordId\":\"r\",", ""), "recordId is missing");
            broken.put(optIn("", T0), "recordId must be 1 to 128 characters");
            broken.put(optIn("x".repeat(129), T0), "recordId must be 1 to 128 characters");
            broken.put(optIn("r", T0).replace("\"businessId\":\"acme\",", ""), "businessId is missing");
            broken.put(optIn("r", T0).replace("\"acme\"", "\"ac:me\""), "businessId must be 1 to 128 characters from [A-Za-z0-9._-]");
            broken.put(optIn("r", T0).replace("+91 98765-43210", "98-76x"), "contactId is not a WhatsApp id (5 to 20 digits)");
            broken.put(record("r", "OPTED", "WEBSITE_FORM", "1764000000", PROOF), "status must be OPTED_IN or OPTED_OUT");
            broken.put(record("r", "OPTED_IN", "FAX", "1764000000", PROOF),
                    "channel must be one of WEBSITE_FORM, IN_APP, SOCIAL_AD, QR_CODE, SMS, EMAIL, IMPORT, AGENT");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "null", PROOF), "occurredAt is missing");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "\"2026-11-20T09:30:00\"", PROOF),
                    "occurredAt must be an ISO-8601 instant with Z or an offset, or epoch seconds as a number");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "\"1764000000\"", PROOF),
                    "occurredAt must be an ISO-8601 instant with Z or an offset, or epoch seconds as a number");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "\"2027-11-20T09:30:00Z\"", PROOF),
                    "occurredAt is more than 5 minutes after the service's clock");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "1764000000", null), "proof is required for OPTED_IN");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "1764000000", "\"yes\""), "proof must be an object");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "1764000000", "{\"source\":\"web\"}"),
                    "proof.consentText is missing");
            broken.put(record("r", "OPTED_OUT", "WEBSITE_FORM", "1764000000", proofSaying("")),
                    "proof.consentText must be 1 to 4096 characters");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "1764000000",
                    proofSaying("Acme Store on WhatsApp " + "x".repeat(4097))), "proof.consentText must be 1 to 4096 characters");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "1764000000",
                    "{\"consentText\":\"Acme Store on WhatsApp\",\"ipAddress\":\"" + "1".repeat(1025) + "\"}"),
                    "proof.ipAddress must be a string of at most 1024 characters");
            broken.put(record("r", "OPTED_IN", "WEBSITE_FORM", "1764000000",
                    "{\"consentText\":\"Acme Store on WhatsApp\",\"capturedBy\":42}"),
                    "proof.capturedBy must be a string of at most 1024 characters");
            for (Map.Entry<String, String> bad : broken.entrySet()) {
                assertThat(rejection(bad.getKey())).as(bad.getKey()).isEqualTo(bad.getValue());
            }
            assertThat(driver.contact(ALICE_KEY)).isNull();
            driver.consentRecord(ALICE_KEY, optIn("good", T0));
            assertThat(driver.events()).as("processing goes on").hasSize(1);
            assertThat(driver.counters.registry().find("optin.records.rejected").tag("rule", "proof").counter().count())
                    .isEqualTo(7.0);
            assertThat(driver.counters.registry().find("optin.records.rejected").tag("rule", "occurredAt-future").counter().count())
                    .isEqualTo(1.0);
        }

        @Test
        void every_problem_of_a_record_is_named_and_no_contact_id_is_in_the_message() {
            String message = rejection("{\"recordId\":\"r\",\"businessId\":\"acme\",\"contactId\":\"919876543210x\","
                    + "\"status\":\"YES\",\"channel\":\"WEB\",\"occurredAt\":true}");
            assertThat(message).contains("contactId is not a WhatsApp id", "status must be", "channel must be", "occurredAt must be")
                    .doesNotContain("919876543210");
        }

        @Test
        void an_unreadable_or_null_value_goes_to_the_records_dead_letter_topic() {
            driver.consentRecord("k", null);
            List<TestRecord<byte[], byte[]>> dead = driver.recordDeadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).isNull();
            assertThat(ConsentDriver.header(dead.get(0), "__streams.errors.message")).isEqualTo("the value is null");
        }

        @Test
        void occurred_at_may_be_iso_with_z_or_an_offset_or_epoch_seconds_and_they_are_the_same_time() {
            driver.consentRecord(ALICE_KEY, record("r1", "OPTED_OUT", "SMS", "\"2025-11-24T21:30:00+05:30\"", null));
            driver.consentRecord(ALICE_KEY, record("r2", "OPTED_OUT", "SMS", "\"2025-11-24T16:00:00.000Z\"", null));
            driver.consentRecord(ALICE_KEY, record("r3", "OPTED_OUT", "SMS", Long.toString(T0), null));
            assertThat(driver.recordDeadLetters()).isEmpty();
            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).value().get("occurredAt").asText()).isEqualTo("2025-11-24T16:00:00.000Z");
            // all three are the same time: none was late, each decided (the status it asked for was there already)
            assertThat(driver.counters.unchanged().count()).isEqualTo(2.0);
        }

        @Test
        void up_to_five_minutes_after_the_service_s_clock_is_accepted_and_a_second_more_rejected() {
            Instant fiveMinutes = ConsentDriver.NOW.plus(Duration.ofMinutes(5));
            driver.consentRecord(ALICE_KEY, record("r1", "OPTED_OUT", "SMS", quote(fiveMinutes.toString()), null));
            assertThat(driver.events()).hasSize(1);
            assertThat(rejection(record("r2", "OPTED_OUT", "SMS", quote(fiveMinutes.plusSeconds(1).toString()), null)))
                    .isEqualTo("occurredAt is more than 5 minutes after the service's clock");
        }
    }

    @Nested
    class ConsentState {

        @Test
        void records_and_messages_of_a_contact_are_ordered_by_their_time() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0 + 60, "STOP");
            driver.consentRecord(ALICE_KEY, optIn("r-older", T0 + 30));
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT");
            driver.consentRecord(ALICE_KEY, optIn("r-newer", T0 + 120));
            driver.text(ACME, ALICE, "m-older", T0 + 90, "STOP");
            assertThat(statuses(driver.events())).containsExactly("OPTED_IN");
            assertThat(driver.counters.late().count()).isEqualTo(2.0);
            driver.text(ACME, ALICE, "m-equal", T0 + 120, "STOP");
            assertThat(statuses(driver.events())).as("equal times go in arrival order").containsExactly("OPTED_OUT");
        }

        @Test
        void a_record_never_counts_as_a_redelivery_of_a_message_nor_the_reverse() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "same-id", T0, "STOP");
            driver.consentRecord(ALICE_KEY, optIn("same-id", T0 + 10));
            driver.text(ACME, ALICE, "other-id", T0 + 20, "STOP");
            driver.consentRecord(ALICE_KEY, optIn("other-id", T0 + 30));
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT", "OPTED_IN", "OPTED_OUT", "OPTED_IN");
            assertThat(driver.counters.duplicates().count()).isZero();
        }

        @Test
        void a_redelivered_record_never_decides_twice() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.consentRecord(ALICE_KEY, optIn("r1", T0));
            driver.consentRecord(ALICE_KEY, optOut("r2", T0 + 10));
            driver.consentRecord(ALICE_KEY, optIn("r1", T0 + 20));
            driver.consentRecord("another-key", optIn("r1", T0 + 30));
            assertThat(statuses(driver.events())).containsExactly("OPTED_IN", "OPTED_OUT");
            assertThat(driver.counters.duplicates().count()).isEqualTo(2.0);
            assertThat(driver.contact(ALICE_KEY).status()).isEqualTo(ConsentStatus.OPTED_OUT);
        }

        @Test
        void the_same_record_id_is_a_different_record_for_another_contact() {
            driver.consentRecord(ALICE_KEY, optOut("r1", T0));
            driver.consentRecord("acme:14155550100", optOut("r1", T0).replace("+91 98765-43210", "14155550100"));
            assertThat(driver.events()).extracting(TestRecord::key).containsExactly(ALICE_KEY, "acme:14155550100");
        }
    }

    @Nested
    class Confirmation {

        private void templateSettings() {
            driver.putSettings(ACME, TEMPLATE_SETTINGS);
            assertThat(driver.registry.forBusiness(ACME).confirmationTemplate()).isNotNull();
        }

        @Test
        void an_opt_in_record_from_a_channel_sends_the_template_without_context() throws Exception {
            templateSettings();
            driver.consentRecord(ALICE_KEY, optIn("web-1", T0));
            String eventId = driver.events().get(0).value().get("eventId").asText();
            List<TestRecord<String, JsonNode>> replies = driver.replies();
            assertThat(replies).hasSize(1);
            assertThat(replies.get(0).key()).isEqualTo(ALICE_KEY);
            JsonNode reply = replies.get(0).value();
            assertThat(reply.get("commandId").asText()).matches("[0-9a-f-]{36}").isNotEqualTo(eventId);
            assertThat(reply.get("purpose").asText()).isEqualTo("OPT_IN_CONFIRMATION");
            assertThat(reply.get("consentEventId").asText()).isEqualTo(eventId);
            assertThat(reply.get("expiresAt").asText()).isEqualTo("2025-11-25T16:00:00.000Z");
            assertThat(reply.get("message")).isEqualTo(Json.mapper().readTree(
                    "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"919876543210\","
                            + "\"type\":\"template\",\"template\":{\"name\":\"optin_welcome\",\"language\":{\"code\":\"en_US\"}}}"));
        }

        @Test
        void an_import_an_opt_out_or_no_change_sends_no_reply() {
            templateSettings();
            driver.consentRecord(ALICE_KEY, record("imp-1", "OPTED_IN", "IMPORT", Long.toString(T0), PROOF));
            driver.consentRecord(ALICE_KEY, optOut("r2", T0 + 10));
            driver.consentRecord(ALICE_KEY, optIn("r3", T0 + 20));
            driver.consentRecord(ALICE_KEY, optIn("r4", T0 + 30));
            assertThat(statuses(driver.events())).containsExactly("OPTED_IN", "OPTED_OUT", "OPTED_IN");
            assertThat(driver.replies()).hasSize(1);
        }

        @Test
        void without_a_template_an_opt_in_record_sends_no_reply_even_with_the_text_response_on() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.consentRecord(ALICE_KEY, optIn("web-1", T0));
            assertThat(driver.events()).hasSize(1);
            assertThat(driver.replies()).isEmpty();
        }

        @Test
        void keyword_messages_still_get_their_text_reply_when_a_template_is_set() {
            templateSettings();
            driver.text(ACME, ALICE, "m1", T0, "START");
            JsonNode message = driver.replies().get(0).value().get("message");
            assertThat(message.get("type").asText()).isEqualTo("text");
            assertThat(message.get("context").get("message_id").asText()).isEqualTo("m1");
            assertThat(message.has("template")).isFalse();
        }
    }

    @Nested
    class MarketingPreferences {

        static String envelope(String changes) {
            return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[" + changes + "]}]}";
        }

        static String preferences(String phoneNumberId, String... items) {
            return "{\"field\":\"user_preferences\",\"value\":{\"messaging_product\":\"whatsapp\","
                    + "\"metadata\":{\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"" + phoneNumberId + "\"},"
                    + "\"contacts\":[{\"profile\":{\"name\":\"Asha\"},\"wa_id\":\"919876543210\"}],"
                    + "\"user_preferences\":[" + String.join(",", items) + "]}}";
        }

        static String item(String waId, String category, String value, long timestamp) {
            return "{\"wa_id\":\"" + waId + "\",\"detail\":\"User requested to stop marketing messages\",\"category\":\""
                    + category + "\",\"value\":\"" + value + "\",\"timestamp\":" + timestamp + "}";
        }

        static String messages(String phoneNumberId, String id, long ts, String body) {
            return "{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"" + phoneNumberId + "\"},"
                    + "\"messages\":[{\"from\":\"" + ALICE + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + ts
                    + "\",\"type\":\"text\",\"text\":{\"body\":\"" + body + "\"}}]}}";
        }

        @Test
        void a_stop_decides_the_marketing_status_with_a_marketing_event_and_no_reply() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send("webhook", envelope(preferences(ACME, item(ALICE, "marketing_messages", "stop", T0 + 300))));
            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).key()).isEqualTo(ALICE_KEY);
            JsonNode e = events.get(0).value();
            assertThat(e.get("scope").asText()).isEqualTo("MARKETING");
            assertThat(e.get("trigger").asText()).isEqualTo("USER_PREFERENCES");
            assertThat(e.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(e.get("previousStatus").asText()).isEqualTo("UNKNOWN");
            assertThat(e.get("eventId").asText()).isEqualTo(uuid("marketing-preference-event\n" + ALICE_KEY + "\nstop@" + (T0 + 300)));
            assertThat(e.get("occurredAt").asText()).isEqualTo("2025-11-24T16:05:00.000Z");
            for (String field : List.of("keyword", "sourceMessageId", "sourceRecordId", "proof")) {
                assertThat(e.get(field).isNull()).as(field).isTrue();
            }
            assertThat(driver.replies()).isEmpty();
            ContactConsent contact = driver.contact(ALICE_KEY);
            assertThat(contact.marketingStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
            assertThat(contact.status()).isEqualTo(ConsentStatus.UNKNOWN);
            assertThat(driver.counters.marketingOptOuts().count()).isEqualTo(1.0);
        }

        @Test
        void the_marketing_status_is_independent_of_the_main_one_with_its_own_order() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.text(ACME, ALICE, "m1", T0 + 100, "START");
            // older than the newest message, but the marketing status has its own order
            driver.send(null, envelope(preferences(ACME, item(ALICE, "marketing_messages", "stop", T0 + 50))));
            driver.text(ACME, ALICE, "m2", T0 + 200, "STOP");
            driver.send(null, envelope(preferences(ACME, item(ALICE, "marketing_messages", "resume", T0 + 40))));
            driver.send(null, envelope(preferences(ACME, item(ALICE, "marketing_messages", "resume", T0 + 60))));
            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).extracting(e -> e.value().get("scope").asText() + " " + e.value().get("status").asText())
                    .containsExactly("ALL OPTED_IN", "MARKETING OPTED_OUT", "ALL OPTED_OUT", "MARKETING OPTED_IN");
            assertThat(events.get(3).value().get("previousStatus").asText()).isEqualTo("OPTED_OUT");
            ContactConsent contact = driver.contact(ALICE_KEY);
            assertThat(contact.status()).isEqualTo(ConsentStatus.OPTED_OUT);
            assertThat(contact.marketingStatus()).isEqualTo(ConsentStatus.OPTED_IN);
            assertThat(contact.marketingChangedAtMillis()).isEqualTo((T0 + 60) * 1000);
            assertThat(contact.changedAtMillis()).isEqualTo((T0 + 200) * 1000);
        }

        @Test
        void a_redelivered_preference_never_decides_twice_and_other_categories_and_values_are_ignored() {
            String stop = envelope(preferences(ACME, item(ALICE, "marketing_messages", "stop", T0)));
            driver.send(null, stop);
            driver.send(null, envelope(preferences(ACME, item(ALICE, "marketing_messages", "resume", T0))));
            driver.send(null, stop);
            driver.send(null, envelope(preferences(ACME, item(ALICE, "utility_messages", "stop", T0 + 10),
                    item(ALICE, "marketing_messages", "pause", T0 + 10))));
            assertThat(statuses(driver.events())).containsExactly("OPTED_OUT", "OPTED_IN");
            assertThat(driver.counters.duplicates().count()).isEqualTo(1.0);
            assertThat(driver.deadLetters()).isEmpty();
        }

        @Test
        void an_envelope_may_mix_messages_and_preferences_and_each_decides_its_own_status() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.send("raw", envelope(messages(ACME, "m1", T0 + 10, "STOP") + ","
                    + preferences(ACME, item(ALICE, "marketing_messages", "stop", T0 + 5), item("14155550100", "marketing_messages",
                    "stop", T0 + 5)) + "," + messages(ACME, "m2", T0 + 20, "hello")));
            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).extracting(e -> e.key() + " " + e.value().get("scope").asText())
                    .containsExactlyInAnyOrder(ALICE_KEY + " ALL", ALICE_KEY + " MARKETING", "acme:14155550100 MARKETING");
            assertThat(driver.replies()).as("the STOP's reply only").hasSize(1);
        }

        @Test
        void a_preference_with_an_unreadable_wa_id_is_skipped_and_the_rest_processed() {
            driver.send(null, envelope(preferences(ACME, item("not-a-number", "marketing_messages", "stop", T0),
                    item(ALICE, "marketing_messages", "stop", T0))));
            assertThat(driver.events()).hasSize(1);
            assertThat(driver.counters.envelopeMessagesSkipped().count()).isEqualTo(1.0);
        }
    }

    @Nested
    class History {

        @Test
        void the_contact_keeps_its_latest_changes_of_both_scopes_with_their_proof() {
            driver.putSettings(ACME, ACME_SETTINGS);
            driver.consentRecord(ALICE_KEY, optIn("web-1", T0));
            driver.send(null, MarketingPreferences.envelope(MarketingPreferences.preferences(ACME,
                    MarketingPreferences.item(ALICE, "marketing_messages", "stop", T0 + 5))));
            driver.text(ACME, ALICE, "m1", T0 + 10, "STOP");
            List<TestRecord<String, JsonNode>> events = driver.events();
            ContactConsent contact = driver.contact(ALICE_KEY);
            assertThat(contact.history()).extracting(c -> c.scope() + " " + c.status() + " " + c.trigger())
                    .containsExactly("ALL OPTED_IN WEBSITE_FORM", "MARKETING OPTED_OUT USER_PREFERENCES", "ALL OPTED_OUT KEYWORD");
            assertThat(contact.history().get(0).proof()).isEqualTo(PROOF);
            assertThat(contact.history().get(0).sourceRecordId()).isEqualTo("web-1");
            assertThat(contact.history().get(2).sourceMessageId()).isEqualTo("m1");
            assertThat(contact.history()).extracting(c -> c.eventId())
                    .containsExactlyElementsOf(events.stream().map(e -> e.value().get("eventId").asText()).toList());
            assertThat(contact.history().get(1).scope()).isEqualTo(Scope.MARKETING);
        }

        @Test
        void the_history_keeps_the_newest_twenty_changes() {
            driver.putSettings(ACME, ACME_SETTINGS);
            for (int i = 0; i < 15; i++) {
                driver.text(ACME, ALICE, "m" + i, T0 + 2 * i, "STOP");
                driver.consentRecord(ALICE_KEY, optIn("r" + i, T0 + 2 * i + 1));
            }
            assertThat(driver.events()).hasSize(30);
            ContactConsent contact = driver.contact(ALICE_KEY);
            assertThat(contact.history()).hasSize(20);
            assertThat(contact.history().get(19).sourceRecordId()).isEqualTo("r14");
            assertThat(contact.history().get(0).sourceMessageId()).isEqualTo("m5");
        }
    }
}
