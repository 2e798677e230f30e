package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.query.DailyStatsQueries;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The routes without Kafka: the contact queries are a stand-in, the settings administration
 * writes to a mock producer. Every response is checked against the OpenAPI document.
 */
class ConsentApiTest {

    private static final String TOKEN = "unit-test-token";
    private static final List<String> BUILT_IN = List.of("STOP", "OPT OUT");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final List<ConsentApi> started = new ArrayList<>();
    private ContactQueries.Answer answer = new ContactQueries.Found(null, "localhost:1");
    private final List<Boolean> forwardedFlags = new ArrayList<>();
    private final List<String> ownerPaths = new ArrayList<>();
    private DailyStatsQueries.Answer stats = new DailyStatsQueries.Counted(Map.of());
    private final List<String> statsAsked = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConsentApi::close);
    }

    private String start(String adminToken) {
        // As if a settings reader had read everything: each write is in effect at once.
        SettingsRegistry registry = new SettingsRegistry(BUILT_IN);
        registry.settledThrough(Long.MAX_VALUE);
        return start(adminToken, registry, SettingsAdmin.IN_EFFECT_WITHIN);
    }

    private String start(String adminToken, SettingsRegistry registry, Duration inEffectWithin) {
        ContactQueries queries = (businessId, contactId, ownerPath, forwarded) -> {
            forwardedFlags.add(forwarded);
            ownerPaths.add(ownerPath);
            return answer;
        };
        SettingsAdmin admin = new SettingsAdmin(producer, "whatsapp.optin-settings", registry, inEffectWithin);
        ConsentApi api = new ConsentApi(queries, admin, registry, () -> KafkaStreams.State.RUNNING,
                () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), adminToken, null,
                (businessId, from, to, partitions) -> {
                    statsAsked.add(businessId + " " + from + ".." + to + " " + partitions.map(Object::toString).orElse("all"));
                    return stats;
                }).start(0);
        started.add(api);
        return "http://localhost:" + api.port();
    }

    private String base() {
        return start(TOKEN);
    }

    static HttpResponse<String> call(String method, String url, String body, String token) {
        return OpenApiContract.send(HTTP, HttpRequest.newBuilder(URI.create(url)), method, body, token);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Nested
    class Errors {

        @Test
        void an_unknown_route_is_a_json_404() {
            HttpResponse<String> response = call("GET", base() + "/v1/nothing", null, null);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(json(response).get("error").asText()).isEqualTo("no route GET /v1/nothing");
        }

        @Test
        void a_wrong_method_is_405_with_the_allowed_ones() {
            String base = base();
            HttpResponse<String> post = call("POST", base + "/v1/businesses/acme/settings", "{}", TOKEN);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValueSatisfying(allow ->
                    assertThat(allow.split(", ")).containsExactlyInAnyOrder("GET", "PUT", "DELETE"));
            assertThat(json(post).get("error").asText()).contains("POST", "not allowed", "GET");
            HttpResponse<String> delete = call("DELETE", base + "/health/live", null, null);
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(delete.headers().firstValue("Allow")).contains("GET");
        }

        @Test
        void a_lookup_while_the_service_starts_is_503_saying_so() {
            answer = new ContactQueries.Unavailable("the service is starting");
            HttpResponse<String> response = call("GET", base() + "/v1/businesses/acme/contacts/919876543210", null, null);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains(ConsentApi.RETRY_AFTER_SECONDS);
            assertThat(json(response).get("error").asText()).isEqualTo("the service is starting");
        }

        @Test
        void a_request_that_cannot_be_parsed_is_a_json_400() throws IOException {
            URI base = URI.create(base());
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.getOutputStream().write("GET /v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/json").endsWith("{\"error\":\"Bad Request\"}");
            }
        }

        @Test
        void malformed_ids_are_json_400s() {
            String base = base();
            for (String path : List.of("/v1/businesses/acme/contacts/12ab34", "/v1/businesses/a:b/contacts/919876543210",
                    "/v1/businesses/a:b/settings")) {
                HttpResponse<String> response = call("GET", base + path, null, null);
                assertThat(response.statusCode()).as(path).isEqualTo(400);
                assertThat(json(response).get("error").asText()).as(path).containsAnyOf("businessId", "contactId");
            }
        }
    }

    @Nested
    class Access {

        @Test
        void settings_changes_need_the_token_and_say_how_to_give_it() {
            String url = base() + "/v1/businesses/acme/settings";
            for (String token : new String[]{null, "wrong", TOKEN + "x", ""}) {
                HttpResponse<String> response = call("PUT", url, ACME_SETTINGS, token);
                assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            }
            assertThat(call("DELETE", url, null, "wrong").statusCode()).isEqualTo(401);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void with_no_token_configured_settings_changes_are_403_whatever_is_given() {
            String url = start(null) + "/v1/businesses/acme/settings";
            HttpResponse<String> put = call("PUT", url, ACME_SETTINGS, TOKEN);
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(json(put).get("error").asText()).contains("optin.http.admin-token");
            assertThat(call("DELETE", url, null, null).statusCode()).isEqualTo(403);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void reading_needs_no_token() {
            String base = start(null);
            assertThat(call("GET", base + "/v1/businesses/acme/settings", null, null).statusCode()).isEqualTo(200);
            assertThat(call("GET", base + "/v1/businesses/acme/contacts/919876543210", null, null).statusCode()).isEqualTo(200);
        }

        @Test
        void the_token_is_checked_before_the_businessId() {
            assertThat(call("DELETE", base() + "/v1/businesses/a:b/settings", null, null).statusCode()).isEqualTo(401);
        }
    }

    @Nested
    class Settings {

        @Test
        void valid_settings_are_written_to_the_settings_topic() {
            HttpResponse<String> response = call("PUT", base() + "/v1/businesses/acme/settings", ACME_SETTINGS, TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("result").asText()).isEqualTo("written");
            assertThat(json(response).get("topic").asText()).isEqualTo("whatsapp.optin-settings");
            assertThat(producer.history()).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("acme");
                assertThat(record.value()).isEqualTo(ACME_SETTINGS);
            });
        }

        @Test
        void a_write_this_instance_has_not_read_back_in_time_is_a_202_saying_it_is_on_its_way() {
            // No settings reader: the registry never settles.
            String url = start(TOKEN, new SettingsRegistry(BUILT_IN), Duration.ofMillis(100)) + "/v1/businesses/acme/settings";
            HttpResponse<String> put = call("PUT", url, ACME_SETTINGS, TOKEN);
            HttpResponse<String> delete = call("DELETE", url, null, TOKEN);
            for (HttpResponse<String> response : List.of(put, delete)) {
                assertThat(response.statusCode()).isEqualTo(202);
                assertThat(json(response).get("inEffect").asBoolean()).isFalse();
                assertThat(json(response).get("message").asText()).contains("on their way");
            }
            assertThat(producer.history()).hasSize(2);
        }

        @Test
        void a_write_read_back_is_a_200_saying_it_is_in_effect() {
            HttpResponse<String> response = call("PUT", base() + "/v1/businesses/acme/settings", ACME_SETTINGS, TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("inEffect").asBoolean()).isTrue();
            assertThat(json(response).get("message").asText()).contains("in effect");
        }

        @Test
        void a_delete_writes_a_tombstone() {
            HttpResponse<String> response = call("DELETE", base() + "/v1/businesses/acme/settings", null, TOKEN);
            assertThat(json(response).get("result").asText()).isEqualTo("deleted");
            assertThat(producer.history()).singleElement().satisfies(record -> assertThat(record.value()).isNull());
        }

        @Test
        void a_businessId_that_disagrees_with_the_path_is_named_so() {
            HttpResponse<String> response = call("PUT", base() + "/v1/businesses/acme/settings",
                    "{\"businessId\":\"globex\",\"businessName\":\"Acme\"}", TOKEN);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("problems")).extracting(JsonNode::asText)
                    .containsExactly("businessId in the value does not equal the path");
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void an_invalid_businessId_in_the_path_is_one_of_the_problems() {
            HttpResponse<String> response = call("PUT", base() + "/v1/businesses/a:b/settings", "{\"businessName\":\"\"}", TOKEN);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("problems")).extracting(JsonNode::asText)
                    .contains("the path is not a valid businessId (1 to 128 characters from [A-Za-z0-9._-])");
        }

        @Test
        void a_typo_in_a_field_is_a_400_naming_the_field_it_resembles_and_nothing_is_written() {
            HttpResponse<String> response = call("PUT", base() + "/v1/businesses/acme/settings",
                    "{\"businessName\":\"Typo Co\",\"optin\":{\"enabled\":true,\"keywords\":[\"JOIN\"]},"
                            + "\"optOut\":{\"keyword\":[\"HALT\"]}}", TOKEN);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("problems")).extracting(JsonNode::asText).containsExactly(
                    "unknown field optin; did you mean optIn?", "unknown field optOut.keyword; did you mean optOut.keywords?");
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void each_problem_of_a_400_names_its_field_path_and_rule_beside_its_message() {
            HttpResponse<String> response = call("PUT", base() + "/v1/businesses/acme/settings",
                    "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"HALT\",\"  \"]},"
                            + "\"optIn\":{\"enabled\":true,\"keywords\":[\"JOIN\",\"HALT\"]}}", TOKEN);
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("details")).extracting(p -> p.get("field").asText(), p -> p.get("rule").asText())
                    .containsExactly(tuple("optOut.keywords[1]", "keyword"), tuple("optIn.keywords[1]", "keyword-collision"));
            List<String> messages = new ArrayList<>();
            body.get("problems").forEach(message -> messages.add(message.asText()));
            assertThat(body.get("details")).extracting(p -> p.get("message").asText()).containsExactlyElementsOf(messages);
        }

        @Test
        void opt_in_enabled_with_no_keyword_is_a_400() {
            HttpResponse<String> response = call("PUT", base() + "/v1/businesses/acme/settings",
                    "{\"businessName\":\"Acme\",\"optIn\":{\"enabled\":true}}", TOKEN);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("problems")).extracting(JsonNode::asText)
                    .containsExactly("optIn.enabled is true but optIn.keywords is empty: no message could opt in");
        }

        @Test
        void a_write_kafka_refuses_is_503() {
            producer.sendException = new KafkaException("the broker is away");
            HttpResponse<String> response = call("PUT", base() + "/v1/businesses/acme/settings", ACME_SETTINGS, TOKEN);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).get("error").asText()).contains("the broker is away");
        }

        @Test
        void the_effective_settings_of_a_business_without_any_are_the_defaults() {
            JsonNode settings = json(call("GET", base() + "/v1/businesses/acme/settings", null, null));
            assertThat(settings.get("source").asText()).isEqualTo("defaults");
            assertThat(settings.at("/optOut/builtInKeywords")).extracting(JsonNode::asText).containsExactlyElementsOf(BUILT_IN);
        }
    }

    @Nested
    class Contacts {

        @Test
        void a_contact_found_here_names_this_instance() {
            answer = new ContactQueries.Found(new ContactConsent(ConsentStatus.OPTED_OUT, 1764000000000L, Trigger.KEYWORD,
                    "STOP", "wamid.1", 1764000000000L, List.of()), "here:8080");
            HttpResponse<String> response = call("GET", base() + "/v1/businesses/acme/contacts/%2B91%2098765-43210", null, null);
            assertThat(response.headers().firstValue(ConsentApi.SERVED_BY_HEADER)).contains("here:8080");
            JsonNode contact = json(response);
            assertThat(contact.get("contactId").asText()).isEqualTo("919876543210");
            assertThat(contact.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(contact.get("changedAt").asText()).isEqualTo("2025-11-24T16:00:00.000Z");
            assertThat(contact.get("trigger").asText()).isEqualTo("KEYWORD");
            assertThat(forwardedFlags).containsExactly(false);
        }

        @Test
        void an_answer_says_which_copy_of_the_store_gave_it() {
            ContactConsent consent = new ContactConsent(ConsentStatus.OPTED_OUT, 1764000000000L, Trigger.KEYWORD,
                    "STOP", "wamid.1", 1764000000000L, List.of());
            answer = new ContactQueries.Found(consent, "here:8080");
            HttpResponse<String> active = call("GET", base() + "/v1/businesses/acme/contacts/919876543210", null, null);
            assertThat(active.headers().firstValue(ConsentApi.SERVED_FROM_HEADER)).contains("active");
            answer = new ContactQueries.Found(consent, "here:8080", ContactQueries.ServedFrom.STANDBY);
            HttpResponse<String> standby = call("GET", base() + "/v1/businesses/acme/contacts/919876543210", null, null);
            assertThat(standby.headers().firstValue(ConsentApi.SERVED_FROM_HEADER)).contains("standby");
            assertThat(json(standby).get("status").asText()).isEqualTo("OPTED_OUT");
            answer = new ContactQueries.Relayed(200, Optional.of("application/json"), standby.body().getBytes(), Optional.empty(),
                    Optional.of("there:8080"), Optional.of("standby"));
            HttpResponse<String> relayed = call("GET", base() + "/v1/businesses/acme/contacts/919876543210", null, null);
            assertThat(relayed.headers().firstValue(ConsentApi.SERVED_FROM_HEADER)).contains("standby");
            assertThat(relayed.headers().firstValue(ConsentApi.SERVED_BY_HEADER)).contains("there:8080");
        }

        @Test
        void the_owner_s_answer_is_passed_on_as_it_came() {
            answer = new ContactQueries.Relayed(503, Optional.of("application/json"), "{\"error\":\"the contact's owner is moving\"}".getBytes(),
                    Optional.of("2"), Optional.empty());
            HttpResponse<String> response = call("GET", base() + "/v1/businesses/acme/contacts/919876543210", null, null);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("2");
            assertThat(json(response).get("error").asText()).isEqualTo("the contact's owner is moving");
        }

        @Test
        void a_forwarded_lookup_is_marked_as_such() {
            HttpResponse<String> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/v1/businesses/acme/contacts/919876543210"))
                        .header(ContactQueries.FORWARDED_HEADER, "1").build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            OpenApiContract.check(response);
            assertThat(forwardedFlags).containsExactly(true);
        }
    }

    /** The outbound gate's may-send route ("Outbound gate"): the gate's own rule, routed like a lookup. */
    @Nested
    class MaySend {

        private ContactConsent consent(ConsentStatus status) {
            return new ContactConsent(status, 1764000000000L, Trigger.KEYWORD, status == ConsentStatus.OPTED_OUT ? "STOP" : "JOIN",
                    "wamid.1", 1764000000000L, List.of());
        }

        private JsonNode maySend(String contact, String query) {
            HttpResponse<String> response = call("GET", base() + "/v1/businesses/acme/contacts/" + contact + "/may-send" + query, null, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue(ConsentApi.SERVED_BY_HEADER)).contains("here:8080");
            return json(response);
        }

        @Test
        void an_opted_out_contact_may_not_get_marketing_but_may_get_a_service_reply() {
            answer = new ContactQueries.Found(consent(ConsentStatus.OPTED_OUT), "here:8080");
            JsonNode marketing = maySend("%2B91%2098765-43210", "?category=MARKETING");
            assertThat(marketing.get("businessId").asText()).isEqualTo("acme");
            assertThat(marketing.get("contactId").asText()).isEqualTo("919876543210");
            assertThat(marketing.get("category").asText()).isEqualTo("MARKETING");
            assertThat(marketing.get("decision").asText()).isEqualTo("SUPPRESSED");
            assertThat(marketing.get("reason").asText()).isEqualTo("OPTED_OUT");
            assertThat(marketing.get("status").asText()).isEqualTo("OPTED_OUT");
            assertThat(marketing.get("marketingStatus").asText()).isEqualTo("UNKNOWN");

            JsonNode service = maySend("919876543210", "?category=SERVICE");
            assertThat(service.get("decision").asText()).isEqualTo("APPROVED");
            assertThat(service.get("reason").isNull()).isTrue();
        }

        @Test
        void a_contact_never_decided_is_held_back_by_default_and_an_opted_in_one_is_not() {
            answer = new ContactQueries.Found(null, "here:8080");
            JsonNode unknown = maySend("919876543210", "?category=UTILITY");
            assertThat(unknown.get("decision").asText()).isEqualTo("SUPPRESSED");
            assertThat(unknown.get("reason").asText()).isEqualTo("NO_OPT_IN");
            assertThat(unknown.get("status").asText()).isEqualTo("UNKNOWN");

            answer = new ContactQueries.Found(consent(ConsentStatus.OPTED_IN), "here:8080");
            JsonNode optedIn = maySend("919876543210", "?category=AUTHENTICATION");
            assertThat(optedIn.get("decision").asText()).isEqualTo("APPROVED");
            assertThat(optedIn.get("status").asText()).isEqualTo("OPTED_IN");
        }

        @Test
        void the_owner_is_asked_the_same_route_with_its_category() {
            answer = new ContactQueries.Relayed(503, Optional.of("application/json"), "{\"error\":\"the contact's owner is moving\"}".getBytes(),
                    Optional.of("2"), Optional.empty());
            HttpResponse<String> response = call("GET", base() + "/v1/businesses/acme/contacts/919876543210/may-send?category=MARKETING",
                    null, null);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("2");
            assertThat(ownerPaths).containsExactly("/v1/businesses/acme/contacts/919876543210/may-send?category=MARKETING");
        }

        @Test
        void a_missing_or_unknown_category_is_a_400_before_any_lookup() {
            String base = base();
            for (String query : List.of("", "?category=", "?category=marketing", "?category=PROMOTION", "?categry=MARKETING")) {
                HttpResponse<String> response = call("GET", base + "/v1/businesses/acme/contacts/919876543210/may-send" + query, null, null);
                assertThat(response.statusCode()).as(query).isEqualTo(400);
                assertThat(json(response).get("error").asText()).contains("category");
            }
            assertThat(ownerPaths).isEmpty();
        }
    }

    /** The console page and its daily counts. */
    @Nested
    class Console {

        @Test
        void the_page_is_served_at_the_root_with_a_policy_that_forbids_inline_scripts_and_other_origins() {
            String base = base();
            HttpResponse<String> page = call("GET", base + "/", null, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("<title>Opt-in Management</title>");
            for (String asset : List.of("/", "/console.js", "/console.css", "/favicon.svg")) {
                HttpResponse<String> response = send(base + asset);
                assertThat(response.statusCode()).as(asset).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Security-Policy")).as(asset)
                        .hasValueSatisfying(policy -> assertThat(policy)
                                .contains("default-src 'self'", "script-src 'self'", "object-src 'none'")
                                .doesNotContain("unsafe-inline", "unsafe-eval", "*"));
                assertThat(response.headers().firstValue("X-Content-Type-Options")).as(asset).contains("nosniff");
            }
            HttpResponse<String> unknown = call("GET", base + "/v1/nothing", null, null);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json(unknown).get("error").asText()).isEqualTo("no route GET /v1/nothing");
        }

        @Test
        void the_businesses_with_settings_are_listed_to_whoever_has_the_token() {
            // As the settings reader fills it.
            SettingsRegistry registry = new SettingsRegistry(BUILT_IN);
            registry.apply("zeta", ACME_SETTINGS, 1, 0);
            registry.apply("acme", ACME_SETTINGS, 2, 1);
            registry.apply("gone", ACME_SETTINGS, 3, 2);
            registry.apply("gone", null, 4, 3);
            registry.apply("broken", "{\"businessName\":\"\"}", 5, 4);
            registry.settledThrough(Long.MAX_VALUE);
            String base = start(TOKEN, registry, SettingsAdmin.IN_EFFECT_WITHIN);
            assertThat(call("GET", base + "/v1/businesses", null, null).statusCode()).isEqualTo(401);
            assertThat(call("GET", base + "/v1/businesses", null, "wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> listed = call("GET", base + "/v1/businesses", null, TOKEN);
            assertThat(json(listed).get("businesses")).extracting(JsonNode::asText).containsExactly("acme", "zeta");
        }

        @Test
        void the_daily_counts_cover_every_day_asked_for_oldest_first_zeros_included() {
            stats = new DailyStatsQueries.Counted(Map.of(LocalDate.parse("2026-11-20"), new DailyCounts(2, 1, 0),
                    LocalDate.parse("2026-11-24"), new DailyCounts(0, 3, 1)));
            JsonNode counts = json(call("GET", base() + "/v1/businesses/acme/stats?days=7&to=2026-11-24", null, null));
            assertThat(statsAsked).containsExactly("acme 2026-11-18..2026-11-24 all");
            assertThat(counts.get("from").asText()).isEqualTo("2026-11-18");
            assertThat(counts.get("to").asText()).isEqualTo("2026-11-24");
            assertThat(counts.get("daily")).hasSize(7);
            assertThat(counts.get("daily").get(0).get("date").asText()).isEqualTo("2026-11-18");
            assertThat(counts.get("daily").get(0).get("optOuts").asLong()).isZero();
            assertThat(counts.get("daily").get(2).get("optIns").asLong()).isEqualTo(2);
            assertThat(counts.get("daily").get(6).get("optOuts").asLong()).isEqualTo(3);
            assertThat(counts.get("daily").get(6).get("marketingStops").asLong()).isEqualTo(1);
        }

        @Test
        void thirty_days_ending_today_by_default_and_a_range_out_of_bounds_is_a_400() {
            String base = base();
            JsonNode counts = json(call("GET", base + "/v1/businesses/acme/stats", null, null));
            assertThat(counts.get("daily")).hasSize(30);
            assertThat(counts.get("to").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
            for (String bad : List.of("days=0", "days=91", "days=x", "to=yesterday")) {
                HttpResponse<String> response = call("GET", base + "/v1/businesses/acme/stats?" + bad, null, null);
                assertThat(response.statusCode()).as(bad).isEqualTo(400);
            }
        }

        @Test
        void another_instance_asking_for_its_partitions_gets_only_those() {
            HttpResponse<String> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/v1/businesses/acme/stats?days=1&to=2026-11-24"))
                        .header(ContactQueries.FORWARDED_HEADER, "1").header(DailyStatsQueries.PARTITIONS_HEADER, "1,3")
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            OpenApiContract.check(response);
            assertThat(statsAsked).containsExactly("acme 2026-11-24..2026-11-24 [1, 3]");
        }

        @Test
        void counts_that_cannot_all_be_read_are_a_503_never_a_partial_sum() {
            stats = new DailyStatsQueries.Unavailable("the counts of partition 2 are not ready");
            HttpResponse<String> response = call("GET", base() + "/v1/businesses/acme/stats", null, null);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }

        private HttpResponse<String> send(String url) {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void health_and_the_document_are_served() {
        String base = base();
        assertThat(json(call("GET", base + "/health/live", null, null)).get("status").asText()).isEqualTo("UP");
        assertThat(json(call("GET", base + "/health/ready", null, null)).get("streams").asText()).isEqualTo("RUNNING");
        assertThat(call("GET", base + "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThat(json(call("GET", base + "/openapi.json", null, null)).get("openapi").asText()).startsWith("3.");
    }
}
