package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ConsentIds;
import com.example.whatsapp.optin.consent.RevocationTier;
import com.example.whatsapp.optin.events.ConsentReview;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.query.ReviewQueries;
import com.example.whatsapp.optin.records.ConsentRecordValidator;
import com.example.whatsapp.optin.records.ConsentRecordWriter;
import com.example.whatsapp.optin.records.ReviewStatusWriter;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.example.whatsapp.optin.http.ConsentApiTest.call;
import static com.example.whatsapp.optin.http.ConsentApiTest.json;
import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract, "Revocation in the customer's own words", the review routes, without Kafka: the reviews
 * come from an in-memory list, the records and statuses go to mock producers. Every response is
 * checked against the OpenAPI document.
 */
class ReviewRoutesTest {

    private static final String TOKEN = "unit-test-token";
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");
    private static final String ALICE = "919876543210";

    private final MockProducer<String, String> records = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final MockProducer<String, String> statuses = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final List<ConsentReview> stored = new CopyOnWriteArrayList<>();
    private final List<ConsentApi> started = new ArrayList<>();
    private boolean reviewsReadable = true;

    @AfterEach
    void stop() {
        started.forEach(ConsentApi::close);
    }

    /** The store as the API sees it: every partition's reviews, filtered and ordered as the store's query does. */
    private final ReviewQueries queries = (businessId, filter, partitions) -> !reviewsReadable
            ? new ReviewQueries.Unavailable("partition 1 is restoring")
            : new ReviewQueries.Listed(stored.stream().filter(r -> r.businessId().equals(businessId)).filter(filter::accepts)
            .sorted(ReviewQueries.NEWEST_FIRST).limit(filter.limit()).toList());

