package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.service.ConsentStreams;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.Topics;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/** The service against a real broker, with exactly_once_v2, read back with read_committed. */
class ConsentServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long T0 = 1_764_000_000L;

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void the_whole_contract_path_with_exactly_once() {
        Map<String, String> config = TestKafka.isolatedConfig("e2e");
        assertThat(config).doesNotContainKey("processing.guarantee");
        Topics topics = TestKafka.topics(config);
        try (ConsentService service = TestKafka.start(config); KafkaProducer<String, String> producer = TestKafka.producer()) {
            assertThat(ConsentStreams.kafkaStreamsProperties(service.config(), "x").getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
            TestKafka.send(producer, topics.settings().name(), "acme", ACME_SETTINGS);
            await(() -> service.settings().configured("acme").isPresent());

            TestKafka.send(producer, topics.inbound().name(), "acme:919876543210",
                    Messages.text("acme", "919876543210", "wamid.1", T0, "STOP"));
            TestKafka.send(producer, topics.inbound().name(), null,
                    Messages.button("acme", "+91 98765-43210", "wamid.2", T0 + 60, "JOIN", "Join"));
            TestKafka.send(producer, topics.inbound().name(), "not json key", "{not json");
            TestKafka.send(producer, topics.inbound().name(), "receiver-1",
                    "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":"
                            + "{\"metadata\":{\"phone_number_id\":\"acme\"},\"messages\":["
                            + "{\"from\":\"14155550100\",\"id\":\"wamid.3\",\"timestamp\":\"" + T0 + "\",\"type\":\"text\",\"text\":{\"body\":\"unsubscribe 🙏\"}},"
                            + "{\"from\":\"919876543210\",\"id\":\"wamid.1\",\"timestamp\":\"" + T0 + "\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}"
                            + "]}}]}]}");
            TestKafka.send(producer, topics.inbound().name(), "acme:919876543210",
                    Messages.text("acme", "919876543210", "wamid.late", T0 + 30, "STOP"));

            List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), 3, WAIT);
            assertThat(events).extracting(ConsentServiceIT::key)
                    .containsExactlyInAnyOrder("acme:919876543210", "acme:919876543210", "acme:14155550100");
            assertThat(events.stream().filter(e -> key(e).equals("acme:919876543210")).map(e -> json(e).get("status").asText()))
                    .containsExactly("OPTED_OUT", "OPTED_IN");
            List<ConsumerRecord<byte[], byte[]>> replies = TestKafka.readAtLeast(topics.replyCommands().name(), 3, WAIT);
            assertThat(replies).hasSize(3);
            assertThat(replies).extracting(r -> json(r).get("consentEventId").asText())
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(e -> json(e).get("eventId").asText()).toList());

            List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readAtLeast(topics.deadLetter().name(), 1, WAIT);
            assertThat(dead).hasSize(1);
            assertThat(key(dead.get(0))).isEqualTo("not json key");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(header(dead.get(0), "__streams.errors.exception")).endsWith("UnreadableInboundException");
            assertThat(header(dead.get(0), "__streams.errors.message")).contains("not valid JSON");
        }
    }

    @Test
    void poison_pills_land_in_the_dead_letter_topic_and_every_good_record_is_processed() {
        Map<String, String> config = TestKafka.isolatedConfig("dlq");
        Topics topics = TestKafka.topics(config);
        try (ConsentService service = TestKafka.start(config); KafkaProducer<String, String> producer = TestKafka.producer()) {
            int good = 0;
            int bad = 0;
            for (int i = 0; i < 200; i++) {
                String contact = "1415555" + String.format("%04d", i);
                if (i % 10 == 3) {
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.inbound().name(), "bad-" + i,
                            i % 20 == 3 ? "[\"STOP\"]" : "{\"businessId\":\"acme\",\"from\":\"" + contact + "\",\"type\":\"text\"}"));
                    bad++;
                } else {
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.inbound().name(), null,
                            Messages.text("acme", contact, "m" + i, T0 + i, "STOP")));
                    good++;
                }
            }
            producer.flush();
            int expectedBad = bad;
            assertThat(TestKafka.readAtLeast(topics.consentEvents().name(), good, WAIT)).hasSize(good);
            assertThat(TestKafka.readAtLeast(topics.deadLetter().name(), expectedBad, WAIT)).hasSize(expectedBad)
                    .allSatisfy(r -> assertThat(key(r)).startsWith("bad-"));
        }
    }

    @Test
    void a_restart_mid_stream_loses_nothing_and_doubles_nothing() throws Exception {
        Map<String, String> config = TestKafka.isolatedConfig("restart");
        Topics topics = TestKafka.topics(config);
        int contacts = 150;
        // Each contact: STOP, START, STOP with rising timestamps, every message delivered twice.
        List<String[]> messages = new ArrayList<>();
        String[] words = {"STOP", "START", "STOP"};
        for (int step = 0; step < 3; step++) {
            for (int c = 0; c < contacts; c++) {
                String contact = "4470000" + String.format("%05d", c);
                String json = Messages.text("acme", contact, "m" + c + "-" + step, T0 + step * 100L, words[step]);
                messages.add(new String[] {c % 2 == 0 ? "acme:" + contact : null, json});
                messages.add(new String[] {null, json});
            }
        }
        AtomicInteger sent = new AtomicInteger();
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            ConsentService first = TestKafka.start(config);
            TestKafka.send(producer, topics.settings().name(), "acme", ACME_SETTINGS);
            await(() -> first.settings().configured("acme").isPresent());
            // A step is sent once the one before it is decided: copies through other partitions may
            // overtake each other by seconds across the restart, and a message that an overtaking newer
            // one decided before is late by the contract, not lost. Within a step nothing can overtake.
            int perStep = messages.size() / words.length;
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < messages.size(); i++) {
                    if (i > 0 && i % perStep == 0) {
                        int decided = i / perStep * contacts;
                        TestKafka.readAtLeast(topics.consentEvents().name(), decided, Duration.ofSeconds(120));
                    }
                    String[] m = messages.get(i);
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.inbound().name(), m[0], m[1]));
                    sent.incrementAndGet();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                producer.flush();
            });
            feeder.start();
            await(() -> first.counters().optOuts().count() + first.counters().optIns().count() >= 100);
            first.close();
            assertThat(sent.get()).as("stopped mid-stream").isLessThan(messages.size());
            try (ConsentService second = TestKafka.start(config)) {
                feeder.join();
                List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), contacts * 3, Duration.ofSeconds(120));
                assertThat(events).hasSize(contacts * 3);
                assertThat(events.stream().map(e -> json(e).get("eventId").asText()).distinct().count()).isEqualTo(contacts * 3L);
                Map<String, List<String>> byContact = new HashMap<>();
                events.forEach(e -> byContact.computeIfAbsent(key(e), k -> new ArrayList<>()).add(json(e).get("status").asText()));
                assertThat(byContact).hasSize(contacts).allSatisfy((k, v) ->
                        assertThat(v).containsExactly("OPTED_OUT", "OPTED_IN", "OPTED_OUT"));
                assertThat(TestKafka.readAtLeast(topics.replyCommands().name(), contacts * 3, Duration.ofSeconds(60))).hasSize(contacts * 3);
            }
        }
    }

    @Test
    void state_is_restored_from_the_changelog_after_the_state_directory_is_lost() {
        Map<String, String> config = TestKafka.isolatedConfig("restore");
        Topics topics = TestKafka.topics(config);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            try (ConsentService first = TestKafka.start(config)) {
                TestKafka.send(producer, topics.settings().name(), "acme", ACME_SETTINGS);
                await(() -> first.settings().configured("acme").isPresent());
                for (int c = 0; c < 50; c++) {
                    TestKafka.send(producer, topics.inbound().name(), null, Messages.text("acme", "33600000" + String.format("%03d", c), "a" + c, T0 + 100, "STOP"));
                }
                assertThat(TestKafka.readAtLeast(topics.consentEvents().name(), 50, WAIT)).hasSize(50);
            }
            TestKafka.deleteRecursively(Path.of(config.get("state.dir")));
            try (ConsentService second = TestKafka.start(config)) {
                assertThat(second.settings().configured("acme")).isPresent();
                for (int c = 0; c < 50; c++) {
                    String contact = "33600000" + String.format("%03d", c);
                    // A second STOP, a late START and a redelivery change nothing; only the new START does.
                    TestKafka.send(producer, topics.inbound().name(), "acme:" + contact, Messages.text("acme", contact, "b" + c, T0 + 200, "STOP"));
                    TestKafka.send(producer, topics.inbound().name(), "acme:" + contact, Messages.text("acme", contact, "c" + c, T0 + 50, "START"));
                    TestKafka.send(producer, topics.inbound().name(), null, Messages.text("acme", contact, "a" + c, T0 + 100, "STOP"));
                    if (c % 2 == 0) {
                        TestKafka.send(producer, topics.inbound().name(), null, Messages.text("acme", contact, "d" + c, T0 + 300, "START"));
                    }
                }
                List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), 75, WAIT);
                assertThat(events).hasSize(75);
                List<JsonNode> restarted = events.stream().map(ConsentServiceIT::json)
                        .filter(e -> !e.get("sourceMessageId").asText().startsWith("a")).toList();
                assertThat(restarted).hasSize(25).allSatisfy(e -> {
                    assertThat(e.get("sourceMessageId").asText()).startsWith("d");
                    assertThat(e.get("status").asText()).isEqualTo("OPTED_IN");
                    assertThat(e.get("previousStatus").asText()).isEqualTo("OPTED_OUT");
                });
            }
        }
    }

    @Test
    void settings_change_live_revert_on_tombstone_and_survive_invalid_records_and_lost_state() {
        Map<String, String> config = TestKafka.isolatedConfig("settings");
        Topics topics = TestKafka.topics(config);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            try (ConsentService service = TestKafka.start(config)) {
                TestKafka.send(producer, topics.settings().name(), "acme", "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"PAUSE\"]}}");
                await(() -> service.settings().configured("acme").isPresent());
                TestKafka.send(producer, topics.inbound().name(), null, Messages.text("acme", "5511900000001", "m1", T0, "PAUSE"));
                TestKafka.readAtLeast(topics.consentEvents().name(), 1, WAIT);

                TestKafka.send(producer, topics.settings().name(), "acme", "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"HALT\"]},"
                        + "\"optIn\":{\"enabled\":true,\"keywords\":[\"HALT\"]}}");
                TestKafka.send(producer, topics.settings().name(), "acme", "][");
                await(() -> service.counters().settingsRejected().count() >= 2);
                TestKafka.send(producer, topics.inbound().name(), null, Messages.text("acme", "5511900000002", "m2", T0, "HALT"));
                TestKafka.send(producer, topics.inbound().name(), null, Messages.text("acme", "5511900000003", "m3", T0, "PAUSE"));
                List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), 2, WAIT);
                assertThat(events).extracting(ConsentServiceIT::key)
                        .containsExactlyInAnyOrder("acme:5511900000001", "acme:5511900000003");
            }
            // A fresh instance, with no local state, still has the last valid settings.
            TestKafka.deleteRecursively(Path.of(config.get("state.dir")));
            try (ConsentService service = TestKafka.start(config)) {
                assertThat(service.settings().configured("acme")).get()
                        .satisfies(s -> assertThat(s.optOut().keywords()).containsExactly("PAUSE"));
                TestKafka.send(producer, topics.settings().name(), "acme", null);
                await(() -> service.settings().configured("acme").isEmpty());
                TestKafka.send(producer, topics.inbound().name(), null, Messages.text("acme", "5511900000004", "m4", T0, "PAUSE"));
                TestKafka.send(producer, topics.inbound().name(), null, Messages.text("acme", "5511900000005", "m5", T0, "STOP"));
                List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), 3, WAIT);
                assertThat(events).extracting(ConsentServiceIT::key)
                        .containsExactlyInAnyOrder("acme:5511900000001", "acme:5511900000003", "acme:5511900000005");
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
