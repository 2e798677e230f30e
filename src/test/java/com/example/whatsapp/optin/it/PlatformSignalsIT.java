package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.inbound.MetaStatusFixturesTest;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.example.whatsapp.optin.topology.Messages.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta's own signals against a real broker, written as users write them: a settings record, the
 * "Stop promotions" button, a 131050 status envelope, then outbound MARKETING requests; the gate
 * suppresses them at once.
 */
class PlatformSignalsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long T0 = 1_764_000_000L;
    private static final String SETTINGS = """
            {"businessName": "Acme Store",
             "optOut": {"keywords": ["STOP"], "marketingResponseText": "No more offers from {businessName}."},
             "optIn": {"enabled": true, "keywords": ["START"]},
             "help": {"responseText": "Reply STOP PROMOTIONS for no offers."}}""";

    private static JsonNode json(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String request(String requestId, String to) {
        return "{\"requestId\":" + quote(requestId) + ",\"businessId\":\"acme\",\"category\":\"MARKETING\""
                + ",\"message\":{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":" + quote(to)
                + ",\"type\":\"template\",\"template\":{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}}";
    }

    @Test
    void the_stop_promotions_button_and_a_131050_status_make_the_gate_suppress_marketing() {
        Map<String, String> config = TestKafka.isolatedConfig("signals");
        Topics topics = TestKafka.topics(config);
        String alice = "919876543210";
        String bob = "14155550100";
        try (ConsentService service = TestKafka.start(config); KafkaProducer<String, String> producer = TestKafka.producer()) {
            TestKafka.send(producer, topics.settings().name(), "acme", SETTINGS);
            Awaitility.await().atMost(WAIT).until(() -> service.settings().configured("acme").isPresent());
            for (String contact : List.of(alice, bob)) {
                TestKafka.send(producer, topics.inbound().name(), "acme:" + contact,
                        Messages.text("acme", contact, "wamid.join-" + contact, T0, "START"));
            }

            // Alice taps "Stop promotions"; Meta reports a campaign to Bob failed with 131050 (keyed as the webhook writes: none).
            TestKafka.send(producer, topics.inbound().name(), "acme:" + alice,
                    Messages.button("acme", alice, "wamid.B1", T0 + 60, "Stop promotions", "Stop promotions"));
            String failed = new String(MetaStatusFixturesTest.fixture("failed-131050"), StandardCharsets.UTF_8)
                    .replace(MetaStatusFixturesTest.BUSINESS, "acme").replace("16505551234", bob);
            TestKafka.send(producer, topics.inbound().name(), null, failed);

            List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), 4, WAIT);
            assertThat(events.stream().map(e -> json(e.value())).filter(e -> e.get("scope").asText().equals("MARKETING"))
                    .map(e -> e.get("contactId").asText() + " " + e.get("trigger").asText()))
                    .containsExactlyInAnyOrder(alice + " BUTTON", bob + " PLATFORM");
            List<ConsumerRecord<byte[], byte[]>> replies = TestKafka.readAtLeast(topics.replyCommands().name(), 1, WAIT);
            assertThat(replies.stream().map(r -> json(r.value()).get("purpose").asText()))
                    .containsExactly("MARKETING_OPT_OUT_CONFIRMATION");

            TestKafka.send(producer, topics.outbound().requests().name(), "acme:" + alice, request("sale-alice", alice));
            TestKafka.send(producer, topics.outbound().requests().name(), null, request("sale-bob", "+1 415-555-0100"));

            List<ConsumerRecord<byte[], byte[]>> suppressed = TestKafka.readAtLeast(topics.outbound().suppressed().name(), 2, WAIT);
            assertThat(suppressed.stream().map(r -> json(r.value())))
                    .extracting(d -> d.get("requestId").asText() + " " + d.get("reason").asText())
                    .containsExactlyInAnyOrder("sale-alice MARKETING_STOPPED", "sale-bob MARKETING_STOPPED");
            assertThat(service.counters().registry().find("optin.platform.statuses").tag("code", "131050").counter().count())
                    .isEqualTo(1.0);
        }
    }
}
