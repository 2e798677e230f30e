package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.broker.TopicSetup;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.Topics;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract, OptInSettings, "Settings in time", on a real broker: records written while no service
 * runs, then read as a backlog by a service that starts, and by a fresh instance; and live changes.
 */
class SettingsInTimeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long T0 = 1_764_000_000L;
    private static final String FIRST = """
            {"businessName":"Acme","optOut":{"keywords":["CANCEL","Don't send me messages"],
             "responseEnabled":true,"responseText":"First reply from {businessName}"}}""";
    private static final String SECOND = """
            {"businessName":"Acme","optOut":{"keywords":["Don't send me messages"],
             "responseEnabled":true,"responseText":"Second reply from {businessName}"}}""";
    private static final Map<String, String> EXPECTED = Map.of(
            "447700900001", "OPTED_OUT First reply from Acme",
            "447700900002", "OPTED_OUT First reply from Acme",
            "447700900004", "OPTED_OUT Second reply from Acme");

    @Test
    void a_backlog_written_while_no_service_runs_is_judged_by_the_settings_of_each_message_s_time_in_every_run()
            throws Exception {
        for (int run = 0; run < 3; run++) {
            Map<String, String> config = TestKafka.isolatedConfig("backlog-" + run);
            Topics topics = TestKafka.topics(config);
            createTopics(config);
            writeScenario(topics, 20);
            try (ConsentService service = TestKafka.start(config)) {
                assertThat(outcomes(topics)).as("run %d", run).isEqualTo(EXPECTED);
            }

            Map<String, String> fresh = TestKafka.isolatedConfig("fresh-" + run);
            fresh.put("optin.topic.inbound", topics.inbound().name());
            fresh.put("optin.topic.settings", topics.settings().name());
            Topics freshTopics = TestKafka.topics(fresh);
            try (ConsentService service = TestKafka.start(fresh)) {
                assertThat(outcomes(freshTopics)).as("a fresh instance, run %d", run).isEqualTo(EXPECTED);
            }
        }
    }

    @Test
    void the_scenario_written_while_the_service_starts_gives_the_same_decisions_in_every_run() throws Exception {
        for (int run = 0; run < 2; run++) {
            Map<String, String> config = TestKafka.isolatedConfig("starting-" + run);
            Topics topics = TestKafka.topics(config);
            createTopics(config);
            ExecutorService starter = Executors.newSingleThreadExecutor();
            try {
                Future<ConsentService> starting = starter.submit(() -> TestKafka.start(config));
                // Live, the contract promises settings written at least a second before a message.
                writeScenario(topics, 1_100);
                try (ConsentService service = starting.get(2, TimeUnit.MINUTES)) {
                    assertThat(outcomes(topics)).as("run %d", run).isEqualTo(EXPECTED);
                }
            } finally {
                starter.shutdownNow();
            }
        }
    }

    @Test
    void a_settings_change_applies_to_a_message_written_a_second_later_every_time() throws Exception {
        Map<String, String> config = TestKafka.isolatedConfig("live");
        Topics topics = TestKafka.topics(config);
        String[] keywords = {"HALT", "PAUSE", "QUIT", "ENOUGH", "BASTA"};
        try (ConsentService service = TestKafka.start(config); KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (int i = 0; i < keywords.length; i++) {
                write(producer, topics.settings().name(), "acme", "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\""
                        + keywords[i] + "\"],\"responseEnabled\":true,\"responseText\":\"bye " + i + "\"}}");
                Thread.sleep(1_000);
                String contact = "44770090010" + i;
                write(producer, topics.inbound().name(), "acme:" + contact, Messages.text("acme", contact, "live-" + i, T0 + i,
                        keywords[i].toLowerCase()));
            }
            Map<String, String> expected = new TreeMap<>();
            for (int i = 0; i < keywords.length; i++) {
                expected.put("44770090010" + i, "OPTED_OUT bye " + i);
            }
            assertThat(outcomes(topics, keywords.length)).isEqualTo(expected);
        }
    }

    private static void createTopics(Map<String, String> config) {
        TopicSetup.prepare(ServiceConfig.defaultsWith(config), TestKafka.bootstrapServers(), true);
    }

    /** The scenario of settings changing in time: CANCEL in effect, two customers, CANCEL removed and the reply changed, two more. */
    private static void writeScenario(Topics topics, long pauseMillis) throws InterruptedException {
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            write(producer, topics.settings().name(), "acme", FIRST, pauseMillis);
            write(producer, topics.inbound().name(), "acme:447700900001",
                    Messages.text("acme", "447700900001", "m1", T0 + 1, "cancel"), pauseMillis);
            write(producer, topics.inbound().name(), "acme:447700900002",
                    Messages.text("acme", "447700900002", "m2", T0 + 2, "Don’t send me messages!"), pauseMillis);
            write(producer, topics.settings().name(), "acme", SECOND, pauseMillis);
            write(producer, topics.inbound().name(), "acme:447700900003",
                    Messages.text("acme", "447700900003", "m3", T0 + 3, "CANCEL"), pauseMillis);
            write(producer, topics.inbound().name(), null, Messages.text("acme", "447700900004", "m4", T0 + 4, "Stop"), pauseMillis);
        }
    }

    /** Sends and waits for the acknowledgement, then lets the clock move so that no two records share a millisecond. */
    private static void write(KafkaProducer<String, String> producer, String topic, String key, String value)
            throws InterruptedException {
        write(producer, topic, key, value, 20);
    }

    private static void write(KafkaProducer<String, String> producer, String topic, String key, String value,
                              long pauseMillis) throws InterruptedException {
        TestKafka.send(producer, topic, key, value);
        Thread.sleep(pauseMillis);
    }

    private static Map<String, String> outcomes(Topics topics) {
        return outcomes(topics, EXPECTED.size());
    }

    /** Contact → "STATUS reply text" for every change, once {@code changes} changes and their replies are readable. */
    private static Map<String, String> outcomes(Topics topics, int changes) {
        List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), changes, WAIT);
        List<ConsumerRecord<byte[], byte[]>> replies = TestKafka.readAtLeast(topics.replyCommands().name(), changes, WAIT);
        Map<String, String> replyOf = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> reply : replies) {
            JsonNode r = json(reply);
            replyOf.put(r.get("consentEventId").asText(), r.at("/message/text/body").asText());
        }
        Map<String, String> outcomes = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> event : events) {
            JsonNode e = json(event);
            outcomes.merge(e.get("contactId").asText(),
                    e.get("status").asText() + " " + replyOf.getOrDefault(e.get("eventId").asText(), "-"),
                    (a, b) -> a + ", " + b);
        }
        return outcomes;
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
