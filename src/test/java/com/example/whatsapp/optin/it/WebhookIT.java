package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.broker.EmbeddedKafka;
import com.example.whatsapp.optin.http.OpenApiContract;
import com.example.whatsapp.optin.webhook.WebhookSignature;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.topology.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook ingress against a real broker: Meta's handshake, signed posts written and turned
 * into consent, unsigned ones never written, unreadable ones kept by the dead-letter topic, a
 * stopped broker answered with 503, and many clients at once. Every response is checked against
 * the OpenAPI document.
 */
class WebhookIT {

    private static final String SECRET = "it-app-secret-5f2b";
    private static final String VERIFY_TOKEN = "it-verify-token";
    private static final String PHONE_NUMBER_ID = "106540352242922";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final WebhookSignature SIGNER = new WebhookSignature(SECRET);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Map<String, String> config;
    private static Topics topics;
    private static ConsentService service;
    private static String base;

    @BeforeAll
    static void start() {
        config = webhookConfig(TestKafka.isolatedConfig("webhook"));
        topics = TestKafka.topics(config);
        service = TestKafka.start(config);
        base = "http://localhost:" + config.get("optin.http.port");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Map<String, String> webhookConfig(Map<String, String> isolated) {
        Map<String, String> config = new HashMap<>(isolated);
        config.put("optin.webhook.app-secret", SECRET);
        config.put("optin.webhook.verify-token", VERIFY_TOKEN);
        return config;
    }

    static String envelope(String from, String id, String text) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\""
                + PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"Kerry Fisher\"},\"wa_id\":\"" + from + "\"}],"
                + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"1764000000\",\"text\":{\"body\":\""
                + text + "\"},\"type\":\"text\"}]},\"field\":\"messages\"}]}]}";
    }

    static HttpResponse<String> post(String url, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/webhooks/whatsapp"))
                .timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return OpenApiContract.send(HTTP, request.build());
    }

