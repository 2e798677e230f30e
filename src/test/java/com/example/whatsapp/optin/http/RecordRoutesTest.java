package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.records.ConsentRecordValidator;
import com.example.whatsapp.optin.records.ConsentRecordWriter;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static com.example.whatsapp.optin.http.ConsentApiTest.call;
import static com.example.whatsapp.optin.http.ConsentApiTest.json;
import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The v2 routes without Kafka: consent records written to a mock producer after the one
 * validator, the contact lookup's marketing fields and the history. Every response is checked
 * against the OpenAPI document.
 */
class RecordRoutesTest {

    private static final String TOKEN = "unit-test-token";
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");
    private static final String PROOF = "{\"consentText\":\"Yes, offers from Acme Store on WhatsApp.\",\"source\":\"https://acme.example\","
            + "\"extra\":\"kept\"}";

    private final MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final List<ConsentApi> started = new ArrayList<>();
    private ContactQueries.Answer answer = new ContactQueries.Found(null, "localhost:1");

    @AfterEach
    void stop() {
        started.forEach(ConsentApi::close);
    }

    private String start(String adminToken) {
        SettingsRegistry registry = new SettingsRegistry(List.of("STOP"));
        registry.apply("acme", ACME_SETTINGS, 1L, 0L);
        registry.settledThrough(Long.MAX_VALUE);
        ContactQueries queries = (businessId, contactId, ownerPath, forwarded) -> answer;
        ConsentRecordWriter writer = new ConsentRecordWriter(producer, "whatsapp.consent-records",
                new ConsentRecordValidator(registry, Clock.fixed(NOW, ZoneOffset.UTC)));
        ConsentApi api = new ConsentApi(queries, new SettingsAdmin(producer, "whatsapp.optin-settings", registry,
                SettingsAdmin.IN_EFFECT_WITHIN), registry, () -> KafkaStreams.State.RUNNING, () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), adminToken, writer).start(0);
        started.add(api);
        return "http://localhost:" + api.port();
    }

    private static String record(String recordId, String contactId, String status) {
        return "{\"recordId\":\"" + recordId + "\",\"contactId\":\"" + contactId + "\",\"status\":\"" + status
                + "\",\"channel\":\"WEBSITE_FORM\",\"occurredAt\":\"2026-11-20T09:30:00Z\",\"proof\":" + PROOF + "}";
    }

    @Nested
    class ConsentRecords {

        @Test
        void valid_records_are_written_keyed_by_contact_and_answered_202_with_their_ids() throws Exception {
            String url = start(TOKEN) + "/v1/businesses/acme/consent-records";
            var response = call("POST", url, "[" + record("r1", "+91 98765-43210", "OPTED_IN") + ","
                    + record("r2", "14155550100", "OPTED_OUT") + "]", TOKEN);
            assertThat(response.statusCode()).isEqualTo(202);
            JsonNode body = json(response);
            assertThat(body.get("accepted").asInt()).isEqualTo(2);
            assertThat(body.get("recordIds")).extracting(JsonNode::asText).containsExactly("r1", "r2");
            List<ProducerRecord<String, String>> written = producer.history();
            assertThat(written).extracting(ProducerRecord::topic).containsOnly("whatsapp.consent-records");
            assertThat(written).extracting(ProducerRecord::key).containsExactly("acme:919876543210", "acme:14155550100");
            JsonNode first = Json.mapper().readTree(written.get(0).value());
            assertThat(first.get("businessId").asText()).isEqualTo("acme");
            assertThat(first.get("proof")).isEqualTo(Json.mapper().readTree(PROOF));

            assertThat(call("POST", url, record("r3", "919876543210", "OPTED_IN"), TOKEN).statusCode())
                    .as("one record, not in an array").isEqualTo(202);
        }

        @Test
        void any_invalid_record_answers_400_with_every_problem_per_record_and_nothing_is_written() {
            String url = start(TOKEN) + "/v1/businesses/acme/consent-records";
            var response = call("POST", url, "[" + record("ok", "919876543210", "OPTED_IN") + ","
                    + record("bad", "12x", "MAYBE") + ","
                    + record("no-whatsapp", "919876543210", "OPTED_IN").replace("on WhatsApp", "by email") + ","
                    + "{\"businessId\":\"globex\",\"recordId\":\"other\",\"contactId\":\"919876543210\",\"status\":\"OPTED_OUT\","
                    + "\"channel\":\"SMS\",\"occurredAt\":1764000000}]", TOKEN);
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode records = json(response).get("records");
            assertThat(records).hasSize(3);
            assertThat(records.get(0).get("index").asInt()).isEqualTo(1);
            assertThat(records.get(0).get("recordId").asText()).isEqualTo("bad");
            assertThat(records.get(0).get("problems")).extracting(JsonNode::asText).containsExactly(
                    "contactId is not a WhatsApp id (5 to 20 digits)", "status must be OPTED_IN or OPTED_OUT");
            assertThat(records.get(1).get("problems")).extracting(JsonNode::asText)
                    .containsExactly("proof.consentText does not mention WhatsApp");
            assertThat(records.get(2).get("problems")).extracting(JsonNode::asText)
                    .containsExactly("businessId must be the path's, acme");
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void each_problem_of_a_400_names_its_field_and_rule_beside_its_message() {
            String url = start(TOKEN) + "/v1/businesses/acme/consent-records";
            var response = call("POST", url, "[" + record("bad", "12x", "MAYBE") + ","
                    + record("no-whatsapp", "919876543210", "OPTED_IN").replace("on WhatsApp", "by email") + "]", TOKEN);
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode records = json(response).get("records");
            assertThat(records.get(0).get("details")).extracting(p -> p.get("field").asText(), p -> p.get("rule").asText(),
                    p -> p.get("message").asText()).containsExactly(
                    tuple("contactId", "contactId", "contactId is not a WhatsApp id (5 to 20 digits)"),
                    tuple("status", "status", "status must be OPTED_IN or OPTED_OUT"));
            assertThat(records.get(1).get("details")).extracting(p -> p.get("field").asText(), p -> p.get("rule").asText())
                    .containsExactly(tuple("proof.consentText", "proof-whatsapp"));
        }

        @Test
        void a_body_that_is_no_record_or_too_many_is_400() {
            String url = start(TOKEN) + "/v1/businesses/acme/consent-records";
            assertThat(json(call("POST", url, "not json", TOKEN)).get("error").asText()).isEqualTo("the body is not valid JSON");
            assertThat(json(call("POST", url, "[]", TOKEN)).get("error").asText()).isEqualTo("the body must hold 1 to 1000 records");
            String many = "[" + String.join(",", java.util.Collections.nCopies(1001, record("r", "919876543210", "OPTED_OUT"))) + "]";
            assertThat(call("POST", url, many, TOKEN).statusCode()).isEqualTo(400);
            assertThat(call("POST", start(TOKEN) + "/v1/businesses/ac:me/consent-records", record("r", "919876543210", "OPTED_OUT"),
                    TOKEN).statusCode()).isEqualTo(400);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void writing_records_needs_the_admin_token() {
            String url = start(TOKEN) + "/v1/businesses/acme/consent-records";
            assertThat(call("POST", url, record("r", "919876543210", "OPTED_OUT"), null).statusCode()).isEqualTo(401);
            assertThat(call("POST", url, record("r", "919876543210", "OPTED_OUT"), "wrong").statusCode()).isEqualTo(401);
            assertThat(call("POST", start(null) + "/v1/businesses/acme/consent-records", record("r", "919876543210", "OPTED_OUT"),
                    TOKEN).statusCode()).isEqualTo(403);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void kafka_refusing_the_write_is_503_with_retry_after() {
            String url = start(TOKEN) + "/v1/businesses/acme/consent-records";
            producer.sendException = new KafkaException("the broker is away");
            var response = call("POST", url, record("r", "919876543210", "OPTED_OUT"), TOKEN);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Nested
    class Contacts {

        private ContactConsent decided() {
            ConsentDecider decider = new ConsentDecider();
            ContactConsent c = decider.decide(null, ConsentRequest.record("acme", "919876543210", "web-1", 1_764_000_000_000L,
                    Direction.OPT_IN, Trigger.WEBSITE_FORM, PROOF, null), 1_764_000_001_000L).state();
            c = decider.decide(c, ConsentRequest.marketingPreference("acme", "919876543210", "stop", 1_764_000_300L),
                    1_764_000_301_000L).state();
            return decider.decide(c, new ConsentRequest("acme", "919876543210", "wamid.1", 1_764_000_600_000L, Direction.OPT_OUT,
                    Trigger.KEYWORD, "STOP", null), 1_764_000_601_000L).state();
        }

        @Test
        void the_lookup_shows_the_marketing_status_and_when_it_changed() {
            answer = new ContactQueries.Found(decided(), "here:8080");
            JsonNode contact = json(call("GET", start(TOKEN) + "/v1/businesses/acme/contacts/919876543210", null, null));
            assertThat(contact.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(contact.get("marketingStatus").asText()).isEqualTo("OPTED_OUT");
            assertThat(contact.get("marketingChangedAt").asText()).isEqualTo("2025-11-24T16:05:00.000Z");
            assertThat(contact.get("sourceRecordId").isNull()).isTrue();
        }

        @Test
        void an_unknown_contact_has_an_unknown_marketing_status_and_an_empty_history() {
            String base = start(TOKEN);
            JsonNode contact = json(call("GET", base + "/v1/businesses/acme/contacts/919876543210", null, null));
            assertThat(contact.get("marketingStatus").asText()).isEqualTo("UNKNOWN");
            assertThat(contact.get("marketingChangedAt").isNull()).isTrue();
            assertThat(json(call("GET", base + "/v1/businesses/acme/contacts/919876543210/history", null, null))
                    .get("changes")).isEmpty();
        }

        @Test
        void the_history_lists_both_scopes_newest_first_with_source_ids_and_proof() throws Exception {
            answer = new ContactQueries.Found(decided(), "here:8080");
            var response = call("GET", start(TOKEN) + "/v1/businesses/acme/contacts/+91%2098765-43210/history", null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(ConsentApi.SERVED_BY_HEADER)).contains("here:8080");
            JsonNode changes = json(response).get("changes");
            assertThat(changes).extracting(c -> c.get("scope").asText() + " " + c.get("status").asText() + " " + c.get("trigger").asText())
                    .containsExactly("ALL OPTED_OUT KEYWORD", "MARKETING OPTED_OUT USER_PREFERENCES", "ALL OPTED_IN WEBSITE_FORM");
            assertThat(changes.get(0).get("sourceMessageId").asText()).isEqualTo("wamid.1");
            assertThat(changes.get(0).get("keyword").asText()).isEqualTo("STOP");
            assertThat(changes.get(0).get("previousStatus").asText()).isEqualTo("OPTED_IN");
            assertThat(changes.get(2).get("sourceRecordId").asText()).isEqualTo("web-1");
            assertThat(changes.get(2).get("proof")).isEqualTo(Json.mapper().readTree(PROOF));
            assertThat(changes.get(2).get("processedAt").asText()).isEqualTo("2025-11-24T16:00:01.000Z");
        }

        @Test
        void the_history_answers_503_while_the_contact_moves() {
            answer = new ContactQueries.Unavailable("the contact's partition is moving");
            var response = call("GET", start(TOKEN) + "/v1/businesses/acme/contacts/919876543210/history", null, null);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
    }
}
