package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.metrics.WebhookMetrics;
import com.example.whatsapp.optin.metrics.WebhookMetrics.Outcome;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.webhook.WebhookIngress;
import com.example.whatsapp.optin.webhook.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook ingress's HTTP side without a broker: Kafka is a mock producer (or, for an
 * unreachable Kafka, a real producer pointed at a closed port). Every response is checked
 * against the OpenAPI document.
 */
class WebhookRoutesTest {

    private static final String SECRET = "meta-app-secret-0123456789";
    private static final String VERIFY_TOKEN = "verify-me-please";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final WebhookSignature SIGNER = new WebhookSignature(SECRET);
    static final String TOPIC = "whatsapp.inbound-messages";

    private final List<ConsentApi> started = new ArrayList<>();
    private final List<WebhookIngress> ingresses = new ArrayList<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WebhookMetrics metrics = new WebhookMetrics(meters);
    private MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @AfterEach
    void stop() {
        started.forEach(ConsentApi::close);
        ingresses.forEach(WebhookIngress::close);
    }

    private String start(WebhookIngress ingress) {
        SettingsRegistry registry = new SettingsRegistry(List.of("STOP"));
        ContactQueries queries = (businessId, contactId, ownerPath, forwarded) -> new ContactQueries.Found(null, "localhost:1");
        ConsentApi.Builder parts = new ConsentApi.Builder(queries, new SettingsAdmin(new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer()), "settings", registry, Duration.ofMillis(1)), registry, () -> KafkaStreams.State.RUNNING,
                () -> true, meters);
        if (ingress != null) {
            parts.webhook(ingress);
        }
        ConsentApi api = parts.build().start(0);
        started.add(api);
        return "http://localhost:" + api.port();
    }

    private WebhookIngress ingress(Duration writeTimeout) {
        WebhookIngress ingress = new WebhookIngress(SECRET, VERIFY_TOKEN, producer, TOPIC, writeTimeout, metrics);
        ingresses.add(ingress);
        return ingress;
    }

    /** A service with the webhook on, writes acknowledged at once. */
    private String base() {
        return start(ingress(Duration.ofSeconds(10)));
    }

    static String envelope(String phoneNumberId, String... messages) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
                + "\"phone_number_id\":\"" + phoneNumberId + "\"},\"messages\":[" + String.join(",", messages) + "]}}]}]}";
    }

    static String message(String from, String id, String body) {
        return "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"1764000000\",\"type\":\"text\","
                + "\"text\":{\"body\":\"" + body + "\"}}";
    }

    private static HttpResponse<String> get(String url) {
        return OpenApiContract.send(HTTP, HttpRequest.newBuilder(URI.create(url)), "GET", null, null);
    }

    private static String handshake(String base, String mode, String token, String challenge) {
        StringBuilder query = new StringBuilder(base + WebhookRoutes.WEBHOOK + "?");
        if (mode != null) {
            query.append("hub.mode=").append(mode).append('&');
        }
        if (token != null) {
            query.append("hub.verify_token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8)).append('&');
        }
        if (challenge != null) {
            query.append("hub.challenge=").append(challenge);
        }
        return query.toString();
    }

    /** A post with these bytes and this signature header (none when null), checked against the OpenAPI document. */
    static HttpResponse<String> post(String base, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + WebhookRoutes.WEBHOOK))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return checked(request.build());
    }

    static HttpResponse<String> signedPost(String base, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(base, bytes, SIGNER.header(bytes));
    }

    static HttpResponse<String> checked(HttpRequest request) {
        return OpenApiContract.send(HTTP, request);
    }

    static JsonNode json(HttpResponse<String> response) {
        return ConsentApiTest.json(response);
    }

    @Nested
    class Handshake {

        @Test
        void subscribe_with_the_verify_token_answers_the_challenge_as_text() {
            HttpResponse<String> response = get(handshake(base(), "subscribe", VERIFY_TOKEN, "1158201444"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("1158201444");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.counted(Outcome.HANDSHAKE_ACCEPTED)).isEqualTo(1.0);
        }

        @Test
        void another_token_a_prefix_of_it_another_mode_or_a_missing_part_is_403() {
            String base = base();
            for (String url : List.of(
                    handshake(base, "subscribe", "wrong", "1"),
                    handshake(base, "subscribe", VERIFY_TOKEN.substring(0, 5), "1"),
                    handshake(base, "subscribe", VERIFY_TOKEN + "x", "1"),
                    handshake(base, "subscribe", "", "1"),
                    handshake(base, "unsubscribe", VERIFY_TOKEN, "1"),
                    handshake(base, null, VERIFY_TOKEN, "1"),
                    handshake(base, "subscribe", null, "1"),
                    handshake(base, "subscribe", VERIFY_TOKEN, null))) {
                HttpResponse<String> response = get(url);
                assertThat(response.statusCode()).as(url).isEqualTo(403);
                assertThat(response.body()).doesNotContain(VERIFY_TOKEN, SECRET);
            }
            assertThat(metrics.counted(Outcome.HANDSHAKE_REFUSED)).isEqualTo(8.0);
        }

        @Test
        void without_a_configured_verify_token_every_handshake_is_403() {
            WebhookIngress noToken = new WebhookIngress(SECRET, null, producer, TOPIC, Duration.ofSeconds(1), metrics);
            ingresses.add(noToken);
            String base = start(noToken);
            assertThat(get(handshake(base, "subscribe", "", "1")).statusCode()).isEqualTo(403);
            assertThat(get(handshake(base, "subscribe", "null", "1")).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void without_an_app_secret_both_routes_are_404_and_nothing_is_written() {
        String base = start(null);
        HttpResponse<String> handshake = get(handshake(base, "subscribe", VERIFY_TOKEN, "1"));
        assertThat(handshake.statusCode()).isEqualTo(404);
        assertThat(json(handshake).get("error").asText()).contains("optin.webhook.app-secret");
        assertThat(signedPost(base, envelope("1065", message("919876543210", "wamid.1", "STOP"))).statusCode()).isEqualTo(404);
        assertThat(producer.history()).isEmpty();
    }

    @Nested
    class Signature {

        private final byte[] body = envelope("1065", message("919876543210", "wamid.1", "STOP")).getBytes(StandardCharsets.UTF_8);

        @Test
        void a_missing_header_is_401_and_nothing_is_written() {
            HttpResponse<String> response = post(base(), body, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("error").asText()).contains(WebhookSignature.HEADER);
            assertThat(producer.history()).isEmpty();
            assertThat(metrics.counted(Outcome.BAD_SIGNATURE)).isEqualTo(1.0);
        }

        @Test
        void a_wrong_signature_is_401_and_nothing_is_written() {
            String base = base();
            String right = SIGNER.header(body);
            char last = right.charAt(right.length() - 1);
            List<String> wrong = List.of(
                    right.substring(0, right.length() - 1) + (last == '0' ? '1' : '0'),
                    right.substring("sha256=".length()),
                    "sha1=" + right.substring("sha256=".length()),
                    right + "00",
                    "sha256=" + "zz".repeat(32),
                    new WebhookSignature(SECRET + "x").header(body),
                    "");
            for (String signature : wrong) {
                HttpResponse<String> response = post(base, body, signature);
                assertThat(response.statusCode()).as(signature).isEqualTo(401);
                assertThat(response.body()).doesNotContain(SECRET);
            }
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void the_signature_of_another_body_is_401_and_nothing_is_written() {
            byte[] other = envelope("1065", message("919876543210", "wamid.2", "START")).getBytes(StandardCharsets.UTF_8);
            assertThat(post(base(), body, SIGNER.header(other)).statusCode()).isEqualTo(401);
            // One byte more: trailing whitespace is not the same body either.
            byte[] longer = Arrays.copyOf(body, body.length + 1);
            longer[body.length] = '\n';
            assertThat(post(base(), longer, SIGNER.header(body)).statusCode()).isEqualTo(401);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void a_signed_body_is_written_unchanged_as_one_record() {
            // Not even UTF-8: the exact bytes, as signed, are what is written.
            byte[] raw = {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', ' ', '1', '}', '\r', '\n'};
            HttpResponse<String> response = post(base(), raw, SIGNER.header(raw));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("result").asText()).isEqualTo("written");
            assertThat(producer.history()).hasSize(1);
            ProducerRecord<String, byte[]> written = producer.history().get(0);
            assertThat(written.topic()).isEqualTo(TOPIC);
            assertThat(written.value()).isEqualTo(raw);
            assertThat(metrics.counted(Outcome.ACCEPTED)).isEqualTo(1.0);
        }
    }

    @Nested
    class Size {

        /** A signed JSON body of exactly {@code size} bytes. */
        private byte[] bodyOf(int size) {
            String head = "{\"padding\":\"";
            String tail = "\"}";
            return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
        }

        @Test
        void exactly_1_mib_is_written() {
            byte[] body = bodyOf(WebhookIngress.MAX_BODY_BYTES);
            assertThat(post(base(), body, SIGNER.header(body)).statusCode()).isEqualTo(200);
            assertThat(producer.history()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(body));
        }

        @Test
        void one_byte_more_is_413_and_nothing_is_written() {
            byte[] body = bodyOf(WebhookIngress.MAX_BODY_BYTES + 1);
            HttpResponse<String> response = post(base(), body, SIGNER.header(body));
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(producer.history()).isEmpty();
            assertThat(metrics.counted(Outcome.TOO_LARGE)).isEqualTo(1.0);
        }

        @Test
        void one_byte_more_without_a_content_length_is_413_too() {
            byte[] body = bodyOf(WebhookIngress.MAX_BODY_BYTES + 1);
            HttpRequest chunked = HttpRequest.newBuilder(URI.create(base() + WebhookRoutes.WEBHOOK))
                    .header(WebhookSignature.HEADER, SIGNER.header(body))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
            assertThat(checked(chunked).statusCode()).isEqualTo(413);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void a_declared_length_over_the_limit_is_refused_before_the_body_is_read() throws IOException {
            String base = base();
            int port = URI.create(base).getPort();
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(10_000);
                String head = "POST " + WebhookRoutes.WEBHOOK + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + (WebhookIngress.MAX_BODY_BYTES + 1) + "\r\n"
                        + WebhookSignature.HEADER + ": " + SIGNER.header(new byte[0]) + "\r\n\r\n";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                // Jetty dispatches a request once its first content arrives; the rest is never sent,
                // so a service that read the body before refusing it would never answer.
                socket.getOutputStream().write("{\"entry\":[".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(statusLine).isEqualTo("HTTP/1.1 413");
            }
            assertThat(producer.history()).isEmpty();
        }
    }

    @Nested
    class Kafka {

        private final String body = envelope("1065", message("919876543210", "wamid.1", "STOP"));

        @Test
        void the_answer_waits_for_kafka_s_acknowledgement() {
            producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
            String base = base();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            CompletableFuture<HttpResponse<String>> answer = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + WebhookRoutes.WEBHOOK))
                    .header(WebhookSignature.HEADER, SIGNER.header(bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
            assertThat(answer).isNotDone();
            producer.completeNext();
            HttpResponse<String> response = answer.join();
            OpenApiContract.check(response);
            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        void a_write_kafka_refuses_is_503_with_retry_after() {
            producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
            String base = base();
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> signedPost(base, body));
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
            producer.errorNext(new NotLeaderOrFollowerException("no leader"));
            HttpResponse<String> response = answer.join();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(metrics.counted(Outcome.KAFKA_UNAVAILABLE)).isEqualTo(1.0);
            assertThat(metrics.counted(Outcome.ACCEPTED)).isZero();
        }

        @Test
        void a_write_kafka_never_acknowledges_is_503_at_the_write_timeout_and_a_late_acknowledgement_changes_nothing() {
            producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
            String base = start(ingress(Duration.ofMillis(300)));
            HttpResponse<String> response = signedPost(base, body);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).get("error").asText()).contains("within 300 ms");
            producer.completeNext();
            assertThat(metrics.counted(Outcome.ACCEPTED)).isZero();
            assertThat(metrics.counted(Outcome.KAFKA_UNAVAILABLE)).isEqualTo(1.0);
        }

        @Test
        void with_kafka_unreachable_a_signed_post_is_503_never_200() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", "localhost:" + closedPort);
            WebhookIngress unreachable = WebhookIngress.open(SECRET, VERIFY_TOKEN, kafka, TOPIC, Duration.ofMillis(1000), metrics);
            ingresses.add(unreachable);
            String base = start(unreachable);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = signedPost(base, body);
                assertThat(response.statusCode()).isEqualTo(503);
            }
            assertThat(metrics.counted(Outcome.ACCEPTED)).isZero();
        }
    }

    @Test
    void the_outcomes_and_write_latency_are_metrics_and_the_secrets_appear_in_no_answer_metric_or_log() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> answers = new ArrayList<>();
        String scrape;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
            String base = start(ingress(Duration.ofMillis(300)));
            String body = envelope("1065", message("919876543210", "wamid.1", "STOP"));
            answers.add(signedPost(base, body).body());
            answers.add(post(base, body.getBytes(StandardCharsets.UTF_8), "sha256=00").body());
            answers.add(get(handshake(base, "subscribe", "nope", "1")).body());
            answers.add(get(handshake(base, "subscribe", VERIFY_TOKEN, "1")).body());
            scrape = get(base + "/metrics").body();
        } finally {
            System.setErr(err);
        }
        assertThat(scrape).contains("optin_webhook_requests_total{outcome=\"kafka_unavailable\"} 1.0",
                "optin_webhook_requests_total{outcome=\"bad_signature\"} 1.0",
                "optin_webhook_requests_total{outcome=\"handshake_refused\"} 1.0",
                "optin_webhook_requests_total{outcome=\"accepted\"} 0.0",
                "optin_webhook_write_seconds_bucket{result=\"failed\"");
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("answered 503");
        for (String text : List.of(scrape, captured.toString(StandardCharsets.UTF_8), String.join("\n", answers))) {
            assertThat(text).doesNotContain(SECRET).doesNotContain(VERIFY_TOKEN);
        }
    }
}
