package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.inbound.MetaStatusFixturesTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.example.whatsapp.optin.topology.Messages.button;
import static com.example.whatsapp.optin.topology.Messages.buttonReply;
import static com.example.whatsapp.optin.topology.Messages.quote;
import static com.example.whatsapp.optin.topology.Messages.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's v3 sections "Marketing keywords and the 'Stop promotions' button", "Meta's
 * failed-send signal 131050", "HELP" and "Consent records, v3 changes", and the gate's answer to
 * a marketing stop from each source, through the production topology.
 */
class PlatformSignalsTest {

    static final String ACME = "acme";
    static final String ALICE = "919876543210";
    static final String ALICE_KEY = "acme:919876543210";
    static final String BOB = "14155550100";
    static final long T0 = 1_764_000_000L;

    static final String SETTINGS = """
            {"businessName": "Acme Store",
             "optOut": {"keywords": ["STOP"], "marketingKeywords": ["STOP PROMOTIONS", "NO OFFERS"],
                        "marketingResponseText": "No more offers from {businessName}. Order updates continue."},
             "optIn": {"enabled": true, "keywords": ["START"], "marketingKeywords": ["OFFERS ON"]},
             "help": {"responseText": "{businessName}: reply STOP to stop all messages, STOP PROMOTIONS for offers only."},
             "outbound": {"requireOptIn": false}}""";

