package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.http.ConsentApi;
import com.example.whatsapp.optin.http.OpenApiContract;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.Topics;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every HTTP route against a real broker, and lookups routed between two instances. Every response
 * is checked against the OpenAPI document.
 */
class HttpApiIT {

    private static final String TOKEN = "s3cret-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Map<String, String> config;
    private static Topics topics;
    private static ConsentService service;
    private static String base;

    record Reply(int status, JsonNode json, String text, HttpResponse<String> raw) {
    }

    @BeforeAll
    static void start() {
        config = new HashMap<>(TestKafka.isolatedConfig("http"));
        config.put("optin.http.admin-token", TOKEN);
        // The webhook routes on, so that the document's check below sees them answer.
        config.put("optin.webhook.app-secret", "http-it-app-secret");
        topics = TestKafka.topics(config);
        service = TestKafka.start(config);
        base = "http://localhost:" + config.get("optin.http.port");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static Reply call(String method, String url, String body, String token) {
        HttpResponse<String> response = OpenApiContract.send(HTTP,
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40)), method, body, token);
        JsonNode json = null;
        try {
            json = Json.mapper().readTree(response.body());
        } catch (IOException notJson) {
            // metrics are text
        }
        return new Reply(response.statusCode(), json, response.body(), response);
    }

    static Reply get(String path) {
        return call("GET", base + path, null, null);
    }

    @Test
    void an_unknown_contact_is_unknown() {
        Reply reply = get("/v1/businesses/acme/contacts/%2B44%207700-900123");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(reply.json().get("contactId").asText()).isEqualTo("447700900123");
        assertThat(reply.json().get("changedAt").isNull()).isTrue();
        assertThat(reply.json().get("keyword").isNull()).isTrue();
    }

    @Test
    void malformed_ids_are_400() {
        assertThat(get("/v1/businesses/acme/contacts/12ab34").status()).isEqualTo(400);
        assertThat(get("/v1/businesses/acme/contacts/1234").status()).isEqualTo(400);
        assertThat(get("/v1/businesses/ac%20me/contacts/919876543210").status()).isEqualTo(400);
        assertThat(get("/v1/businesses/ac%20me/contacts/919876543210").json().get("error").asText()).contains("businessId");
        assertThat(get("/v1/businesses/a:b/settings").status()).isEqualTo(400);
    }

    @Test
    void a_decided_contact_shows_its_consent() {
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            TestKafka.send(producer, topics.inbound().name(), null, Messages.button("shop", "919800000001", "wamid.B1", 1764000000L, "x", "Stop"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "OPTED_OUT".equals(
                get("/v1/businesses/shop/contacts/919800000001").json().get("status").asText()));
        JsonNode contact = get("/v1/businesses/shop/contacts/919800000001").json();
        assertThat(contact.get("changedAt").asText()).isEqualTo("2025-11-24T16:00:00.000Z");
        assertThat(contact.get("trigger").asText()).isEqualTo("BUTTON");
        assertThat(contact.get("keyword").asText()).isEqualTo("STOP");
        assertThat(contact.get("sourceMessageId").asText()).isEqualTo("wamid.B1");
    }

    @Test
    void settings_are_validated_written_and_deleted_and_a_get_after_a_200_shows_the_change() {
        String url = base + "/v1/businesses/acme-http/settings";
        Reply invalid = call("PUT", url, "{\"optOut\":{\"keywords\":[\"\"]},\"optIn\":{\"keywords\":[\"STOP\"]}}", TOKEN);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("problems")).hasSize(3);

        Reply written = call("PUT", url, ACME_SETTINGS, TOKEN);
        assertThat(written.status()).isEqualTo(200);
        assertThat(written.json().get("result").asText()).isEqualTo("written");
        assertThat(written.json().get("topic").asText()).isEqualTo(topics.settings().name());
        assertThat(written.json().get("inEffect").asBoolean()).isTrue();
        JsonNode effective = get("/v1/businesses/acme-http/settings").json();
        assertThat(effective.get("source").asText()).isEqualTo("configured");
        assertThat(effective.get("businessName").asText()).isEqualTo("Acme Store");
        assertThat(effective.at("/optOut/builtInKeywords")).extracting(JsonNode::asText).contains("STOP", "OPT OUT", "REVOKE");
        assertThat(effective.at("/optIn/enabled").asBoolean()).isTrue();
        assertThat(effective.at("/optOut/reply").asText()).startsWith("You have unsubscribed from Acme Store");

        Reply deleted = call("DELETE", url, null, TOKEN);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("result").asText()).isEqualTo("deleted");
        JsonNode defaults = get("/v1/businesses/acme-http/settings").json();
        assertThat(defaults.get("source").asText()).isEqualTo("defaults");
        assertThat(defaults.at("/optIn/enabled").asBoolean()).isFalse();
    }

    @Test
    void settings_changes_need_the_admin_token() {
        String url = base + "/v1/businesses/acme-auth/settings";
        Reply missing = call("PUT", url, ACME_SETTINGS, null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(call("PUT", url, ACME_SETTINGS, "wrong").status()).isEqualTo(401);
        assertThat(call("PUT", url, ACME_SETTINGS, TOKEN + "x").status()).isEqualTo(401);
        assertThat(call("DELETE", url, null, "wrong").status()).isEqualTo(401);
        assertThat(get("/v1/businesses/acme-auth/settings").json().get("source").asText()).isEqualTo("defaults");
    }

    @Test
    void health_and_metrics() {
        assertThat(get("/health/live").status()).isEqualTo(200);
        // A test before this one may have left a rebalance behind (another instance leaving).
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/ready").status() == 200);
        Reply ready = get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("streams").asText()).isEqualTo("RUNNING");
        assertThat(ready.json().get("settingsLoaded").asBoolean()).isTrue();
        Reply metrics = get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("optin_messages_read_total", "optin_settings_rejected_total",
                "optin_dead_letter_records_total", "optin_consent_opt_outs_total", "kafka_stream_");
    }

    @Test
    void the_openapi_document_matches_the_routes() {
        Reply doc = get("/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        Set<ConsentApi.Route> documented = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.json().get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(m -> documented.add(new ConsentApi.Route(m.toUpperCase(), path.getKey())));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(service.api().routes());
        for (ConsentApi.Route route : documented) {
            String path = route.path().replace("{businessId}", "acme").replace("{contactId}", "919876543210")
                    .replace("{reviewId}", "no-such-review");
            Reply reply = call(route.method(), base + path, route.method().equals("PUT") ? "{}" : null, null);
            assertThat(reply.status()).as(route.toString()).isNotEqualTo(404).isNotEqualTo(405);
        }
        assertThat(get("/v1/nothing").status()).isEqualTo(404);
    }

    @Test
    void every_error_is_json_and_a_wrong_method_is_405() {
        Reply unknown = get("/v1/nothing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("/v1/nothing");
        Reply wrongMethod = call("POST", base + "/v1/businesses/acme/settings", ACME_SETTINGS, TOKEN);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValueSatisfying(allow ->
                assertThat(allow.split(", ")).containsExactlyInAnyOrder("GET", "PUT", "DELETE"));
        assertThat(wrongMethod.json().get("error").asText()).contains("POST");
        Reply mismatch = call("PUT", base + "/v1/businesses/acme-path/settings", "{\"businessId\":\"acme\",\"businessName\":\"A\"}", TOKEN);
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().get("problems")).extracting(JsonNode::asText)
                .containsExactly("businessId in the value does not equal the path");
    }

    @Test
    void without_an_admin_token_settings_changes_are_off() {
        Map<String, String> other = TestKafka.isolatedConfig("notoken");
        try (ConsentService noToken = TestKafka.start(other)) {
            String url = "http://localhost:" + other.get("optin.http.port") + "/v1/businesses/acme/settings";
            Reply put = call("PUT", url, ACME_SETTINGS, "");
            assertThat(put.status()).isEqualTo(403);
            assertThat(put.json().get("error").asText()).contains("optin.http.admin-token");
            assertThat(call("DELETE", url, null, "anything").status()).isEqualTo(403);
        }
    }

    @Test
    void the_cli_reads_and_writes_through_the_api() throws IOException {
        Path file = Files.createTempFile("settings", ".json");
        Files.writeString(file, ACME_SETTINGS);
        String[] common = {"--url", base, "--token", TOKEN};
        assertThat(cli("settings", "put", "--business", "acme-cli", "--file", file.toString(), common[0], common[1], common[2], common[3]).get(0))
                .isEqualTo("0");
        Files.writeString(file, "{\"businessName\":\"\"}");
        List<String> invalid = cli("settings", "put", "--business", "acme-cli", "--file", file.toString(), common[0], common[1], common[2], common[3]);
        assertThat(invalid.get(0)).isEqualTo("2");
        assertThat(invalid.get(2)).contains("invalid settings, nothing written", "businessName");
        await().atMost(Duration.ofSeconds(30)).until(() -> cli("settings", "get", "--business", "acme-cli", "--url", base).get(1).contains("\"configured\""));
        List<String> contact = cli("contact", "--business", "acme-cli", "--contact", "+91 98765-43210", "--url", base);
        assertThat(contact.get(0)).isEqualTo("0");
        assertThat(contact.get(1)).contains("\"status\":\"UNKNOWN\"");
        assertThat(cli("contact", "--business", "acme-cli", "--contact", "12", "--url", base).get(0)).isEqualTo("2");
        assertThat(cli("settings", "delete", "--business", "acme-cli", "--url", base, "--token", "wrong").get(0)).isEqualTo("2");
        assertThat(cli("settings", "delete", "--business", "acme-cli", "--url", base, "--token", TOKEN).get(0)).isEqualTo("0");
        assertThat(cli("contact", "--business", "acme", "--contact", "919876543210", "--url", "http://localhost:" + TestKafka.freePort()).get(0))
                .isEqualTo("1");
    }

    /** Exit code, stdout, stderr. */
    private static List<String> cli(String... args) {
        CliRun run = CliRun.of(args);
        return List.of(String.valueOf(run.exitCode()), run.out(), run.err());
    }

    @Test
    void any_instance_answers_for_any_contact() {
        Map<String, String> second = new HashMap<>(config);
        second.put("optin.http.port", String.valueOf(TestKafka.freePort()));
        second.put("state.dir", TestKafka.tempDir("second").toString());
        List<String> contacts = new ArrayList<>();
        try (ConsentService other = TestKafka.start(second); KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (int i = 0; i < 40; i++) {
                String contact = "4915100000" + String.format("%03d", i);
                contacts.add(contact);
                TestKafka.send(producer, topics.inbound().name(), null, Messages.text("route", contact, "r" + i, 1764000000L + i, "STOP"));
            }
            List<String> bases = List.of(base, "http://localhost:" + second.get("optin.http.port"));
            // Both instances must own some of the keys, or nothing is routed.
            await().atMost(Duration.ofSeconds(60)).until(() -> service.ready() && other.ready()
                    && owners(contacts).size() == 2);
            for (String contact : contacts) {
                for (String instance : bases) {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                        Reply reply = call("GET", instance + "/v1/businesses/route/contacts/" + contact, null, null);
                        if (reply.status() == 503) {
                            assertThat(reply.raw().headers().firstValue("Retry-After")).isPresent();
                            return false;
                        }
                        assertThat(reply.status()).isEqualTo(200);
                        String status = reply.json().get("status").asText();
                        // Never a wrong answer: UNKNOWN only until the STOP is processed.
                        assertThat(status).isIn("UNKNOWN", "OPTED_OUT");
                        return status.equals("OPTED_OUT");
                    });
                }
            }
        }
        // The first instance learns that the other left at its next heartbeat, then rebalances: the
        // tests after this one need it to own every partition again, and run.
        HostInfo first = HostInfo.buildFromEndpoint(service.config().applicationServer());
        await().atMost(Duration.ofSeconds(60)).until(() -> owners(contacts).equals(Set.of(first)) && service.ready());
    }

    private static Set<HostInfo> owners(List<String> contacts) {
        Set<HostInfo> hosts = new HashSet<>();
        for (String contact : contacts) {
            KeyQueryMetadata md = service.streams().queryMetadataForKey(TopologyNames.CONTACTS_STORE, "route:" + contact,
                    Serdes.String().serializer());
            if (md != null && !md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                hosts.add(md.activeHost());
            }
        }
        return hosts;
    }
}
