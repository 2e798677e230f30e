package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract, "Revocation in the customer's own words": the three modes with a CLEAR, a POSSIBLE and
 * an unflagged message each, as the topology routes them; the detector's own answers are the
 * contract's examples (its rules are tested on their own).
 */
class RevocationFlowTest {

    private static final String ACME = "acme";
    private static final String ALICE = "919876543210";
    private static final String ALICE_KEY = ACME + ":" + ALICE;
    private static final long T0 = 1_764_000_000L;
    private static final String CLEAR = "please stop texting me";
    private static final String POSSIBLE = "leave me alone";
    private static final String NOTHING = "can I cancel my order?";
    private static final String OPT_OUT_REPLY = "You have unsubscribed from Acme Store on WhatsApp. Reply START to subscribe again.";

    private final ConsentDriver driver = new ConsentDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    private static String settings(String reasonableMeans) {
        return """
                {"businessName": "Acme Store",
                 "optOut": {"keywords": ["STOP"], "responseEnabled": true,
                            "responseText": "You have unsubscribed from {businessName} on WhatsApp. Reply START to subscribe again."%s},
                 "optIn": {"enabled": true, "keywords": ["START", "YES"], "responseEnabled": true,
                           "responseText": "Welcome back to {businessName}."}}"""
                .formatted(reasonableMeans == null ? "" : ", \"reasonableMeans\": \"" + reasonableMeans + "\"");
    }

    private void text(String id, long timestamp, String body) {
        driver.text(ACME, ALICE, id, timestamp, body);
    }

    private void nothingOut() {
        assertThat(driver.events()).isEmpty();
        assertThat(driver.replies()).isEmpty();
        assertThat(driver.reviews()).isEmpty();
    }

    private void assertOpenReview(TestRecord<String, JsonNode> review, String id, long timestamp, String body, String tier) {
        assertThat(review.key()).isEqualTo(ALICE_KEY);
        JsonNode r = review.value();
        assertThat(r.get("reviewId").asText()).isEqualTo(ConsentIds.reviewId(ALICE_KEY, id));
        assertThat(r.get("businessId").asText()).isEqualTo(ACME);
        assertThat(r.get("contactId").asText()).isEqualTo(ALICE);
        assertThat(r.get("messageId").asText()).isEqualTo(id);
        assertThat(r.get("text").asText()).isEqualTo(body);
        assertThat(r.get("occurredAt").asText()).isEqualTo(java.time.Instant.ofEpochSecond(timestamp).toString()
                .replace("Z", ".000Z"));
        assertThat(r.get("tier").asText()).isEqualTo(tier);
        assertThat(r.get("rule").asText()).isNotBlank();
        assertThat(r.get("status").asText()).isEqualTo("OPEN");
        assertThat(r.get("createdAt").asText()).isEqualTo("2026-11-24T10:15:30.123Z");
        assertThat(r.has("decidedAt")).isFalse();
    }

    @Nested
    @DisplayName("AUTO")
    class Auto {

        @Test
        void a_clear_revocation_opts_the_contact_out_as_a_keyword_would_with_the_keyword_reply_and_an_explained_event() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.1", T0, CLEAR);

            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).hasSize(1);
            JsonNode e = events.get(0).value();
            assertThat(events.get(0).key()).isEqualTo(ALICE_KEY);
            assertThat(e.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(e.get("previousStatus").asText()).isEqualTo("UNKNOWN");
            assertThat(e.get("trigger").asText()).isEqualTo("REVOCATION");
            assertThat(e.get("keyword").isNull()).isTrue();
            assertThat(e.get("sourceMessageId").asText()).isEqualTo("wamid.1");
            assertThat(e.get("scope").asText()).isEqualTo("ALL");
            assertThat(e.get("detection").get("tier").asText()).isEqualTo("CLEAR");
            assertThat(e.get("detection").get("rule").asText()).isNotBlank();
            assertThat(e.get("detection").size()).isEqualTo(2);

            List<TestRecord<String, JsonNode>> replies = driver.replies();
            assertThat(replies).hasSize(1);
            JsonNode r = replies.get(0).value();
            assertThat(r.get("purpose").asText()).isEqualTo("OPT_OUT_CONFIRMATION");
            assertThat(r.get("consentEventId").asText()).isEqualTo(e.get("eventId").asText());
            assertThat(r.at("/message/text/body").asText()).isEqualTo(OPT_OUT_REPLY);
            assertThat(r.at("/message/context/message_id").asText()).isEqualTo("wamid.1");
            assertThat(driver.reviews()).isEmpty();
            assertThat(driver.contact(ALICE_KEY).status().name()).isEqualTo("OPTED_OUT");
        }

        @Test
        void a_clear_revocation_sends_no_reply_when_the_opt_out_response_is_off() {
            driver.putSettings(ACME, """
                    {"businessName": "Acme Store", "optOut": {"reasonableMeans": "AUTO"}}""");
            text("wamid.1", T0, CLEAR);

            assertThat(driver.events()).hasSize(1);
            assertThat(driver.replies()).isEmpty();
        }