    final ConsentDriver driver = new ConsentDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    static String envelope(String businessId, String valueFields) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
                + "\"phone_number_id\":\"" + businessId + "\"}," + valueFields + "}}]}]}";
    }

    static String failedStatus(String statusId, String recipient, long timestamp, long... codes) {
        StringBuilder errors = new StringBuilder();
        for (long code : codes) {
            errors.append(errors.isEmpty() ? "" : ",").append("{\"code\":").append(code)
                    .append(",\"title\":\"Unable to deliver the message\"}");
        }
        return "{\"id\":\"" + statusId + "\",\"status\":\"failed\",\"timestamp\":\"" + timestamp + "\",\"recipient_id\":\""
                + recipient + "\",\"errors\":[" + errors + "]}";
    }

    static String statusEnvelope(String... statuses) {
        return envelope(ACME, "\"statuses\":[" + String.join(",", statuses) + "]");
    }

    private static JsonNode only(List<TestRecord<String, JsonNode>> records) {
        assertThat(records).hasSize(1);
        return records.get(0).value();
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private ContactConsent alice() {
        return driver.contact(ALICE_KEY);
    }

    private double platformStatuses(String code) {
        return driver.counters.registry().find("optin.platform.statuses").tag("code", code).counter().count();
    }

    @Nested
    @DisplayName("Marketing keywords and the \"Stop promotions\" button")
    class MarketingKeywords {

        @Test
        void the_stop_promotions_button_stops_marketing_only_for_a_business_without_settings() {
            driver.send(ALICE_KEY, button(ACME, ALICE, "wamid.B1", T0, "Stop promotions", "Stop promotions"));

            JsonNode event = only(driver.events());
            assertThat(event.get("scope").asText()).isEqualTo("MARKETING");
            assertThat(event.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(event.get("previousStatus").asText()).isEqualTo("UNKNOWN");
            assertThat(event.get("trigger").asText()).isEqualTo("BUTTON");
            assertThat(event.get("keyword").asText()).isEqualTo("STOP PROMOTIONS");
            assertThat(event.get("sourceMessageId").asText()).isEqualTo("wamid.B1");
            assertThat(event.get("occurredAt").asText()).isEqualTo("2025-11-24T16:00:00.000Z");
            assertThat(alice().status()).isEqualTo(ConsentStatus.UNKNOWN);
            assertThat(alice().marketingStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
            assertThat(driver.replies()).isEmpty();
        }

        @Test
        void the_text_stop_promotions_stops_marketing_with_the_trigger_keyword() {
            driver.text(ACME, ALICE, "wamid.T1", T0, "  stop   PROMOTIONS! ");

            JsonNode event = only(driver.events());
            assertThat(event.get("trigger").asText()).isEqualTo("KEYWORD");
            assertThat(event.get("scope").asText()).isEqualTo("MARKETING");
            assertThat(event.get("eventId").asText()).isNotBlank();
        }

        @Test
        void an_interactive_reply_is_matched_by_its_id_before_its_title() {
            driver.putSettings(ACME, SETTINGS);
            driver.send(ALICE_KEY, buttonReply(ACME, ALICE, "wamid.I1", T0, "button_reply", "NO OFFERS", "Stop promotions"));

            assertThat(only(driver.events()).get("keyword").asText()).isEqualTo("NO OFFERS");
        }

        @Test
        void the_payload_names_the_keyword_before_the_text() {
            driver.putSettings(ACME, SETTINGS);
            driver.send(ALICE_KEY, button(ACME, ALICE, "wamid.B1", T0, "NO OFFERS", "Stop promotions"));

            assertThat(only(driver.events()).get("keyword").asText()).isEqualTo("NO OFFERS");
        }

        @Test
        void an_opt_out_keyword_in_the_text_wins_over_a_marketing_one_in_the_payload() {
            driver.putSettings(ACME, SETTINGS);
            driver.send(ALICE_KEY, button(ACME, ALICE, "wamid.B1", T0, "Stop promotions", "STOP"));

            JsonNode event = only(driver.events());
            assertThat(event.get("scope").asText()).isEqualTo("ALL");
            assertThat(event.get("keyword").asText()).isEqualTo("STOP");
        }

        @Test
        void a_marketing_opt_out_in_the_text_wins_over_a_marketing_opt_in_in_the_payload() {
            driver.putSettings(ACME, SETTINGS);
            driver.send(ALICE_KEY, button(ACME, ALICE, "wamid.B1", T0, "OFFERS ON", "No offers"));

            JsonNode event = only(driver.events());
            assertThat(event.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(event.get("keyword").asText()).isEqualTo("NO OFFERS");
        }

        @Test
        void a_marketing_opt_in_in_the_text_wins_over_an_opt_in_in_the_payload() {
            driver.putSettings(ACME, SETTINGS);
            driver.send(ALICE_KEY, button(ACME, ALICE, "wamid.B1", T0, "START", "offers on"));

            JsonNode event = only(driver.events());
            assertThat(event.get("scope").asText()).isEqualTo("MARKETING");
            assertThat(event.get("status").asText()).isEqualTo("OPTED_IN");
            assertThat(alice().status()).isEqualTo(ConsentStatus.UNKNOWN);
        }

        @Test
        void an_opt_in_in_the_text_wins_over_help_in_the_payload() {
            driver.putSettings(ACME, SETTINGS);
            driver.send(ALICE_KEY, button(ACME, ALICE, "wamid.B1", T0, "HELP", "Start"));

            JsonNode event = only(driver.events());
            assertThat(event.get("scope").asText()).isEqualTo("ALL");
            assertThat(event.get("status").asText()).isEqualTo("OPTED_IN");
            assertThat(driver.replies()).isEmpty();
        }

        @Test
        void a_marketing_opt_in_keyword_resumes_marketing_and_sends_no_reply() {
            driver.putSettings(ACME, SETTINGS);
            driver.text(ACME, ALICE, "wamid.1", T0, "Stop promotions");
            driver.text(ACME, ALICE, "wamid.2", T0 + 60, "Offers on");

            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).extracting(e -> e.value().get("status").asText()).containsExactly("OPTED_OUT", "OPTED_IN");
            assertThat(driver.replies()).extracting(r -> r.value().get("purpose").asText())
                    .containsExactly("MARKETING_OPT_OUT_CONFIRMATION");
        }

        @Test
        void the_marketing_reply_answers_the_message_when_its_text_is_set() {
            driver.putSettings(ACME, SETTINGS);
            driver.send(ALICE_KEY, button(ACME, ALICE, "wamid.B1", T0, "Stop promotions", "Stop promotions"));

            JsonNode event = only(driver.events());
            JsonNode reply = only(driver.replies());
            assertThat(reply.get("purpose").asText()).isEqualTo("MARKETING_OPT_OUT_CONFIRMATION");
            assertThat(reply.get("consentEventId").asText()).isEqualTo(event.get("eventId").asText());
            assertThat(reply.get("expiresAt").asText()).isEqualTo("2025-11-25T16:00:00.000Z");
            assertThat(reply.at("/message/text/body").asText()).isEqualTo("No more offers from Acme Store. Order updates continue.");
            assertThat(reply.at("/message/context/message_id").asText()).isEqualTo("wamid.B1");
            assertThat(reply.at("/message/to").asText()).isEqualTo(ALICE);
        }

        @Test
        void no_marketing_reply_without_its_text_even_when_the_opt_out_response_is_on() {
            driver.putSettings(ACME, """
                    {"businessName": "Acme Store",
                     "optOut": {"responseEnabled": true, "responseText": "Bye from {businessName}."}}""");
            driver.text(ACME, ALICE, "wamid.1", T0, "Stop promotions");

            assertThat(only(driver.events()).get("scope").asText()).isEqualTo("MARKETING");
            assertThat(driver.replies()).isEmpty();
        }

        @Test
        void a_redelivered_or_older_marketing_message_changes_nothing() {
            driver.putSettings(ACME, SETTINGS);
            driver.text(ACME, ALICE, "wamid.2", T0 + 60, "Stop promotions");
            driver.text(ACME, ALICE, "wamid.2", T0 + 60, "Stop promotions");
            driver.text(ACME, ALICE, "wamid.1", T0, "Offers on");

            assertThat(driver.events()).hasSize(1);
            assertThat(driver.replies()).hasSize(1);
            assertThat(alice().marketingStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
        }

        @Test
        void the_marketing_status_keeps_its_own_order_apart_from_the_status() {
            driver.putSettings(ACME, SETTINGS);
            driver.text(ACME, ALICE, "wamid.2", T0 + 60, "STOP");
            driver.text(ACME, ALICE, "wamid.1", T0, "Stop promotions");

            assertThat(driver.events()).extracting(e -> e.value().get("scope").asText()).containsExactly("ALL", "MARKETING");
        }

        @Test
        void the_default_word_yields_to_the_business_s_opt_in_list() {
            driver.putSettings(ACME, """
                    {"businessName": "Acme Store", "optIn": {"enabled": true, "keywords": ["Stop promotions"]}}""");
            driver.text(ACME, ALICE, "wamid.1", T0, "STOP PROMOTIONS");

            JsonNode event = only(driver.events());
            assertThat(event.get("scope").asText()).isEqualTo("ALL");
            assertThat(event.get("status").asText()).isEqualTo("OPTED_IN");
            assertThat(event.get("keyword").asText()).isEqualTo("Stop promotions");
        }

        @Test
        void an_explicit_list_replaces_the_default_word() {
            driver.putSettings(ACME, """
                    {"businessName": "Acme Store", "optOut": {"marketingKeywords": ["NO OFFERS"]}}""");
            driver.text(ACME, ALICE, "wamid.1", T0, "Stop promotions");
            driver.text(ACME, ALICE, "wamid.2", T0 + 1, "no offers");

            assertThat(only(driver.events()).get("keyword").asText()).isEqualTo("NO OFFERS");
        }
    }

    @Nested
    @DisplayName("Meta's failed-send signal 131050")
    class FailedSend {

        @Test
        void a_failed_send_with_131050_stops_marketing_with_the_trigger_platform() {
            driver.putSettings(ACME, SETTINGS);
            driver.send(null, statusEnvelope(failedStatus("wamid.OUT1", "+91 98765-43210", T0 + 300, 131050)));

            JsonNode event = only(driver.events());
            assertThat(event.get("scope").asText()).isEqualTo("MARKETING");
            assertThat(event.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(event.get("trigger").asText()).isEqualTo("PLATFORM");
            assertThat(event.get("contactId").asText()).isEqualTo(ALICE);
            assertThat(event.get("sourceMessageId").asText()).isEqualTo("wamid.OUT1");
            assertThat(event.get("keyword").isNull()).isTrue();
            assertThat(event.get("occurredAt").asText()).isEqualTo("2025-11-24T16:05:00.000Z");
            assertThat(driver.replies()).as("never a reply, even with a marketing text").isEmpty();
            assertThat(alice().status()).isEqualTo(ConsentStatus.UNKNOWN);
        }

        @Test
        void a_redelivered_status_changes_nothing_and_a_later_resume_still_applies() {
            String envelope = statusEnvelope(failedStatus("wamid.OUT1", ALICE, T0 + 300, 131050));
            driver.send(null, envelope);
            driver.send(null, envelope);
            driver.send(ALICE_KEY, text(ACME, ALICE, "wamid.OUT1", T0 + 400, "offers on"));

            assertThat(driver.events()).hasSize(1);
            assertThat(alice().marketingStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
        }

        @Test
        void the_event_id_is_the_same_for_the_same_status() {
            String envelope = statusEnvelope(failedStatus("wamid.OUT1", ALICE, T0 + 300, 131050));
            driver.send(null, envelope);
            String first = only(driver.events()).get("eventId").asText();
            try (ConsentDriver other = new ConsentDriver()) {
                other.send("any-key", envelope);
                assertThat(other.events().get(0).value().get("eventId").asText()).isEqualTo(first);
            }
        }

        @Test
        void other_codes_and_statuses_change_nothing_and_are_counted_by_code() {
            driver.send(null, statusEnvelope(
                    failedStatus("wamid.OUT1", ALICE, T0, 131026),
                    failedStatus("wamid.OUT2", ALICE, T0, 999999),
                    failedStatus("wamid.OUT3", ALICE, T0),
                    "{\"id\":\"wamid.OUT4\",\"status\":\"delivered\",\"timestamp\":\"" + T0 + "\",\"recipient_id\":\"" + ALICE + "\"}",
                    "{\"id\":\"wamid.OUT5\",\"status\":\"sent\",\"timestamp\":\"" + T0 + "\",\"recipient_id\":\"" + ALICE
                            + "\",\"errors\":[{\"code\":131050}]}"));

            assertThat(driver.events()).isEmpty();
            assertThat(alice()).isNull();
            assertThat(platformStatuses("131026")).isEqualTo(1.0);
            assertThat(platformStatuses("other")).isEqualTo(2.0);
            assertThat(platformStatuses("none")).isEqualTo(1.0);
            assertThat(platformStatuses("131050")).as("a status that did not fail is counted, not acted on").isEqualTo(1.0);
        }

        @Test
        void meta_s_documented_payloads_decide_only_the_failed_131050_one() {
            for (String name : List.of("sent", "delivered", "read", "failed-131026", "failed-131050")) {
                driver.sendBytes(null, MetaStatusFixturesTest.fixture(name));
            }

            JsonNode event = only(driver.events());
            assertThat(event.get("businessId").asText()).isEqualTo(MetaStatusFixturesTest.BUSINESS);
            assertThat(event.get("contactId").asText()).isEqualTo("16505551234");
            assertThat(event.get("sourceMessageId").asText()).isEqualTo(MetaStatusFixturesTest.MESSAGE);
            assertThat(platformStatuses("none")).isEqualTo(3.0);
            assertThat(platformStatuses("131026")).isEqualTo(1.0);
            assertThat(platformStatuses("131050")).isEqualTo(1.0);
        }

        @Test
        void an_envelope_mixing_messages_statuses_and_preferences_decides_each() {
            driver.putSettings(ACME, SETTINGS);
            String carol = "447700900123";
            driver.send("whatever", "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
                    + "{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"acme\"},"
                    + "\"contacts\":[{\"profile\":{\"name\":\"Bob\"},\"wa_id\":\"" + BOB + "\"}],"
                    + "\"messages\":[{\"from\":\"" + BOB + "\",\"id\":\"wamid.M1\",\"timestamp\":\"" + T0 + "\",\"type\":\"text\","
                    + "\"text\":{\"body\":\"Stop promotions\"}}],"
                    + "\"statuses\":[" + failedStatus("wamid.OUT1", ALICE, T0 + 1, 131050) + "]}},"
                    + "{\"field\":\"user_preferences\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"acme\"},"
                    + "\"user_preferences\":[{\"wa_id\":\"" + carol + "\",\"category\":\"marketing_messages\",\"value\":\"stop\","
                    + "\"timestamp\":" + (T0 + 2) + "}]}}]}]}");

            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).extracting(e -> e.value().get("contactId").asText() + " " + e.value().get("trigger").asText())
                    .containsExactlyInAnyOrder(BOB + " KEYWORD", ALICE + " PLATFORM", carol + " USER_PREFERENCES");
            assertThat(events).allSatisfy(e -> assertThat(e.value().get("scope").asText()).isEqualTo("MARKETING"));
            assertThat(driver.replies()).extracting(r -> r.key()).containsExactly("acme:" + BOB);
        }

        @Test
        void a_131050_status_without_a_valid_recipient_is_skipped_and_the_rest_processed() {
            driver.send(null, statusEnvelope(failedStatus("wamid.OUT1", "123", T0, 131050),
                    failedStatus("wamid.OUT2", ALICE, T0, 131050)));

            assertThat(only(driver.events()).get("contactId").asText()).isEqualTo(ALICE);
            assertThat(driver.deadLetters()).isEmpty();
        }
    }

    @Nested
    @DisplayName("HELP")
    class Help {

        @Test
        void help_gets_the_business_s_help_text_and_no_event() {
            driver.putSettings(ACME, SETTINGS);
            driver.text(ACME, ALICE, "wamid.H1", T0, "Help?");

            assertThat(driver.events()).isEmpty();
            JsonNode reply = only(driver.replies());
            assertThat(reply.get("purpose").asText()).isEqualTo("HELP");
            assertThat(reply.get("consentEventId").isNull()).isTrue();
            assertThat(reply.get("businessId").asText()).isEqualTo(ACME);
            assertThat(reply.get("expiresAt").asText()).isEqualTo("2025-11-25T16:00:00.000Z");
            assertThat(reply.at("/message/text/body").asText())
                    .isEqualTo("Acme Store: reply STOP to stop all messages, STOP PROMOTIONS for offers only.");
            assertThat(reply.at("/message/context/message_id").asText()).isEqualTo("wamid.H1");
            assertThat(reply.get("commandId").asText()).isEqualTo(uuid("help-reply-command\n" + ALICE_KEY + "\nwamid.H1"));
            assertThat(alice().status()).isEqualTo(ConsentStatus.UNKNOWN);
            assertThat(alice().marketingStatus()).isEqualTo(ConsentStatus.UNKNOWN);
        }

        @Test
        void help_is_answered_once_per_message_id() {
            driver.putSettings(ACME, SETTINGS);
            driver.text(ACME, ALICE, "wamid.H1", T0, "HELP");
            driver.text(ACME, ALICE, "wamid.H1", T0, "HELP");
            driver.send(null, envelope(ACME, "\"messages\":[{\"from\":\"" + ALICE + "\",\"id\":\"wamid.H1\",\"timestamp\":\""
                    + T0 + "\",\"type\":\"text\",\"text\":{\"body\":\"HELP\"}}]"));
            driver.text(ACME, ALICE, "wamid.H2", T0 + 60, "info");

            assertThat(driver.replies()).extracting(r -> r.value().at("/message/context/message_id").asText())
                    .containsExactly("wamid.H1", "wamid.H2");
            assertThat(driver.events()).isEmpty();
        }

        @Test
        void help_neither_is_late_nor_makes_a_later_decision_late() {
            driver.putSettings(ACME, SETTINGS);
            driver.text(ACME, ALICE, "wamid.2", T0 + 60, "START");
            driver.text(ACME, ALICE, "wamid.H1", T0, "help");
            driver.text(ACME, ALICE, "wamid.H2", T0 + 120, "help");
            driver.text(ACME, ALICE, "wamid.3", T0 + 90, "STOP");

            assertThat(driver.replies()).extracting(r -> r.value().get("purpose").asText()).containsExactly("HELP", "HELP");
            assertThat(driver.events()).extracting(e -> e.value().get("status").asText()).containsExactly("OPTED_IN", "OPTED_OUT");
        }

        @Test
        void without_a_help_text_help_gets_nothing() {
            driver.text(ACME, ALICE, "wamid.H1", T0, "HELP");
            driver.putSettings(ACME, "{\"businessName\": \"Acme Store\"}");
            driver.text(ACME, ALICE, "wamid.H2", T0 + 1, "HELP");

            assertThat(driver.replies()).isEmpty();
            assertThat(driver.events()).isEmpty();
            assertThat(alice()).isNull();
        }

        @Test
        void the_business_s_keywords_replace_help_and_info() {
            driver.putSettings(ACME, """
                    {"businessName": "Acme Store", "help": {"keywords": ["AYUDA"], "responseText": "Ayuda de {businessName}."}}""");
            driver.text(ACME, ALICE, "wamid.1", T0, "HELP");
            driver.text(ACME, ALICE, "wamid.2", T0 + 1, "Ayuda");

            assertThat(driver.replies()).extracting(r -> r.value().at("/message/text/body").asText())
                    .containsExactly("Ayuda de Acme Store.");
        }
    }

    @Nested
    @DisplayName("Consent records, v3 changes")
    class ConsentRecords {

        static final String BEFORE = "{\"businessName\": \"Acme Store\"}";
        static final String AFTER = "{\"businessName\": \"Acme Shop\"}";

        static String optIn(String recordId, String consentText) {
            return "{\"recordId\":\"" + recordId + "\",\"businessId\":\"acme\",\"contactId\":\"" + ALICE
                    + "\",\"status\":\"OPTED_IN\",\"channel\":\"WEBSITE_FORM\",\"occurredAt\":" + T0
                    + ",\"proof\":{\"consentText\":" + quote(consentText) + "}}";
        }

        @Test
        void a_record_written_before_a_rename_is_judged_by_the_name_of_its_time() {
            Instant start = ConsentDriver.NOW.minusSeconds(3600);
            driver.putSettings(ACME, BEFORE, start);
            driver.putSettings(ACME, AFTER, start.plusSeconds(600));
            driver.consentRecord(ALICE_KEY, optIn("r1", "Offers from Acme Store on WhatsApp"), start.plusSeconds(300));
            driver.consentRecord(ALICE_KEY, optIn("r2", "Offers from Acme Store on WhatsApp"), start.plusSeconds(900));

            assertThat(only(driver.events()).get("sourceRecordId").asText()).isEqualTo("r1");
            List<TestRecord<byte[], byte[]>> dead = driver.recordDeadLetters();
            assertThat(dead).hasSize(1);
            assertThat(ConsentDriver.header(dead.get(0), "__streams.errors.message"))
                    .isEqualTo("proof.consentText does not name the business (Acme Shop)");
            assertThat(ConsentDriver.header(dead.get(0), "__streams.errors.exception")).endsWith("RejectedConsentRecordException");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
                    .isEqualTo(optIn("r2", "Offers from Acme Store on WhatsApp"));
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(ALICE_KEY);
        }

        @Test
        void a_record_waits_for_the_settings_of_its_time() {
            try (ConsentDriver behind = ConsentDriver.withSettingsReaderBehind()) {
                Instant start = ConsentDriver.NOW.minusSeconds(3600);
                behind.putSettings(ACME, BEFORE, start);
                behind.consentRecord(ALICE_KEY, optIn("r1", "Offers from Acme Store on WhatsApp"), start.plusSeconds(300));
                assertThat(behind.events()).isEmpty();
                assertThat(behind.recordDeadLetters()).as("not rejected for want of settings").isEmpty();

                behind.readSettings();
                behind.settleSettings(ConsentDriver.NOW);

                assertThat(only(behind.events()).get("sourceRecordId").asText()).isEqualTo("r1");
            }
        }

        @Test
        void by_default_the_proof_must_mention_whatsapp() {
            driver.putSettings(ACME, BEFORE);
            driver.consentRecord(ALICE_KEY, optIn("r1", "Yes, send me offers from Acme Store."));

            assertThat(driver.events()).isEmpty();
            assertThat(ConsentDriver.header(driver.recordDeadLetters().get(0), "__streams.errors.message"))
                    .isEqualTo("proof.consentText does not mention WhatsApp");
        }

        @Test
        void when_the_proof_need_not_mention_whatsapp_it_must_still_name_the_business() {
            driver.putSettings(ACME, "{\"businessName\": \"Acme Store\", \"optIn\": {\"proofMustMentionWhatsApp\": false}}");
            driver.consentRecord(ALICE_KEY, optIn("r1", "Yes, send me offers from Acme Store."));
            driver.consentRecord(ALICE_KEY, optIn("r2", "Yes, send me offers on WhatsApp."));

            assertThat(only(driver.events()).get("sourceRecordId").asText()).isEqualTo("r1");
            assertThat(ConsentDriver.header(driver.recordDeadLetters().get(0), "__streams.errors.message"))
                    .isEqualTo("proof.consentText does not name the business (Acme Store)");
        }

        @Test
        void an_unreadable_record_goes_to_the_dead_letter_topic_unchanged() {
            driver.consentRecord("k", "{not json");

            List<TestRecord<byte[], byte[]>> dead = driver.recordDeadLetters();
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(ConsentDriver.header(dead.get(0), "__streams.errors.message")).isEqualTo("the value is not valid JSON");
            assertThat(ConsentDriver.header(dead.get(0), "__streams.errors.exception")).isNotBlank();
        }
    }

    @Nested
    @DisplayName("Outbound gate: a marketing stop from any source")
    class Gate {

        private void optedIn() {
            driver.putSettings(ACME, SETTINGS);
            driver.text(ACME, ALICE, "wamid.0", T0 - 60, "START");
        }

        private void assertMarketingSuppressedAndUtilityApproved() {
            driver.request(ALICE_KEY, request("campaign-1", "MARKETING"));
            driver.request(ALICE_KEY, request("update-1", "UTILITY"));

            JsonNode suppressed = only(driver.suppressed());
            assertThat(suppressed.get("requestId").asText()).isEqualTo("campaign-1");
            assertThat(suppressed.get("reason").asText()).isEqualTo("MARKETING_STOPPED");
            assertThat(suppressed.get("marketingStatus").asText()).isEqualTo("OPTED_OUT");
            assertThat(only(driver.approved()).get("requestId").asText()).isEqualTo("update-1");
        }

        private static String request(String requestId, String category) {
            return "{\"requestId\":\"" + requestId + "\",\"businessId\":\"acme\",\"category\":\"" + category + "\","
                    + "\"message\":{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + ALICE + "\","
                    + "\"type\":\"template\",\"template\":{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}}";
        }

        @Test
        void the_stop_promotions_button_suppresses_marketing_at_once() {
            optedIn();
            driver.send(ALICE_KEY, button(ACME, ALICE, "wamid.B1", T0, "Stop promotions", "Stop promotions"));
            assertMarketingSuppressedAndUtilityApproved();
        }

        @Test
        void a_marketing_keyword_suppresses_marketing_at_once() {
            optedIn();
            driver.text(ACME, ALICE, "wamid.T1", T0, "no offers");
            assertMarketingSuppressedAndUtilityApproved();
        }

        @Test
        void a_131050_status_suppresses_marketing_at_once() {
            optedIn();
            driver.send(null, statusEnvelope(failedStatus("wamid.OUT1", ALICE, T0, 131050)));
            assertMarketingSuppressedAndUtilityApproved();
        }

        @Test
        void a_user_preference_suppresses_marketing_at_once() {
            optedIn();
            driver.send(null, "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"user_preferences\","
                    + "\"value\":{\"metadata\":{\"phone_number_id\":\"acme\"},\"user_preferences\":[{\"wa_id\":\"" + ALICE
                    + "\",\"category\":\"marketing_messages\",\"value\":\"stop\",\"timestamp\":" + T0 + "}]}}]}]}");
            assertMarketingSuppressedAndUtilityApproved();
        }
    }
}
