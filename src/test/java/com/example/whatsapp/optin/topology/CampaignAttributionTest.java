package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.CampaignCounts;
import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.consent.StatusCounts;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static com.example.whatsapp.optin.topology.Messages.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract's "Campaign attribution" and the suppression list's summary, through the production topology. */
class CampaignAttributionTest {

    private static final String ACME = "acme";
    private static final String ALICE = "919876543210";
    private static final String BOB = "447700900123";
    /** The driver's clock: every request is decided (approved) now. */
    private static final long NOW_SECONDS = ConsentDriver.NOW.getEpochSecond();
    private static final long DAY = Duration.ofDays(1).toSeconds();

    private final ConsentDriver driver = new ConsentDriver();

    @BeforeEach
    void settings() {
        driver.putSettings(ACME, """
                {"businessName": "Acme Store", "optOut": {"keywords": ["STOP"]},
                 "optIn": {"enabled": true, "keywords": ["JOIN"]}, "outbound": {"requireOptIn": false}}""");
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static String request(String requestId, String category, String contactId, String campaignId, String template) {
        String message = template == null
                ? "{\"messaging_product\":\"whatsapp\",\"to\":" + quote(contactId) + ",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}"
                : "{\"messaging_product\":\"whatsapp\",\"to\":" + quote(contactId) + ",\"type\":\"template\",\"template\":{\"name\":"
                + quote(template) + ",\"language\":{\"code\":\"en_US\"}}}";
        return "{\"requestId\":" + quote(requestId) + ",\"businessId\":\"acme\",\"category\":" + quote(category)
                + (campaignId == null ? "" : ",\"campaignId\":" + quote(campaignId)) + ",\"message\":" + message + "}";
    }

    private void send(String requestId, String category, String contactId, String campaignId, String template) {
        driver.request(ACME + ":" + contactId, request(requestId, category, contactId, campaignId, template));
    }

    private void stop(String contactId, String messageId, long epochSeconds) {
        driver.text(ACME, contactId, messageId, epochSeconds, "STOP");
    }

    private static String preference(String contactId, String value, long epochSeconds) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"user_preferences",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"acme"},
                  "user_preferences":[{"wa_id":%s,"category":"marketing_messages","value":%s,"timestamp":%d}]}}]}]}"""
                .formatted(quote(contactId), quote(value), epochSeconds);
    }

    private List<JsonNode> events() {
        return driver.events().stream().map(TestRecord::value).toList();
    }

    private JsonNode onlyEvent() {
        List<JsonNode> events = events();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private CampaignCounts campaign(String key) {
        WindowStore<String, CampaignCounts> store = driver.driver.getWindowStore(TopologyNames.CAMPAIGNS_PER_DAY_STORE);
        CampaignCounts sum = CampaignCounts.ZERO;
        try (WindowStoreIterator<CampaignCounts> days = store.fetch(key, 0L, Long.MAX_VALUE / 2)) {
            while (days.hasNext()) {
                KeyValue<Long, CampaignCounts> day = days.next();
                sum = sum.plus(day.value);
            }
        }
        return sum;
    }

    @Nested
    @DisplayName("Campaign attribution")
    class Attribution {

        @Test
        void an_opt_out_after_an_approved_campaign_message_carries_that_request() {
            send("req-1", "MARKETING", ALICE, "spring-2026", "spring_sale");
            stop(ALICE, "wamid.1", NOW_SECONDS + 3600);
            JsonNode attribution = onlyEvent().get("attribution");
            assertThat(attribution.get("requestId").asText()).isEqualTo("req-1");
            assertThat(attribution.get("campaignId").asText()).isEqualTo("spring-2026");
            assertThat(attribution.get("templateName").asText()).isEqualTo("spring_sale");
            assertThat(attribution.get("category").asText()).isEqualTo("MARKETING");
            assertThat(attribution.get("approvedAt").asText()).isEqualTo("2026-11-24T10:15:30.123Z");
        }

        @Test
        void the_last_approved_marketing_or_utility_request_counts_and_other_categories_do_not() {
            send("req-1", "MARKETING", ALICE, "first", null);
            send("req-2", "UTILITY", ALICE, null, "order_update");
            send("req-3", "SERVICE", ALICE, "service", null);
            send("req-4", "AUTHENTICATION", ALICE, "otp", "otp_code");
            stop(ALICE, "wamid.1", NOW_SECONDS + 60);
            JsonNode attribution = onlyEvent().get("attribution");
            assertThat(attribution.get("requestId").asText()).isEqualTo("req-2");
            assertThat(attribution.get("campaignId").isNull()).isTrue();
            assertThat(attribution.get("templateName").asText()).isEqualTo("order_update");
            assertThat(attribution.get("category").asText()).isEqualTo("UTILITY");
        }

        @Test
        void a_suppressed_request_is_not_remembered() {
            send("req-1", "MARKETING", ALICE, "kept", null);
            driver.text(ACME, ALICE, "wamid.m", NOW_SECONDS - 10, "STOP");
            assertThat(onlyEvent().get("attribution").isNull()).isTrue();
            send("req-2", "MARKETING", ALICE, "held-back", null);
            assertThat(driver.suppressed()).hasSize(1);
            driver.text(ACME, ALICE, "wamid.join", NOW_SECONDS + 10, "JOIN");
            stop(ALICE, "wamid.2", NOW_SECONDS + 20);
            List<JsonNode> events = events();
            assertThat(events).hasSize(2);
            assertThat(events.get(1).get("attribution").get("requestId").asText()).isEqualTo("req-1");
            assertThat(campaign("acme:cheld-back")).isEqualTo(new CampaignCounts(0, 1, 0));
        }

        @Test
        void an_approval_older_than_7_days_before_the_opt_out_is_not_its_cause() {
            send("req-1", "MARKETING", ALICE, "old", null);
            send("req-2", "MARKETING", BOB, "old", null);
            stop(ALICE, "wamid.a", NOW_SECONDS + 7 * DAY + 1);
            stop(BOB, "wamid.b", NOW_SECONDS + 7 * DAY);
            List<JsonNode> events = events();
            assertThat(events.get(0).get("attribution").isNull()).isTrue();
            assertThat(events.get(1).get("attribution").get("requestId").asText()).isEqualTo("req-2");
        }

        @Test
        void an_opt_out_that_occurred_before_the_approval_is_not_attributed_to_it() {
            send("req-1", "MARKETING", ALICE, "later", null);
            stop(ALICE, "wamid.a", NOW_SECONDS - 60);
            assertThat(onlyEvent().get("attribution").isNull()).isTrue();
        }

        @Test
        void a_marketing_stop_is_attributed_like_an_opt_out() {
            send("req-1", "MARKETING", ALICE, "promo", null);
            driver.send(null, preference(ALICE, "stop", NOW_SECONDS + 5));
            JsonNode event = onlyEvent();
            assertThat(event.get("scope").asText()).isEqualTo("MARKETING");
            assertThat(event.get("attribution").get("requestId").asText()).isEqualTo("req-1");
            driver.send(null, preference(ALICE, "resume", NOW_SECONDS + 6));
            assertThat(onlyEvent().get("attribution").isNull()).isTrue();
        }

        @Test
        void an_opt_in_never_carries_an_attribution() {
            send("req-1", "MARKETING", ALICE, "promo", null);
            driver.text(ACME, ALICE, "wamid.j", NOW_SECONDS + 5, "JOIN");
            assertThat(onlyEvent().get("attribution").isNull()).isTrue();
        }

        @Test
        void a_redelivered_opt_out_is_counted_once() {
            send("req-1", "MARKETING", ALICE, "promo", null);
            stop(ALICE, "wamid.1", NOW_SECONDS + 5);
            stop(ALICE, "wamid.1", NOW_SECONDS + 5);
            assertThat(onlyEvent().get("attribution").get("requestId").asText()).isEqualTo("req-1");
            assertThat(campaign("acme:cpromo")).isEqualTo(new CampaignCounts(1, 0, 1));
        }

        @Test
        void the_campaign_counts_name_a_campaign_by_its_id_else_by_its_template() {
            send("req-1", "MARKETING", ALICE, null, "spring_sale");
            send("req-2", "MARKETING", BOB, "spring_sale", null);
            send("req-3", "UTILITY", BOB, null, null);
            stop(ALICE, "wamid.a", NOW_SECONDS + 5);
            assertThat(campaign("acme:tspring_sale")).isEqualTo(new CampaignCounts(1, 0, 1));
            assertThat(campaign("acme:cspring_sale")).isEqualTo(new CampaignCounts(1, 0, 0));
        }

        @Test
        void a_campaign_id_of_the_wrong_type_or_length_makes_the_request_unreadable() {
            // TopologyTestDriver drops dead-letter records under exactly-once (see ConsentTopologyTest.DeadLetters).
            try (ConsentDriver atLeastOnce = new ConsentDriver(java.util.Map.of("processing.guarantee", "at_least_once"))) {
                atLeastOnce.putSettings(ACME, ACME_SETTINGS.replace("\"businessName\"",
                        "\"outbound\": {\"requireOptIn\": false}, \"businessName\""));
                atLeastOnce.request("acme:" + ALICE, request("r", "MARKETING", ALICE, "", null));
                atLeastOnce.request("acme:" + ALICE, request("r", "MARKETING", ALICE, "x".repeat(129), null));
                atLeastOnce.request("acme:" + ALICE, "{\"requestId\":\"r\",\"businessId\":\"acme\",\"category\":\"MARKETING\","
                        + "\"campaignId\":7,\"message\":{\"to\":\"" + ALICE + "\"}}");
                atLeastOnce.request("acme:" + ALICE, request("r-ok", "MARKETING", ALICE, "x".repeat(128), null));
                atLeastOnce.request("acme:" + ALICE, "{\"requestId\":\"r-null\",\"businessId\":\"acme\",\"category\":\"MARKETING\","
                        + "\"campaignId\":null,\"message\":{\"to\":\"" + ALICE + "\"}}");
                assertThat(atLeastOnce.outboundDeadLetters()).hasSize(3);
                List<TestRecord<String, JsonNode>> approved = atLeastOnce.approved();
                assertThat(approved).extracting(r -> r.value().path("campaignId").asText("absent"))
                        .containsExactly("x".repeat(128), "absent");
            }
        }
    }

    @Nested
    @DisplayName("The suppression list and its export: the summary")
    class Summary {

        private StatusCounts summary() {
            KeyValueStore<String, StatusCounts> store = driver.driver.getKeyValueStore(TopologyNames.CONTACTS_PER_STATUS_STORE);
            StatusCounts counts = store.get(ACME);
            return counts == null ? StatusCounts.ZERO : counts;
        }

        @Test
        void counts_each_contact_once_in_its_current_status_of_each_scope() {
            stop(ALICE, "wamid.1", NOW_SECONDS);
            stop(BOB, "wamid.2", NOW_SECONDS);
            driver.text(ACME, BOB, "wamid.3", NOW_SECONDS + 1, "JOIN");
            stop(BOB, "wamid.2", NOW_SECONDS);
            driver.send(null, preference(ALICE, "stop", NOW_SECONDS + 2));
            assertThat(summary()).isEqualTo(new StatusCounts(1, 1, 0, 1));
            driver.send(null, preference(ALICE, "resume", NOW_SECONDS + 3));
            assertThat(summary()).isEqualTo(new StatusCounts(1, 1, 1, 0));
        }
    }

    @Test
    void campaign_counts_are_kept_by_utc_day_of_the_decision() {
        send("req-1", "MARKETING", ALICE, "promo", null);
        WindowStore<String, CampaignCounts> store = driver.driver.getWindowStore(TopologyNames.CAMPAIGNS_PER_DAY_STORE);
        assertThat(store.fetch("acme:cpromo", DailyCounts.dayStart(ConsentDriver.NOW.toEpochMilli())))
                .isEqualTo(new CampaignCounts(1, 0, 0));
    }
}