    static HttpResponse<String> signedPost(String url, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(url, bytes, SIGNER.header(bytes));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> inboundUntil(String marker) {
        return TestKafka.readUntil(topics.inbound().name(),
                read -> read.stream().anyMatch(r -> text(r.value()).contains(marker)), WAIT);
    }

    @Test
    void meta_s_handshake_answers_the_challenge_only_for_the_verify_token() {
        HttpResponse<String> ok = OpenApiContract.send(HTTP, HttpRequest.newBuilder(URI.create(base
                + "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444")), "GET", null, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        HttpResponse<String> refused = OpenApiContract.send(HTTP, HttpRequest.newBuilder(URI.create(base
                + "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444")), "GET", null, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("1158201444");
    }

    @Test
    void a_signed_envelope_with_stop_is_written_unchanged_under_its_contact_key_and_produces_the_consent_event() {
        String body = envelope("919876543210", "wamid.HBgLOTE5ODc2NTQzMjEwFQIAEhggQTdE", "STOP");
        HttpResponse<String> response = signedPost(base, body);
        assertThat(response.statusCode()).isEqualTo(200);

        List<ConsumerRecord<byte[], byte[]>> inbound = inboundUntil("wamid.HBgLOTE5ODc2NTQzMjEwFQIAEhggQTdE");
        ConsumerRecord<byte[], byte[]> written = inbound.stream()
                .filter(r -> text(r.value()).contains("wamid.HBgLOTE5ODc2NTQzMjEwFQIAEhggQTdE")).findFirst().orElseThrow();
        assertThat(written.value()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(text(written.key())).isEqualTo(PHONE_NUMBER_ID + ":919876543210");
        JsonNode answer = json(response.body());
        assertThat(answer.get("partition").asInt()).isEqualTo(written.partition());
        assertThat(answer.get("offset").asLong()).isEqualTo(written.offset());

        List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readUntil(topics.consentEvents().name(),
                read -> read.stream().anyMatch(r -> text(r.key()).equals(PHONE_NUMBER_ID + ":919876543210")), WAIT);
        JsonNode event = events.stream().filter(r -> text(r.key()).equals(PHONE_NUMBER_ID + ":919876543210"))
                .map(r -> json(text(r.value()))).findFirst().orElseThrow();
        assertThat(event.get("status").asText()).isEqualTo("OPTED_OUT");
        assertThat(event.get("sourceMessageId").asText()).isEqualTo("wamid.HBgLOTE5ODc2NTQzMjEwFQIAEhggQTdE");
    }

    @Test
    void unsigned_wrongly_signed_and_signed_for_another_body_posts_are_401_and_nothing_is_written() {
        byte[] body = envelope("919800000042", "wamid.unsigned-1", "STOP").getBytes(StandardCharsets.UTF_8);
        byte[] other = envelope("919800000042", "wamid.unsigned-2", "STOP").getBytes(StandardCharsets.UTF_8);
        assertThat(post(base, body, null).statusCode()).isEqualTo(401);
        assertThat(post(base, body, new WebhookSignature("not-the-secret").header(body)).statusCode()).isEqualTo(401);
        assertThat(post(base, body, SIGNER.header(other)).statusCode()).isEqualTo(401);
        // A signed post afterwards: once it is on the topic, anything the refused ones wrote would be too.
        assertThat(signedPost(base, envelope("919800000042", "wamid.unsigned-sentinel", "hello")).statusCode()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> inbound = inboundUntil("wamid.unsigned-sentinel");
        assertThat(inbound).noneMatch(r -> text(r.value()).contains("wamid.unsigned-1") || text(r.value()).contains("wamid.unsigned-2"));
    }

    @Test
    void a_signed_body_that_is_not_json_is_written_then_kept_by_the_dead_letter_topic() {
        String body = "not json, but signed: dlq-marker-7f3e";
        assertThat(signedPost(base, body).statusCode()).isEqualTo(200);
        ConsumerRecord<byte[], byte[]> written = inboundUntil("dlq-marker-7f3e").stream()
                .filter(r -> text(r.value()).contains("dlq-marker-7f3e")).findFirst().orElseThrow();
        assertThat(written.key()).isNull();
        List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readUntil(topics.deadLetter().name(),
                read -> read.stream().anyMatch(r -> text(r.value()).contains("dlq-marker-7f3e")), WAIT);
        ConsumerRecord<byte[], byte[]> copy = dead.stream().filter(r -> text(r.value()).contains("dlq-marker-7f3e"))
                .findFirst().orElseThrow();
        assertThat(copy.value()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        Header exception = copy.headers().lastHeader("__streams.errors.exception");
        assertThat(exception).isNotNull();
    }

    @Test
    void a_body_of_exactly_1_mib_is_written_and_when_unreadable_its_copy_reaches_the_dead_letter_topic() {
        String marker = "one-mib-marker-91c4";
        String body = marker + "x".repeat(1024 * 1024 - marker.length());
        assertThat(signedPost(base, body).statusCode()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readUntil(topics.deadLetter().name(),
                read -> read.stream().anyMatch(r -> text(r.value()).startsWith(marker)), WAIT);
        assertThat(dead).filteredOn(r -> text(r.value()).startsWith(marker)).singleElement()
                .satisfies(r -> assertThat(r.value()).hasSize(1024 * 1024));
        assertThat(service.streams().state().isRunningOrRebalancing()).isTrue();
    }

    @Test
    void many_clients_at_once_every_acknowledged_post_is_on_the_topic_exactly_once() throws Exception {
        int clients = 16;
        int postsPerClient = 250;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < postsPerClient; i++) {
                        String id = "wamid.load-" + client + "-" + i;
                        String from = "4915" + String.format("%08d", client * postsPerClient + i);
                        HttpResponse<String> response = signedPost(base, envelope(from, id, "hello " + i));
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (response.statusCode() == 200) {
                            acknowledged.add(id);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses.keySet()).as("answers by status: %s", statuses).isSubsetOf(200, 503);
        assertThat(acknowledged).isNotEmpty();

        Function<ConsumerRecord<byte[], byte[]>, String> loadId = r -> {
            String value = text(r.value());
            int at = value.indexOf("wamid.load-");
            return at < 0 ? null : value.substring(at, value.indexOf('"', at));
        };
        List<ConsumerRecord<byte[], byte[]>> inbound = TestKafka.readUntil(topics.inbound().name(),
                read -> read.stream().map(loadId).filter(id -> id != null && acknowledged.contains(id)).distinct().count()
                        == acknowledged.size(),
                Duration.ofSeconds(120));
        Map<String, Long> copies = inbound.stream().map(loadId).filter(id -> id != null)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(acknowledged).allSatisfy(id -> assertThat(copies.get(id)).as(id).isEqualTo(1L));
        assertThat(Collections.max(copies.values())).isEqualTo(1L);
    }

    @Test
    void with_the_broker_stopped_a_signed_post_answers_503_within_the_write_timeout_and_never_200() throws IOException {
        EmbeddedKafka broker = EmbeddedKafka.start(TestKafka.freePort(), TestKafka.freePort(), TestKafka.tempDir("webhook-broker"));
        Map<String, String> own = webhookConfig(TestKafka.isolatedConfig("webhook-stopped"));
        own.put("bootstrap.servers", broker.bootstrapServers());
        own.put("optin.webhook.write-timeout-ms", "2000");
        String url = "http://localhost:" + own.get("optin.http.port");
        boolean stopped = false;
        try (ConsentService alone = TestKafka.start(own)) {
            assertThat(signedPost(url, envelope("919800000077", "wamid.before-stop", "hello")).statusCode()).isEqualTo(200);
            broker.close();
            stopped = true;
            for (int i = 0; i < 3; i++) {
                // The client gives up at 40 s: far past the 2 s bound, so a post that hung would fail here.
                HttpResponse<String> response = signedPost(url, envelope("919800000077", "wamid.after-stop-" + i, "STOP"));
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(json(response.body()).get("error").asText()).doesNotContain(SECRET);
            }
        } finally {
            if (!stopped) {
                broker.close();
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
