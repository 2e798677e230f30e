package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.CampaignCounts;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.StatusCounts;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.query.SuppressionQueries;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.example.whatsapp.optin.http.ConsentApiTest.call;
import static com.example.whatsapp.optin.http.ConsentApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The v3 routes without Kafka: the queries are a stand-in; every response is checked against openapi.json. */
class SuppressionRoutesTest {

    private static final String TOKEN = "unit-test-token";
    private static final ContactConsent OUT = new ContactConsent(ConsentStatus.OPTED_OUT, 1_764_000_000_000L, Trigger.KEYWORD,
            "STOP", "wamid.1", 1_764_000_000_000L, List.of(new ContactConsent.DecidedMessage("wamid.1", 1_764_000_000_000L)));

    private final List<String> asked = new ArrayList<>();
    private SuppressionQueries.Answer<SuppressionQueries.Page> page;
    private SuppressionQueries.Answer<Map<String, CampaignCounts>> campaigns;
    private ConsentApi api;
    private String base;

    @BeforeEach
    void start() {
        SettingsRegistry registry = new SettingsRegistry(List.of("STOP"));
        registry.settledThrough(Long.MAX_VALUE);
        ContactQueries contacts = (b, c, p, f) -> new ContactQueries.Found(null, "localhost:1");
        api = new ConsentApi.Builder(contacts, new SettingsAdmin(new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer()), "whatsapp.optin-settings", registry, SettingsAdmin.IN_EFFECT_WITHIN), registry,
                () -> KafkaStreams.State.RUNNING, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .adminToken(TOKEN)
                .suppression(new SuppressionQueries() {
                    @Override
                    public Answer<Page> page(String businessId, Filter filter, String after, int limit, String relayPath,
                                             String authorization, Optional<Set<Integer>> partitions) {
                        asked.add(businessId + " " + filter + " after=" + after + " limit=" + limit + " " + authorization);
                        return page;
                    }

                    @Override
                    public Answer<StatusCounts> summary(String businessId, Optional<Set<Integer>> partitions) {
                        return new Answered<>(new StatusCounts(3, 5, 1, 2));
                    }

                    @Override
                    public Answer<Map<String, CampaignCounts>> campaigns(String businessId, LocalDate from, LocalDate to,
                                                                         String authorization, Optional<Set<Integer>> partitions) {
                        asked.add(businessId + " " + from + ".." + to + " " + authorization);
                        return campaigns;
                    }
                }).build().start(0);
        base = "http://localhost:" + api.port() + "/v1/businesses/acme";
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Nested
    @DisplayName("The suppression list and its export")
    class List_ {

        @Test
        void a_page_lists_each_contact_s_lookup_body_and_the_cursor_of_the_next() {
            page = new SuppressionQueries.Answered<>(new SuppressionQueries.Page(List.of(
                    new SuppressionQueries.Item("14155550100", OUT.current(), null),
                    new SuppressionQueries.Item("919876543210", OUT.current(), null)), true));
            HttpResponse<String> first = call("GET", base + "/contacts", null, TOKEN);
            assertThat(first.statusCode()).isEqualTo(200);
            JsonNode body = json(first);
            assertThat(body.get("contacts")).hasSize(2);
            assertThat(body.get("contacts").get(0).get("contactId").asText()).isEqualTo("14155550100");
            assertThat(body.get("contacts").get(0).get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(body.get("contacts").get(0).get("keyword").asText()).isEqualTo("STOP");
            assertThat(asked).containsExactly("acme Filter[scope=ALL, status=OPTED_OUT, changedSinceMillis=null] after=null limit=1000"
                    + " Bearer " + TOKEN);

            page = new SuppressionQueries.Answered<>(new SuppressionQueries.Page(List.of(), false));
            String next = body.get("next").asText();
            HttpResponse<String> second = call("GET", base + "/contacts?cursor=" + next + "&limit=2&status=OPTED_IN&scope=MARKETING"
                    + "&changedSince=2026-11-24T10:00:00Z", null, TOKEN);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(json(second).get("next").isNull()).isTrue();
            assertThat(asked.get(1)).startsWith("acme Filter[scope=MARKETING, status=OPTED_IN, changedSinceMillis=" + java.time.Instant.parse("2026-11-24T10:00:00Z").toEpochMilli() + "]"
                    + " after=919876543210 limit=2");
        }

        @Test
        void the_list_needs_the_admin_token() {
            page = new SuppressionQueries.Answered<>(new SuppressionQueries.Page(List.of(), false));
            assertThat(call("GET", base + "/contacts", null, null).statusCode()).isEqualTo(401);
            assertThat(call("GET", base + "/contacts", null, "wrong").statusCode()).isEqualTo(401);
            assertThat(call("GET", base + "/campaigns", null, null).statusCode()).isEqualTo(401);
            assertThat(asked).isEmpty();
        }

        @Test
        void wrong_parameters_are_400_with_a_clear_message() {
            page = new SuppressionQueries.Answered<>(new SuppressionQueries.Page(List.of(), false));
            Map<String, String> wrong = new LinkedHashMap<>();
            wrong.put("status=UNKNOWN", "status must be one of OPTED_OUT, OPTED_IN");
            wrong.put("status=opted_out", "status must be one of OPTED_OUT, OPTED_IN");
            wrong.put("scope=SOME", "scope must be one of ALL, MARKETING");
            wrong.put("limit=0", "limit must be a whole number from 1 to 10000");
            wrong.put("limit=10001", "limit must be a whole number from 1 to 10000");
            wrong.put("limit=ten", "limit must be a whole number from 1 to 10000");
            wrong.put("changedSince=yesterday", "changedSince must be an ISO-8601 time");
            wrong.put("cursor=not-a-cursor", "cursor must be the next value of a previous page");
            wrong.forEach((query, message) -> {
                HttpResponse<String> response = call("GET", base + "/contacts?" + query, null, TOKEN);
                assertThat(response.statusCode()).as(query).isEqualTo(400);
                assertThat(json(response).get("error").asText()).as(query).startsWith(message);
            });
            assertThat(call("GET", base + "/contacts?limit=10000", null, TOKEN).statusCode()).isEqualTo(200);
            assertThat(call("GET", base + "/contacts?limit=1&changedSince=2026-11-24", null, TOKEN).statusCode()).isEqualTo(200);
            assertThat(asked).hasSize(2);
        }

        @Test
        void an_unreadable_partition_is_503_never_a_partial_page() {
            page = new SuppressionQueries.Unavailable<>("the contacts of partition 3 are not ready");
            HttpResponse<String> response = call("GET", base + "/contacts", null, TOKEN);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }

        @Test
        void the_summary_counts_each_status_in_each_scope() {
            JsonNode body = json(call("GET", base + "/summary", null, null));
            assertThat(body.get("ALL").get("OPTED_IN").asLong()).isEqualTo(3);
            assertThat(body.get("ALL").get("OPTED_OUT").asLong()).isEqualTo(5);
            assertThat(body.get("MARKETING").get("OPTED_IN").asLong()).isEqualTo(1);
            assertThat(body.get("MARKETING").get("OPTED_OUT").asLong()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("Campaign attribution")
    class Campaigns {

        @Test
        void campaigns_come_highest_opt_out_rate_first_named_by_campaign_id_else_template() {
            Map<String, CampaignCounts> counts = new LinkedHashMap<>();
            counts.put("acme:cspring", new CampaignCounts(100, 5, 2));
            counts.put("acme:tweekly_digest", new CampaignCounts(10, 0, 3));
            counts.put("acme:corphan", new CampaignCounts(0, 0, 1));
            counts.put("acme:cquiet", new CampaignCounts(50, 1, 0));
            campaigns = new SuppressionQueries.Answered<>(counts);
            HttpResponse<String> response = call("GET", base + "/campaigns?days=7&to=2026-11-24", null, TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("campaigns")).extracting(c -> c.get("campaign").asText())
                    .containsExactly("weekly_digest", "spring", "quiet", "orphan");
            JsonNode top = body.get("campaigns").get(0);
            assertThat(top.get("campaignId").isNull()).isTrue();
            assertThat(top.get("templateName").asText()).isEqualTo("weekly_digest");
            assertThat(top.get("optOutRate").asDouble()).isEqualTo(0.3);
            assertThat(body.get("campaigns").get(3).get("optOutRate").isNull()).isTrue();
            assertThat(asked).containsExactly("acme 2026-11-18..2026-11-24 Bearer " + TOKEN);
        }

        @Test
        void days_must_be_1_to_90() {
            campaigns = new SuppressionQueries.Answered<>(Map.of());
            for (String days : List.of("0", "91", "x")) {
                HttpResponse<String> response = call("GET", base + "/campaigns?days=" + days, null, TOKEN);
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(json(response).get("error").asText()).startsWith("days must be a whole number from 1 to 90");
            }
            assertThat(call("GET", base + "/campaigns?days=90", null, TOKEN).statusCode()).isEqualTo(200);
            assertThat(json(call("GET", base + "/campaigns", null, TOKEN)).get("days").asInt()).isEqualTo(30);
        }
    }
}
