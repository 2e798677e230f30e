package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.OutboundGate;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static com.example.whatsapp.optin.topology.Messages.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract's "Outbound gate", through the production topology and configuration. */
class OutboundGateTopologyTest {

    private static final String ACME = "acme";
    private static final String ALICE = "919876543210";
    private static final String ALICE_KEY = "acme:919876543210";
    private static final String BOB = "447700900123";
    private static final long T0 = 1_764_000_000L;
    private static final String NO_OPT_IN_REQUIRED = """
            {"businessName": "Acme Store", "outbound": {"requireOptIn": false}}""";

    private final ConsentDriver driver = new ConsentDriver();
    private long nextMessage;

    @AfterEach
    void close() {
        driver.close();
    }

    static String message(String to) {
        return "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":" + quote(to)
                + ",\"type\":\"template\",\"template\":{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}";
    }

    static String request(String requestId, String businessId, String category, String message) {
        return "{\"requestId\":" + quote(requestId) + ",\"businessId\":" + quote(businessId) + ",\"category\":"
                + quote(category) + ",\"message\":" + message + "}";
    }

    private void send(String requestId, MessageCategory category, String contactId) {
        driver.request(ACME + ":" + contactId, request(requestId, ACME, category.name(), message(contactId)));
    }

    private void optOut(String contactId) {
        driver.text(ACME, contactId, "wamid.out" + nextMessage, T0 + nextMessage++, "STOP");
    }

    private void optIn(String contactId) {
        driver.text(ACME, contactId, "wamid.in" + nextMessage, T0 + nextMessage++, "JOIN");
    }

    /** requestId to "APPROVED" or the suppression reason, in the order written. */
    private List<String> verdicts() {
        List<String> out = new ArrayList<>();
        driver.approved().forEach(r -> out.add(r.value().get("requestId").asText() + " APPROVED"));
        driver.suppressed().forEach(r -> out.add(r.value().get("requestId").asText() + " " + r.value().get("reason").asText()));
        return out;
    }

    @Nested
    class Rules {

        @Test
        void service_replies_reach_even_a_contact_who_opted_out() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optOut(ALICE);
            send("r1", MessageCategory.SERVICE, ALICE);
            send("r2", MessageCategory.SERVICE, BOB);
            assertThat(verdicts()).containsExactly("r1 APPROVED", "r2 APPROVED");
        }