        @Test
        void a_clear_revocation_of_a_contact_already_opted_out_changes_nothing() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.1", T0, "STOP");
            driver.events();
            driver.replies();

            text("wamid.2", T0 + 60, CLEAR);

            nothingOut();
        }

        @Test
        void a_possible_revocation_goes_to_review_and_consent_does_not_change() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.1", T0, POSSIBLE);

            assertThat(driver.events()).isEmpty();
            assertThat(driver.replies()).isEmpty();
            List<TestRecord<String, JsonNode>> reviews = driver.reviews();
            assertThat(reviews).hasSize(1);
            assertOpenReview(reviews.get(0), "wamid.1", T0, POSSIBLE, "POSSIBLE");
            assertThat(driver.contact(ALICE_KEY)).isNull();
        }

        @Test
        void a_message_that_is_no_revocation_changes_nothing() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.1", T0, NOTHING);

            nothingOut();
        }

        @Test
        void every_other_event_carries_no_detection_field() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.1", T0, "STOP");
            text("wamid.2", T0 + 60, "START");

            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).hasSize(2);
            assertThat(events).allSatisfy(e -> assertThat(e.value().has("detection")).isFalse());
        }
    }

    @Nested
    @DisplayName("Languages")
    class Languages {

        private static final String SPANISH = "por favor dejen de enviarme mensajes";

        @Test
        void a_business_hears_its_listed_language_and_answers_with_the_keyword_opt_out_reply() {
            driver.putSettings(ACME, """
                    {"businessName": "Acme Store", "languages": ["es"],
                     "optOut": {"responseEnabled": true, "responseText": "Bye from {businessName}.",
                                "responseTexts": {"es": "Adiós de {businessName}."}, "reasonableMeans": "AUTO"}}""");
            text("wamid.1", T0, SPANISH);

            assertThat(driver.events()).singleElement().satisfies(e -> assertThat(e.value().get("trigger").asText())
                    .isEqualTo("REVOCATION"));
            assertThat(driver.replies()).singleElement().satisfies(r -> assertThat(r.value().at("/message/text/body").asText())
                    .isEqualTo("Bye from Acme Store."));
        }

        @Test
        void a_language_the_business_does_not_list_is_not_heard() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.1", T0, SPANISH);

            nothingOut();
        }
    }

    @Nested
    @DisplayName("REVIEW (the default)")
    class Review {

        @Test
        void a_clear_revocation_goes_to_review_and_consent_does_not_change() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.1", T0, CLEAR);

            assertThat(driver.events()).isEmpty();
            assertThat(driver.replies()).isEmpty();
            List<TestRecord<String, JsonNode>> reviews = driver.reviews();
            assertThat(reviews).hasSize(1);
            assertOpenReview(reviews.get(0), "wamid.1", T0, CLEAR, "CLEAR");
        }

        @Test
        void a_possible_revocation_goes_to_review() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.1", T0, POSSIBLE);

            List<TestRecord<String, JsonNode>> reviews = driver.reviews();
            assertThat(reviews).hasSize(1);
            assertOpenReview(reviews.get(0), "wamid.1", T0, POSSIBLE, "POSSIBLE");
            assertThat(driver.events()).isEmpty();
        }

        @Test
        void a_message_that_is_no_revocation_changes_nothing() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.1", T0, NOTHING);

            nothingOut();
        }

        @Test
        void settings_without_the_field_review_and_so_does_a_business_without_settings() {
            driver.putSettings(ACME, settings(null));
            text("wamid.1", T0, CLEAR);
            driver.text("other", ALICE, "wamid.2", T0, CLEAR);

            List<TestRecord<String, JsonNode>> reviews = driver.reviews();
            assertThat(reviews).extracting(r -> r.value().get("businessId").asText()).containsExactly(ACME, "other");
            assertThat(driver.events()).isEmpty();
        }

        @Test
        void the_review_of_a_message_keeps_its_text_exactly_as_written() {
            driver.putSettings(ACME, settings("REVIEW"));
            String xss = "<img src=x onerror=alert(1)>stop texting me";
            text("wamid.1", T0, xss);

            assertThat(driver.reviews()).singleElement().satisfies(r -> assertThat(r.value().get("text").asText()).isEqualTo(xss));
        }
    }

    @Nested
    @DisplayName("OFF")
    class Off {

        @Test
        void a_clear_revocation_changes_nothing() {
            driver.putSettings(ACME, settings("OFF"));
            text("wamid.1", T0, CLEAR);

            nothingOut();
        }

        @Test
        void a_possible_revocation_changes_nothing() {
            driver.putSettings(ACME, settings("OFF"));
            text("wamid.1", T0, POSSIBLE);

            nothingOut();
        }

        @Test
        void a_message_that_is_no_revocation_changes_nothing_and_keywords_still_work() {
            driver.putSettings(ACME, settings("OFF"));
            text("wamid.1", T0, NOTHING);
            nothingOut();

            text("wamid.2", T0 + 1, "STOP");
            assertThat(driver.events()).singleElement().satisfies(e -> assertThat(e.value().get("trigger").asText()).isEqualTo("KEYWORD"));
        }
    }

    @Nested
    @DisplayName("Consent state and changes")
    class ConsentState {

        @Test
        void a_redelivered_flagged_message_opens_no_second_review() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.1", T0, CLEAR);
            text("wamid.1", T0, CLEAR);
            driver.send(null, Messages.text(ACME, ALICE, "wamid.1", T0, CLEAR));

            assertThat(driver.reviews()).hasSize(1);
        }

        @Test
        void a_redelivered_clear_revocation_in_auto_emits_no_second_event_or_reply() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.1", T0, CLEAR);
            text("wamid.2", T0 + 60, "START");
            driver.events();
            driver.replies();

            text("wamid.1", T0 + 120, CLEAR);

            nothingOut();
        }

        @Test
        void two_flagged_messages_open_two_reviews() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.1", T0, CLEAR);
            text("wamid.2", T0 + 60, POSSIBLE);

            assertThat(driver.reviews()).extracting(r -> r.value().get("messageId").asText())
                    .containsExactly("wamid.1", "wamid.2");
        }

        @Test
        void a_late_clear_revocation_in_auto_never_overrides_a_newer_opt_in() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.2", T0 + 60, "START");
            driver.events();
            driver.replies();

            text("wamid.1", T0, CLEAR);

            nothingOut();
            assertThat(driver.contact(ALICE_KEY).status().name()).isEqualTo("OPTED_IN");
        }

        @Test
        void a_late_flagged_message_opens_no_review_behind_a_newer_decision() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.2", T0 + 60, "START");
            driver.events();
            driver.replies();

            text("wamid.1", T0, CLEAR);

            nothingOut();
        }

        @Test
        void a_flagged_message_newer_than_the_last_decision_opens_a_review() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.1", T0, "START");
            driver.events();
            driver.replies();

            text("wamid.2", T0 + 60, CLEAR);

            assertThat(driver.reviews()).hasSize(1);
        }

        @Test
        void a_flagged_message_of_a_contact_already_opted_out_opens_no_review() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.1", T0, "STOP");
            driver.events();
            driver.replies();

            text("wamid.2", T0 + 60, CLEAR);

            nothingOut();
        }

        @Test
        void an_open_review_does_not_make_an_older_keyword_late() {
            driver.putSettings(ACME, settings("REVIEW"));
            text("wamid.2", T0 + 60, CLEAR);
            driver.reviews();

            text("wamid.1", T0, "START");

            assertThat(driver.events()).singleElement()
                    .satisfies(e -> assertThat(e.value().get("status").asText()).isEqualTo("OPTED_IN"));
        }
    }

    @Nested
    @DisplayName("Matching")
    class Matching {

        @Test
        void a_keyword_message_is_never_examined() {
            driver.putSettings(ACME, settings("AUTO"));
            text("wamid.1", T0, "stop");

            List<TestRecord<String, JsonNode>> events = driver.events();
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.value().get("trigger").asText()).isEqualTo("KEYWORD");
                assertThat(e.value().has("detection")).isFalse();
            });
            assertThat(driver.reviews()).isEmpty();
        }

        @Test
        void an_opt_in_keyword_is_never_examined_even_with_opt_in_switched_off() {
            driver.putSettings(ACME, """
                    {"businessName": "Acme Store",
                     "optOut": {"reasonableMeans": "AUTO"},
                     "optIn": {"enabled": false, "keywords": ["Please stop texting me"]}}""");
            text("wamid.1", T0, CLEAR);

            nothingOut();
        }

        @Test
        void button_and_interactive_messages_are_never_examined() {
            driver.putSettings(ACME, settings("AUTO"));
            driver.send(ALICE_KEY, Messages.button(ACME, ALICE, "wamid.1", T0, CLEAR, CLEAR));
            driver.send(ALICE_KEY, Messages.buttonReply(ACME, ALICE, "wamid.2", T0 + 1, "button_reply", CLEAR, CLEAR));
            driver.send(ALICE_KEY, Messages.buttonReply(ACME, ALICE, "wamid.3", T0 + 2, "list_reply", POSSIBLE, POSSIBLE));

            nothingOut();
        }

        @Test
        void other_message_types_are_never_examined() {
            driver.putSettings(ACME, settings("REVIEW"));
            driver.send(ALICE_KEY, "{\"businessId\":\"acme\",\"from\":\"" + ALICE + "\",\"id\":\"wamid.1\",\"timestamp\":\""
                    + T0 + "\",\"type\":\"image\",\"image\":{\"caption\":\"please stop texting me\"}}");

            nothingOut();
        }
    }
}
