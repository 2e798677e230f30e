package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.topology.Topics;
import com.example.whatsapp.optin.webhook.WebhookSignature;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static com.example.whatsapp.optin.topology.Messages.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /metrics is open (no token), so it must hold no contact's data: after traffic on every path
 * (messages deciding consent, a malformed one, outbound requests, webhook posts, lookups with and
 * without the token), no metric's name or label value holds a contact id, a phone number in any
 * spelling, a profile name or a message's text.
 */
class MetricsPrivacyIT {

    private static final String READ_TOKEN = "metrics-it-read-token";
    private static final String SECRET = "metrics-it-app-secret";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Contacts and texts chosen to be found anywhere they leak: unusual digits and words. */
    private static final List<String> CONTACTS = List.of("447911123987", "919812734650", "15557340921");
    private static final String WEBHOOK_CONTACT = "5511987612345";
    /** The first contact's STOP decides; the others' texts decide nothing but pass the same counters. */
    private static final List<String> TEXTS = List.of("STOP", "Start please Zebrawhistle", "hello Marmotglimmer");
    private static final String BROKEN_TEXT = "Quokkafrost";
    private static final String PROFILE_NAME = "Philippa Quixotewell";

    private static Map<String, String> config;
    private static Topics topics;
    private static ConsentService service;
    private static String base;

    @BeforeAll
    static void start() {
        config = new HashMap<>(TestKafka.isolatedConfig("metrics-privacy"));
        config.put("optin.http.read-token", READ_TOKEN);
        config.put("optin.webhook.app-secret", SECRET);
        topics = TestKafka.topics(config);
        service = TestKafka.start(config);
        base = "http://localhost:" + config.get("optin.http.port");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void no_metric_names_or_labels_a_contact_a_phone_number_a_name_or_a_message_s_text() throws Exception {
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            TestKafka.send(producer, topics.settings().name(), "acme", ACME_SETTINGS);
            Awaitility.await().atMost(WAIT).until(() -> service.settings().configured("acme").isPresent());
            long t = 1_764_000_000L;
            for (int i = CONTACTS.size() - 1; i >= 0; i--) {
                String contact = CONTACTS.get(i);
                TestKafka.send(producer, topics.inbound().name(), "acme:" + contact,
                        text("acme", contact, "wamid.metrics-" + i, t + i, TEXTS.get(i)));
                TestKafka.send(producer, topics.outbound().requests().name(), "acme:" + contact,
                        "{\"requestId\":\"req-" + contact + "\",\"businessId\":\"acme\",\"category\":\"MARKETING\",\"message\":"
                                + "{\"messaging_product\":\"whatsapp\",\"to\":\"+" + contact + "\",\"type\":\"template\","
                                + "\"template\":{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}}");
            }
            // Unreadable: counted by the dead-letter path, which must not label its reason with the payload.
            TestKafka.send(producer, topics.inbound().name(), "acme:" + CONTACTS.get(0), "{\"from\":\"" + CONTACTS.get(0) + "\", broken " + BROKEN_TEXT);
            TestKafka.send(producer, topics.outbound().requests().name(), "acme:" + CONTACTS.get(1), "{not json " + CONTACTS.get(1));
        }
        String envelope = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"" + PROFILE_NAME + "\"},\"wa_id\":\"" + WEBHOOK_CONTACT + "\"}],"
                + "\"messages\":[{\"from\":\"" + WEBHOOK_CONTACT + "\",\"id\":\"wamid.metrics-webhook\",\"timestamp\":\"1764000100\","
                + "\"text\":{\"body\":\"STOP\"},\"type\":\"text\"}]},\"field\":\"messages\"}]}]}";
        byte[] body = envelope.getBytes(StandardCharsets.UTF_8);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, new WebhookSignature(SECRET).header(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))).statusCode()).isEqualTo(200);
        send(HttpRequest.newBuilder(URI.create(base + "/webhooks/whatsapp")).POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + WEBHOOK_CONTACT + "\"}")));

        // The first contact's STOP, sent last, decided: the counters have moved.
        Awaitility.await().atMost(WAIT).until(() -> lookup(CONTACTS.get(0), READ_TOKEN).body().contains("OPTED_OUT"));
        for (String contact : CONTACTS) {
            assertThat(lookup(contact, null).statusCode()).isEqualTo(401);
            send(HttpRequest.newBuilder(URI.create(base + "/v1/businesses/acme/contacts/" + contact + "/history"))
                    .header("Authorization", "Bearer " + READ_TOKEN));
        }
        send(HttpRequest.newBuilder(URI.create(base + "/v1/businesses/acme/contacts/+" + CONTACTS.get(2) + "/may-send?category=MARKETING"))
                .header("Authorization", "Bearer " + READ_TOKEN));

        HttpResponse<String> scrape = send(HttpRequest.newBuilder(URI.create(base + "/metrics")));
        assertThat(scrape.statusCode()).as("/metrics needs no token").isEqualTo(200);
        List<String> samples = scrape.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(samples).as("the scrape holds the consent counters").anyMatch(l -> l.contains("optin"));

        List<String> forbidden = new ArrayList<>();
        for (String contact : new ArrayList<>(List.of(WEBHOOK_CONTACT)) {{ addAll(CONTACTS); }}) {
            forbidden.add(contact);
            // the number's local part alone, as a masked or reformatted number might keep it
            forbidden.add(contact.substring(contact.length() - 7));
        }
        forbidden.addAll(List.of("Zebrawhistle", "Marmotglimmer", BROKEN_TEXT));
        forbidden.addAll(List.of(PROFILE_NAME.split(" ")));
        forbidden.add("wamid.metrics");
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        List<String> leaks = new ArrayList<>();
        int labelValues = 0;
        for (String line : samples) {
            Matcher m = sample.matcher(line);
            assertThat(m.find()).as("a sample line: " + line).isTrue();
            List<String> parts = new ArrayList<>(List.of(m.group(1)));
            if (m.group(3) != null) {
                Matcher l = label.matcher(m.group(3));
                while (l.find()) {
                    parts.add(l.group(1));
                    parts.add(l.group(2));
                    labelValues++;
                }
            }
            for (String part : parts) {
                for (String word : forbidden) {
                    if (part.toLowerCase(java.util.Locale.ROOT).contains(word.toLowerCase(java.util.Locale.ROOT))) {
                        leaks.add(word + " in " + line);
                    }
                }
            }
        }
        assertThat(labelValues).as("the scan reads the label values").isGreaterThan(samples.size());
        assertThat(leaks).isEmpty();
    }

    private static HttpResponse<String> lookup(String contact, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/businesses/acme/contacts/" + contact));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