    private String start(String adminToken) {
        SettingsRegistry registry = new SettingsRegistry(List.of("STOP"));
        registry.apply("acme", ACME_SETTINGS, 1L, 0L);
        registry.settledThrough(Long.MAX_VALUE);
        ContactQueries contacts = (businessId, contactId, ownerPath, forwarded) -> new ContactQueries.Found(null, "localhost:1");
        ConsentRecordWriter writer = new ConsentRecordWriter(records, "whatsapp.consent-records",
                new ConsentRecordValidator(registry, Clock.fixed(NOW, ZoneOffset.UTC)));
        ConsentApi api = new ConsentApi(contacts, new SettingsAdmin(records, "whatsapp.optin-settings", registry,
                SettingsAdmin.IN_EFFECT_WITHIN), registry, () -> KafkaStreams.State.RUNNING, () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), adminToken, writer)
                .reviews(queries, new ReviewStatusWriter(statuses, "whatsapp.consent-reviews"))
                .start(0);
        started.add(api);
        return "http://localhost:" + api.port();
    }

    private ConsentReview review(String contactId, String messageId, String occurredAt, String text, ConsentReview.Status status) {
        ConsentReview review = new ConsentReview(ConsentIds.reviewId("acme:" + contactId, messageId), "acme", contactId,
                messageId, text, occurredAt, RevocationTier.CLEAR, "stop-messaging-me", ConsentReview.Status.OPEN,
                "2026-11-24T10:00:00.000Z", null, null);
        return status == ConsentReview.Status.OPEN ? review : review.decided(status, "2026-11-24T10:05:00.000Z", null);
    }

    private ConsentReview open(String contactId, String messageId, String occurredAt, String text) {
        ConsentReview review = review(contactId, messageId, occurredAt, text, ConsentReview.Status.OPEN);
        stored.add(review);
        return review;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("reviews").forEach(r -> ids.add(r.get("messageId").asText()));
        return ids;
    }

    @Nested
    @DisplayName("Listing the review queue")
    class Listing {

        @Test
        void open_reviews_are_listed_newest_message_first_with_the_text_as_written() {
            String base = start(TOKEN);
            open(ALICE, "m1", "2026-11-24T09:00:00.000Z", "please stop texting me");
            open("14155550100", "m2", "2026-11-24T09:30:00.000Z", "<img src=x onerror=alert(1)>stop texting me");
            stored.add(review(ALICE, "m0", "2026-11-24T09:45:00.000Z", "leave me alone", ConsentReview.Status.DISMISSED));

            var response = call("GET", base + "/v1/businesses/acme/reviews?status=OPEN", null, TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = json(response);
            assertThat(page.get("status").asText()).isEqualTo("OPEN");
            assertThat(ids(page)).containsExactly("m2", "m1");
            assertThat(page.get("reviews").get(0).get("text").asText()).isEqualTo("<img src=x onerror=alert(1)>stop texting me");
            assertThat(page.get("next").isNull()).isTrue();
        }

        @Test
        void open_is_the_default_and_all_lists_every_status() {
            String base = start(TOKEN);
            open(ALICE, "m1", "2026-11-24T09:00:00.000Z", "stop please");
            stored.add(review(ALICE, "m0", "2026-11-24T08:00:00.000Z", "leave me alone", ConsentReview.Status.OPTED_OUT));

            assertThat(ids(json(call("GET", base + "/v1/businesses/acme/reviews", null, TOKEN)))).containsExactly("m1");
            assertThat(ids(json(call("GET", base + "/v1/businesses/acme/reviews?status=ALL", null, TOKEN))))
                    .containsExactly("m1", "m0");
            assertThat(ids(json(call("GET", base + "/v1/businesses/acme/reviews?status=OPTED_OUT", null, TOKEN))))
                    .containsExactly("m0");
        }

        @Test
        void pages_follow_the_cursor_to_the_last_page_each_review_once_even_with_equal_times() {
            String base = start(TOKEN);
            for (int i = 0; i < 7; i++) {
                open(ALICE, "m" + i, "2026-11-24T09:0" + (i / 2) + ":00.000Z", "stop texting me " + i);
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                String url = base + "/v1/businesses/acme/reviews?limit=3"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                JsonNode page = json(call("GET", url, null, TOKEN));
                seen.addAll(ids(page));
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
                pages++;
                // A review that arrives meanwhile is newer: it never shifts the later pages.
                open("14155550100", "new" + pages, "2026-11-25T00:00:00.000Z", "stop");
            } while (cursor != null);

            assertThat(pages).isEqualTo(3);
            assertThat(seen).hasSize(7).doesNotHaveDuplicates();
            assertThat(seen).containsExactlyElementsOf(stored.stream().filter(r -> r.messageId().startsWith("m"))
                    .sorted(ReviewQueries.NEWEST_FIRST).map(ConsentReview::messageId).toList());
        }

        @Test
        void a_contact_filter_lists_only_that_contact_however_it_is_spelled() {
            String base = start(TOKEN);
            open(ALICE, "m1", "2026-11-24T09:00:00.000Z", "stop please");
            open("14155550100", "m2", "2026-11-24T09:30:00.000Z", "stop please");

            assertThat(ids(json(call("GET", base + "/v1/businesses/acme/reviews?contactId=%2B91%2098765-43210", null, TOKEN))))
                    .containsExactly("m1");
        }

        @Test
        void a_wrong_status_limit_or_cursor_answers_400() {
            String base = start(TOKEN) + "/v1/businesses/acme/reviews";
            assertThat(call("GET", base + "?status=open", null, TOKEN).statusCode()).isEqualTo(400);
            assertThat(call("GET", base + "?limit=0", null, TOKEN).statusCode()).isEqualTo(400);
            assertThat(call("GET", base + "?limit=501", null, TOKEN).statusCode()).isEqualTo(400);
            assertThat(call("GET", base + "?limit=ten", null, TOKEN).statusCode()).isEqualTo(400);
            assertThat(call("GET", base + "?cursor=not-a-cursor", null, TOKEN).statusCode()).isEqualTo(400);
            assertThat(call("GET", base + "?contactId=12x", null, TOKEN).statusCode()).isEqualTo(400);
        }

        @Test
        void reviews_need_the_admin_token_and_are_off_without_one() {
            open(ALICE, "m1", "2026-11-24T09:00:00.000Z", "stop please");
            String base = start(TOKEN) + "/v1/businesses/acme/reviews";
            assertThat(call("GET", base, null, null).statusCode()).isEqualTo(401);
            assertThat(call("GET", base, null, "wrong").statusCode()).isEqualTo(401);
            assertThat(call("GET", start(null) + "/v1/businesses/acme/reviews", null, TOKEN).statusCode()).isEqualTo(403);
        }

        @Test
        void a_partition_that_cannot_be_read_answers_503_never_a_partial_page() {
            String base = start(TOKEN);
            open(ALICE, "m1", "2026-11-24T09:00:00.000Z", "stop please");
            reviewsReadable = false;

            assertThat(call("GET", base + "/v1/businesses/acme/reviews", null, TOKEN).statusCode()).isEqualTo(503);
        }
    }

    @Nested
    @DisplayName("Deciding a review")
    class Deciding {

        @Test
        void opt_out_writes_the_agent_consent_record_and_the_review_status() throws Exception {
            String base = start(TOKEN);
            ConsentReview review = open(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "please stop texting me");

            var response = call("POST", base + "/v1/businesses/acme/reviews/" + review.reviewId(), "{\"decision\":\"OPT_OUT\"}", TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode decided = json(response);
            assertThat(decided.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(decided.get("reviewId").asText()).isEqualTo(review.reviewId());
            assertThat(decided.has("decidedAt")).isTrue();

            assertThat(records.history()).singleElement().satisfies(written -> {
                assertThat(written.topic()).isEqualTo("whatsapp.consent-records");
                assertThat(written.key()).isEqualTo("acme:" + ALICE);
            });
            JsonNode record = Json.mapper().readTree(records.history().get(0).value());
            assertThat(record.get("recordId").asText()).isEqualTo("review-" + review.reviewId());
            assertThat(record.get("businessId").asText()).isEqualTo("acme");
            assertThat(record.get("contactId").asText()).isEqualTo(ALICE);
            assertThat(record.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(record.get("channel").asText()).isEqualTo("AGENT");
            assertThat(record.get("occurredAt").asText()).isEqualTo("2026-11-24T09:00:00.000Z");
            assertThat(record.get("proof")).isEqualTo(Json.mapper().readTree("{\"consentText\":\"please stop texting me\","
                    + "\"source\":\"review:" + review.reviewId() + "\",\"capturedBy\":\"console\"}"));

            List<ProducerRecord<String, String>> written = statuses.history();
            assertThat(written).singleElement().satisfies(s -> {
                assertThat(s.topic()).isEqualTo("whatsapp.consent-reviews");
                assertThat(s.key()).isEqualTo("acme:" + ALICE);
            });
            JsonNode status = Json.mapper().readTree(written.get(0).value());
            assertThat(status.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(status.get("decidedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(status.get("text").asText()).isEqualTo("please stop texting me");
        }

        @Test
        void the_note_is_who_captured_the_opt_out() throws Exception {
            String base = start(TOKEN);
            ConsentReview review = open(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "stop please");

            assertThat(call("POST", base + "/v1/businesses/acme/reviews/" + review.reviewId(),
                    "{\"decision\":\"OPT_OUT\",\"note\":\"agent maria\"}", TOKEN).statusCode()).isEqualTo(200);

            assertThat(Json.mapper().readTree(records.history().get(0).value()).at("/proof/capturedBy").asText())
                    .isEqualTo("agent maria");
            assertThat(Json.mapper().readTree(statuses.history().get(0).value()).get("note").asText()).isEqualTo("agent maria");
        }

        @Test
        void dismiss_writes_only_the_review_status_and_consent_does_not_change() throws Exception {
            String base = start(TOKEN);
            ConsentReview review = open(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "leave me alone");

            var response = call("POST", base + "/v1/businesses/acme/reviews/" + review.reviewId(), "{\"decision\":\"DISMISS\"}", TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("status").asText()).isEqualTo("DISMISSED");
            assertThat(records.history()).isEmpty();
            assertThat(Json.mapper().readTree(statuses.history().get(0).value()).get("status").asText()).isEqualTo("DISMISSED");
        }

        @Test
        void deciding_a_decided_review_answers_409_and_writes_nothing() {
            String base = start(TOKEN);
            ConsentReview decided = review(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "stop", ConsentReview.Status.DISMISSED);
            stored.add(decided);

            assertThat(call("POST", base + "/v1/businesses/acme/reviews/" + decided.reviewId(), "{\"decision\":\"OPT_OUT\"}", TOKEN)
                    .statusCode()).isEqualTo(409);
            assertThat(records.history()).isEmpty();
            assertThat(statuses.history()).isEmpty();
        }

        @Test
        void an_unknown_review_or_another_business_s_answers_404() {
            String base = start(TOKEN);
            ConsentReview review = open(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "stop");

            assertThat(call("POST", base + "/v1/businesses/acme/reviews/nope", "{\"decision\":\"DISMISS\"}", TOKEN).statusCode())
                    .isEqualTo(404);
            assertThat(call("POST", base + "/v1/businesses/globex/reviews/" + review.reviewId(), "{\"decision\":\"DISMISS\"}", TOKEN)
                    .statusCode()).isEqualTo(404);
        }

        @Test
        void a_body_that_is_no_decision_answers_400() {
            String base = start(TOKEN);
            ConsentReview review = open(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "stop");
            String url = base + "/v1/businesses/acme/reviews/" + review.reviewId();

            for (String body : List.of("", "[]", "{}", "{\"decision\":\"opt_out\"}", "{\"decision\":\"OPT_OUT\",\"note\":3}",
                    "{\"decision\":\"OPT_OUT\",\"note\":\"\"}", "{\"decision\":\"OPT_OUT\",\"reason\":\"x\"}")) {
                assertThat(call("POST", url, body, TOKEN).statusCode()).as(body).isEqualTo(400);
            }
            assertThat(records.history()).isEmpty();
            assertThat(statuses.history()).isEmpty();
        }

        @Test
        void deciding_needs_the_admin_token() {
            String base = start(TOKEN);
            ConsentReview review = open(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "stop");

            assertThat(call("POST", base + "/v1/businesses/acme/reviews/" + review.reviewId(), "{\"decision\":\"DISMISS\"}", null)
                    .statusCode()).isEqualTo(401);
            assertThat(statuses.history()).isEmpty();
        }
    }

    @Nested
    @DisplayName("The contact lookup")
    class Lookup {

        @Test
        void the_lookup_shows_the_contact_s_open_review_without_its_text() {
            String base = start(TOKEN);
            ConsentReview review = open(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "please stop texting me");

            JsonNode contact = json(call("GET", base + "/v1/businesses/acme/contacts/" + ALICE, null, null));

            JsonNode shown = contact.get("openReview");
            assertThat(shown.get("reviewId").asText()).isEqualTo(review.reviewId());
            assertThat(shown.get("messageId").asText()).isEqualTo("wamid.1");
            assertThat(shown.get("tier").asText()).isEqualTo("CLEAR");
            assertThat(shown.get("rule").asText()).isEqualTo("stop-messaging-me");
            assertThat(shown.has("text")).isFalse();
        }

        @Test
        void the_lookup_shows_null_without_an_open_review_and_leaves_it_out_when_the_reviews_cannot_be_read() {
            String base = start(TOKEN);
            stored.add(review(ALICE, "wamid.1", "2026-11-24T09:00:00.000Z", "stop", ConsentReview.Status.DISMISSED));

            JsonNode contact = json(call("GET", base + "/v1/businesses/acme/contacts/" + ALICE, null, null));
            assertThat(contact.get("openReview").isNull()).isTrue();

            reviewsReadable = false;
            var response = call("GET", base + "/v1/businesses/acme/contacts/" + ALICE, null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).has("openReview")).isFalse();
        }
    }
}