        @Test
        void an_opted_out_contact_gets_no_business_initiated_message() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optOut(ALICE);
            send("r1", MessageCategory.MARKETING, ALICE);
            send("r2", MessageCategory.UTILITY, ALICE);
            send("r3", MessageCategory.AUTHENTICATION, ALICE);
            assertThat(verdicts()).containsExactly("r1 OPTED_OUT", "r2 OPTED_OUT", "r3 OPTED_OUT");
        }

        @Test
        void an_opted_out_contact_is_suppressed_even_when_the_business_needs_no_opt_in() {
            driver.putSettings(ACME, NO_OPT_IN_REQUIRED);
            optOut(ALICE);
            send("r1", MessageCategory.UTILITY, ALICE);
            assertThat(verdicts()).containsExactly("r1 OPTED_OUT");
        }

        @Test
        void an_unknown_contact_is_held_back_by_default() {
            send("r1", MessageCategory.MARKETING, BOB);
            send("r2", MessageCategory.UTILITY, BOB);
            send("r3", MessageCategory.AUTHENTICATION, BOB);
            assertThat(verdicts()).containsExactly("r1 NO_OPT_IN", "r2 NO_OPT_IN", "r3 NO_OPT_IN");
        }

        @Test
        void an_opted_in_contact_is_approved() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optIn(ALICE);
            send("r1", MessageCategory.MARKETING, ALICE);
            send("r2", MessageCategory.UTILITY, ALICE);
            assertThat(verdicts()).containsExactly("r1 APPROVED", "r2 APPROVED");
        }

        @Test
        void an_unknown_contact_is_approved_when_the_business_requires_no_opt_in() {
            driver.putSettings(ACME, NO_OPT_IN_REQUIRED);
            send("r1", MessageCategory.MARKETING, BOB);
            send("r2", MessageCategory.UTILITY, BOB);
            assertThat(verdicts()).containsExactly("r1 APPROVED", "r2 APPROVED");
        }

        @Test
        void a_contact_who_stopped_marketing_gets_utility_but_no_marketing() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optIn(ALICE);
            driver.send(null, """
                    {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"user_preferences","value":{
                     "messaging_product":"whatsapp","metadata":{"phone_number_id":"acme"},
                     "user_preferences":[{"wa_id":"919876543210","detail":"User requested to stop marketing messages",
                                          "category":"marketing_messages","value":"stop","timestamp":%d}]}}]}]}"""
                    .formatted(T0 + 100));
            send("r1", MessageCategory.MARKETING, ALICE);
            send("r2", MessageCategory.UTILITY, ALICE);
            optOut(ALICE);
            send("r3", MessageCategory.MARKETING, ALICE);
            assertThat(verdicts()).containsExactly("r2 APPROVED", "r1 MARKETING_STOPPED", "r3 OPTED_OUT");
        }
    }

    @Nested
    class Order {

        @Test
        void a_request_is_judged_by_the_consent_decided_before_it() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optIn(ALICE);
            send("before-stop", MessageCategory.MARKETING, ALICE);
            optOut(ALICE);
            send("after-stop", MessageCategory.MARKETING, ALICE);
            send("service-after-stop", MessageCategory.SERVICE, ALICE);
            optIn(ALICE);
            send("after-join", MessageCategory.MARKETING, ALICE);

            List<TestRecord<String, JsonNode>> approved = driver.approved();
            List<TestRecord<String, JsonNode>> suppressed = driver.suppressed();
            assertThat(approved).extracting(r -> r.value().get("requestId").asText() + " " + r.value().get("status").asText())
                    .containsExactly("before-stop OPTED_IN", "service-after-stop OPTED_OUT", "after-join OPTED_IN");
            assertThat(suppressed).extracting(r -> r.value().get("requestId").asText() + " " + r.value().get("status").asText())
                    .containsExactly("after-stop OPTED_OUT");
        }

        @Test
        void requests_wait_for_the_settings_of_their_time_like_inbound_messages() {
            try (ConsentDriver behind = ConsentDriver.withSettingsReaderBehind()) {
                behind.request(ALICE_KEY, request("r1", ACME, "MARKETING", message(ALICE)), Instant.parse("2026-11-24T10:00:10Z"));
                assertThat(behind.approvedRaw()).isEmpty();
                assertThat(behind.suppressedRaw()).as("not judged before its settings are known").isEmpty();
                assertThat(behind.counters.heldForSettings().count()).isEqualTo(1.0);

                behind.settleSettings(Instant.parse("2026-11-24T10:00:10Z"));
                assertThat(behind.suppressed()).extracting(r -> r.value().get("requestId").asText()).containsExactly("r1");
            }
        }
    }

    @Nested
    class Requests {

        @Test
        void message_to_is_normalized_like_a_contact_id() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optOut(ALICE);
            driver.request(null, request("plus", ACME, "MARKETING", message("+919876543210")));
            driver.request(null, request("spaces", ACME, "MARKETING", message("91 98765 43210")));
            driver.request(null, request("dashes", ACME, "MARKETING", message("+91-98765-43210")));
            driver.request(null, request("all", ACME, "MARKETING", message(" +91 98765-43210 ")));
            List<TestRecord<String, JsonNode>> suppressed = driver.suppressed();
            assertThat(suppressed).extracting(r -> r.value().get("requestId").asText())
                    .containsExactly("plus", "spaces", "dashes", "all");
            assertThat(suppressed).extracting(r -> r.value().get("reason").asText()).containsOnly("OPTED_OUT");
            assertThat(suppressed).extracting(r -> r.value().get("contactId").asText()).containsOnly(ALICE);
            assertThat(suppressed).extracting(TestRecord::key).containsOnly(ALICE_KEY);
        }

        @Test
        void any_record_key_reaches_the_contact_s_consent() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optOut(ALICE);
            String body = request("r", ACME, "MARKETING", message(ALICE));
            driver.request(null, body.replace("\"r\"", "\"null-key\""));
            driver.request("campaign-7", body.replace("\"r\"", "\"foreign-key\""));
            driver.request("acme:447700900123", body.replace("\"r\"", "\"another-contact-s-key\""));
            driver.request("globex:919876543210", body.replace("\"r\"", "\"another-business-s-key\""));
            driver.request(ALICE_KEY, body.replace("\"r\"", "\"contact-key\""));
            List<TestRecord<String, JsonNode>> suppressed = driver.suppressed();
            assertThat(suppressed).extracting(r -> r.value().get("requestId").asText()).containsExactlyInAnyOrder(
                    "null-key", "foreign-key", "another-contact-s-key", "another-business-s-key", "contact-key");
            assertThat(suppressed).extracting(r -> r.value().get("reason").asText()).containsOnly("OPTED_OUT");
            assertThat(suppressed).extracting(TestRecord::key).containsOnly(ALICE_KEY);
            assertThat(driver.approvedRaw()).isEmpty();
        }

        @Test
        void requests_keyed_by_their_contact_skip_the_repartition_and_others_take_it() {
            String repartition = TopologyNames.outboundRepartitionTopic("whatsapp-optin");
            send("r1", MessageCategory.MARKETING, ALICE);
            assertThat(driver.suppressedRaw()).hasSize(1);
            assertThat(driver.driver.producedTopicNames()).doesNotContain(repartition);
            driver.request(null, request("r2", ACME, "MARKETING", message(ALICE)));
            assertThat(driver.suppressedRaw()).hasSize(1);
            assertThat(driver.driver.producedTopicNames()).contains(repartition);
        }

        @Test
        void the_decision_has_the_contract_s_shape_and_carries_the_message_byte_for_byte() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optIn(ALICE);
            // Spacing, key order, escapes, non-ASCII text and number spellings a JSON library would rewrite.
            String message = "{ \"to\" : \"+91 98765-43210\",\"messaging_product\":\"whatsapp\", \"type\":\"text\","
                    + "\"text\":{\"body\":\"Hola \\u00e9 \u00e9 \\\"quoted\\\" \uD83D\uDE00 \\/\",\"preview_url\":false},"
                    + "\"n\":1.0E3,\"m\":-0.0,\"big\":123456789012345678901234567890,\"e\":[], \"o\" : { } }";
            driver.request(ALICE_KEY, "{\"extra\":[1,{\"a\":null}],\"message\":" + message
                    + ",\"requestId\":\"spring-sale-000017\",\"category\":\"MARKETING\",\"businessId\":\"acme\"}");

            List<TestRecord<String, String>> approved = driver.approvedRaw();
            assertThat(approved).hasSize(1);
            assertThat(approved.get(0).key()).isEqualTo(ALICE_KEY);
            String raw = approved.get(0).value();
            assertThat(raw).isEqualTo("{\"requestId\":\"spring-sale-000017\",\"businessId\":\"acme\",\"contactId\":\"919876543210\","
                    + "\"category\":\"MARKETING\",\"decision\":\"APPROVED\",\"reason\":null,\"status\":\"OPTED_IN\","
                    + "\"marketingStatus\":\"UNKNOWN\",\"decidedAt\":\"2026-11-24T10:15:30.123Z\",\"message\":" + message + "}");
            assertThat(raw.getBytes(StandardCharsets.UTF_8))
                    .endsWith(("\"message\":" + message + "}").getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void a_suppressed_decision_names_its_reason_and_the_statuses_it_was_judged_by() throws Exception {
            send("r1", MessageCategory.UTILITY, BOB);
            List<TestRecord<String, String>> suppressed = driver.suppressedRaw();
            assertThat(suppressed).hasSize(1);
            JsonNode d = Json.mapper().readTree(suppressed.get(0).value());
            List<String> fields = new ArrayList<>();
            d.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("requestId", "businessId", "contactId", "category", "decision", "reason",
                    "status", "marketingStatus", "decidedAt", "message");
            assertThat(d.get("decision").asText()).isEqualTo("SUPPRESSED");
            assertThat(d.get("reason").asText()).isEqualTo("NO_OPT_IN");
            assertThat(d.get("status").asText()).isEqualTo("UNKNOWN");
            assertThat(d.get("marketingStatus").asText()).isEqualTo("UNKNOWN");
            assertThat(d.get("category").asText()).isEqualTo("UTILITY");
            assertThat(d.get("message")).isEqualTo(Json.mapper().readTree(message(BOB)));
        }

        @Test
        void a_request_never_changes_consent_and_only_an_approved_campaign_request_is_remembered() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optIn(ALICE);
            assertThat(driver.events()).hasSize(1);
            assertThat(driver.replies()).hasSize(1);
            KeyValueStore<String, byte[]> store = driver.driver.getKeyValueStore(TopologyNames.CONTACTS_STORE);
            ContactConsent before = driver.contact(ALICE_KEY);

            for (MessageCategory category : MessageCategory.values()) {
                send("a-" + category, category, ALICE);
                send("b-" + category, category, BOB);
            }
            driver.request(null, request("c", ACME, "MARKETING", message("447700900999")));

            assertThat(driver.contact(ALICE_KEY).withLastApproved(null)).isEqualTo(before);
            assertThat(driver.contact(ALICE_KEY).lastApproved().requestId()).isEqualTo("a-UTILITY");
            assertThat(store.get(ACME + ":" + BOB)).isNull();
            assertThat(store.get(ACME + ":447700900999")).isNull();
            int stored = 0;
            try (var all = store.all()) {
                for (Iterator<?> it = all; it.hasNext(); it.next()) {
                    stored++;
                }
            }
            assertThat(stored).isEqualTo(1);
            assertThat(driver.events()).isEmpty();
            assertThat(driver.replies()).isEmpty();
        }

        @Test
        void approved_and_suppressed_requests_are_counted_by_category_and_reason() {
            driver.putSettings(ACME, ACME_SETTINGS);
            optOut(ALICE);
            optIn(BOB);
            send("r1", MessageCategory.MARKETING, ALICE);
            send("r2", MessageCategory.MARKETING, ALICE);
            send("r3", MessageCategory.UTILITY, BOB);
            send("r4", MessageCategory.SERVICE, ALICE);
            send("r5", MessageCategory.AUTHENTICATION, "15550001111");
            assertThat(driver.counters.outboundDecisions(MessageCategory.MARKETING, OutboundGate.Reason.OPTED_OUT)).isEqualTo(2.0);
            assertThat(driver.counters.outboundDecisions(MessageCategory.UTILITY, null)).isEqualTo(1.0);
            assertThat(driver.counters.outboundDecisions(MessageCategory.SERVICE, null)).isEqualTo(1.0);
            assertThat(driver.counters.outboundDecisions(MessageCategory.AUTHENTICATION, OutboundGate.Reason.NO_OPT_IN)).isEqualTo(1.0);
            assertThat(driver.counters.outboundDecisions(MessageCategory.MARKETING, null)).isZero();
        }
    }

    @Nested
    class DeadLetters {

        // TopologyTestDriver drops dead-letter records under exactly-once (see ConsentTopologyTest.DeadLetters).
        private final ConsentDriver atLeastOnce = new ConsentDriver(Map.of("processing.guarantee", "at_least_once"));

        @AfterEach
        void close() {
            atLeastOnce.close();
        }

        @Test
        void unreadable_requests_are_copied_unchanged_to_the_outbound_dead_letter_topic_keeping_their_key() {
            String m = message(ALICE);
            List<String> bad = List.of(
                    "not json",
                    "[1,2,3]",
                    "\"MARKETING\"",
                    "{\"businessId\":\"acme\",\"category\":\"MARKETING\",\"message\":" + m + "}",
                    request("", ACME, "MARKETING", m),
                    request("r".repeat(129), ACME, "MARKETING", m),
                    "{\"requestId\":17,\"businessId\":\"acme\",\"category\":\"MARKETING\",\"message\":" + m + "}",
                    "{\"requestId\":\"r\",\"category\":\"MARKETING\",\"message\":" + m + "}",
                    request("r", "acme:x", "MARKETING", m),
                    request("r", "", "MARKETING", m),
                    "{\"requestId\":\"r\",\"businessId\":\"acme\",\"message\":" + m + "}",
                    request("r", ACME, "PROMOTION", m),
                    request("r", ACME, "marketing", m),
                    "{\"requestId\":\"r\",\"businessId\":\"acme\",\"category\":\"MARKETING\"}",
                    request("r", ACME, "MARKETING", "\"hello\""),
                    request("r", ACME, "MARKETING", "{\"type\":\"text\"}"),
                    request("r", ACME, "MARKETING", message("12ab")),
                    request("r", ACME, "MARKETING", message("1234")),
                    request("r", ACME, "MARKETING", "{\"to\":919876543210}"),
                    request("r", ACME, "MARKETING", m) + " trailing",
                    request("r", ACME, "MARKETING", "{\"to\":\"919876543210\""));
            for (int i = 0; i < bad.size(); i++) {
                atLeastOnce.request("key-" + i, bad.get(i));
            }
            atLeastOnce.requestBytes("binary", new byte[] {(byte) 0xff, 0x00, 0x13});
            atLeastOnce.request(null, null);
            atLeastOnce.request(ALICE_KEY, request("good", ACME, "MARKETING", m));

            List<TestRecord<byte[], byte[]>> dead = atLeastOnce.outboundDeadLetters();
            assertThat(dead).hasSize(bad.size() + 2);
            for (int i = 0; i < bad.size(); i++) {
                TestRecord<byte[], byte[]> record = dead.get(i);
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).as(bad.get(i)).isEqualTo("key-" + i);
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(bad.get(i));
                assertThat(ConsentDriver.header(record, "__streams.errors.exception")).isNotBlank();
                assertThat(ConsentDriver.header(record, "__streams.errors.message")).isNotBlank()
                        .doesNotContain(ALICE);
            }
            assertThat(new String(dead.get(bad.size()).key(), StandardCharsets.UTF_8)).isEqualTo("binary");
            assertThat(dead.get(bad.size()).value()).containsExactly((byte) 0xff, 0x00, 0x13);
            assertThat(dead.get(bad.size() + 1).key()).isNull();
            assertThat(dead.get(bad.size() + 1).value()).isNull();
            assertThat(atLeastOnce.deadLetters()).as("the inbound dead-letter topic keeps only inbound records").isEmpty();
            assertThat(atLeastOnce.suppressed()).extracting(r -> r.value().get("requestId").asText()).containsExactly("good");
            assertThat(atLeastOnce.counters.outboundDeadLetters().count()).isEqualTo(bad.size() + 2.0);
            assertThat(atLeastOnce.counters.deadLetters().count()).isZero();
        }

        @Test
        void unreadable_inbound_records_still_go_to_the_inbound_dead_letter_topic() {
            atLeastOnce.send("k", "not json");
            assertThat(atLeastOnce.deadLetters()).hasSize(1);
            assertThat(atLeastOnce.outboundDeadLetters()).isEmpty();
        }
    }
}
