package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.broker.TopicSetup;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.topology.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static com.example.whatsapp.optin.topology.Messages.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract's "Outbound gate" against a real broker, with exactly_once_v2, read back with read_committed. */
class OutboundGateIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long T0 = 1_764_000_000L;

    private static JsonNode json(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String request(String requestId, String category, String to) {
        return "{\"requestId\":" + quote(requestId) + ",\"businessId\":\"acme\",\"category\":" + quote(category)
                + ",\"message\":{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":" + quote(to)
                + ",\"type\":\"template\",\"template\":{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}}";
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(WAIT).until(condition);
    }

    @Test
    void a_request_produced_after_the_opt_out_event_was_read_is_suppressed() {
        Map<String, String> config = TestKafka.isolatedConfig("gate");
        Topics topics = TestKafka.topics(config);
        try (ConsentService service = TestKafka.start(config); KafkaProducer<String, String> producer = TestKafka.producer()) {
            TestKafka.send(producer, topics.settings().name(), "acme", ACME_SETTINGS);
            await(() -> service.settings().configured("acme").isPresent());
            TestKafka.send(producer, topics.inbound().name(), "acme:919876543210",
                    Messages.button("acme", "919876543210", "wamid.1", T0, "JOIN", "Join"));
            TestKafka.readAtLeast(topics.consentEvents().name(), 1, WAIT);
            TestKafka.send(producer, topics.outbound().requests().name(), "acme:919876543210", request("before", "MARKETING", "919876543210"));
            assertThat(TestKafka.readAtLeast(topics.outbound().approved().name(), 1, WAIT)).hasSize(1);

            TestKafka.send(producer, topics.inbound().name(), "acme:919876543210",
                    Messages.text("acme", "919876543210", "wamid.2", T0 + 60, "STOP"));
            List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), 2, WAIT);
            assertThat(json(events.get(1).value()).get("status").asText()).isEqualTo("OPTED_OUT");

            TestKafka.send(producer, topics.outbound().requests().name(), "acme:919876543210", request("after", "MARKETING", "919876543210"));
            TestKafka.send(producer, topics.outbound().requests().name(), null, request("after-unkeyed", "UTILITY", "+91 98765-43210"));
            TestKafka.send(producer, topics.outbound().requests().name(), "campaign", "{not json");
            List<ConsumerRecord<byte[], byte[]>> suppressed = TestKafka.readAtLeast(topics.outbound().suppressed().name(), 2, WAIT);
            assertThat(suppressed).extracting(r -> json(r.value()).get("requestId").asText())
                    .containsExactlyInAnyOrder("after", "after-unkeyed");
            assertThat(suppressed).extracting(r -> json(r.value()).get("reason").asText()).containsOnly("OPTED_OUT");
            assertThat(suppressed).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsOnly("acme:919876543210");
            assertThat(TestKafka.readAtLeast(topics.outbound().approved().name(), 1, Duration.ofSeconds(2))).hasSize(1);

            List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readAtLeast(topics.outbound().deadLetter().name(), 1, WAIT);
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("campaign");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            Header exception = dead.get(0).headers().lastHeader("__streams.errors.exception");
            assertThat(exception).isNotNull();
            assertThat(dead.get(0).headers().lastHeader("__streams.errors.message")).isNotNull();
            assertThat(TestKafka.readAtLeast(topics.deadLetter().name(), 0, Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void the_service_refuses_to_start_when_the_requests_topic_is_not_co_partitioned_with_the_inbound_topic() throws Exception {
        Map<String, String> config = TestKafka.isolatedConfig("copart");
        Topics topics = TestKafka.topics(config);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.inbound().name(), 3, (short) 1),
                    new NewTopic(topics.outbound().requests().name(), 2, (short) 1))).all().get();
        }
        ServiceConfig serviceConfig = ServiceConfig.defaultsWith(config);
        assertThatThrownBy(() -> TopicSetup.prepare(serviceConfig, TestKafka.bootstrapServers(), true))
                .isInstanceOf(TopicSetup.TopicSetupException.class)
                .hasMessage("topic " + topics.outbound().requests().name() + " has 2 partitions but " + topics.inbound().name()
                        + " has 3; they must be equal (each is decided where its contact's consent is kept): recreate "
                        + topics.outbound().requests().name() + " with 3 partitions");
    }

    @Test
    void a_missing_requests_topic_is_created_with_the_inbound_topic_s_partition_count() throws Exception {
        Map<String, String> config = TestKafka.isolatedConfig("copart-create");
        Topics topics = TestKafka.topics(config);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.inbound().name(), 3, (short) 1))).all().get();
            TopicSetup.prepare(ServiceConfig.defaultsWith(config), TestKafka.bootstrapServers(), true);
            assertThat(admin.describeTopics(List.of(topics.outbound().requests().name())).allTopicNames().get()
                    .get(topics.outbound().requests().name()).partitions()).hasSize(3);
            assertThat(admin.describeTopics(List.of(topics.consentRecords().name())).allTopicNames().get()
                    .get(topics.consentRecords().name()).partitions()).as("the consent records too").hasSize(3);
        }
    }

    /**
     * 100 contacts, each through ten windows of consent (never decided, then STOP and JOIN in turn),
     * twenty requests per window: 20,000 requests. A window's requests are produced only once the
     * event that opened it has been read (read_committed), and the next change only once all of
     * them have been decided, so each request is processed after exactly the events before its
     * window and before the next: the oracle knows the one right decision for each. Windows of
     * different contacts overlap freely, and a third of the requests take the repartition topic.
     */
    @Test
    void twenty_thousand_requests_over_changing_consent_are_judged_by_the_consent_before_them() {
        int contacts = 100;
        int windows = 10;
        int perWindow = 20;
        Map<String, String> config = TestKafka.isolatedConfig("gate-oracle");
        Topics topics = TestKafka.topics(config);
        try (ConsentService service = TestKafka.start(config); KafkaProducer<String, String> producer = TestKafka.producer();
             KafkaConsumer<String, String> consumer = readCommitted()) {
            TestKafka.send(producer, topics.settings().name(), "acme", ACME_SETTINGS);
            await(() -> service.settings().configured("acme").isPresent());

            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.consentEvents().name(), topics.outbound().approved().name(),
                    topics.outbound().suppressed().name())) {
                consumer.partitionsFor(topic, WAIT).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            Contact[] byIndex = new Contact[contacts];
            Map<String, Contact> byKey = new HashMap<>();
            Map<String, Expected> expected = new HashMap<>();
            Map<String, Integer> decided = new HashMap<>();
            for (int c = 0; c < contacts; c++) {
                byIndex[c] = new Contact(c);
                byKey.put("acme:" + byIndex[c].id, byIndex[c]);
                byIndex[c].openWindow(producer, topics, expected, perWindow);
            }
            int finished = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            List<String> wrong = new ArrayList<>();
            while (finished < contacts && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode value = json(record.value().getBytes(StandardCharsets.UTF_8));
                    Contact contact = byKey.get(record.key());
                    if (record.topic().equals(topics.consentEvents().name())) {
                        assertThat(contact.waitingForEvent).as("one event per change").isTrue();
                        assertThat(value.get("status").asText()).isEqualTo(contact.status);
                        contact.waitingForEvent = false;
                        contact.openWindow(producer, topics, expected, perWindow);
                        continue;
                    }
                    String requestId = value.get("requestId").asText();
                    decided.merge(requestId, 1, Integer::sum);
                    Expected want = expected.get(requestId);
                    String got = value.get("decision").asText() + " " + value.get("reason").asText() + " " + value.get("status").asText();
                    if (!got.equals(want.decision())) {
                        wrong.add(requestId + ": " + got + ", expected " + want.decision());
                    }
                    if (!record.topic().equals(want.approved() ? topics.outbound().approved().name() : topics.outbound().suppressed().name())) {
                        wrong.add(requestId + " on " + record.topic());
                    }
                    if (--contact.undecided == 0) {
                        if (contact.window + 1 < windows) {
                            contact.change(producer, topics);
                        } else {
                            finished++;
                        }
                    }
                }
            }
            assertThat(wrong).isEmpty();
            assertThat(finished).as("contacts through all their windows").isEqualTo(contacts);
            assertThat(expected).hasSize(contacts * windows * perWindow).hasSize(20_000);
            assertThat(decided.keySet()).isEqualTo(expected.keySet());
            assertThat(decided.values()).as("each request decided exactly once").containsOnly(1);
        }
    }

    /** @param decision "DECISION reason status" as the OutboundDecision says them */
    private record Expected(String decision, boolean approved) {
    }

    /** One contact of the oracle run: its consent now, and the window of requests it is in. */
    private static final class Contact {
        private static final String[] CATEGORIES = {"MARKETING", "UTILITY", "AUTHENTICATION", "SERVICE"};

        final String id;
        String status = "UNKNOWN";
        int window;
        int undecided;
        boolean waitingForEvent;
        private int message;

        Contact(int index) {
            id = "1555" + String.format("%07d", index);
        }

        void openWindow(KafkaProducer<String, String> producer, Topics topics, Map<String, Expected> expected, int count) {
            for (int i = 0; i < count; i++) {
                String requestId = id + "-w" + window + "-" + i;
                String category = CATEGORIES[i % CATEGORIES.length];
                String key = switch (i % 3) {
                    case 0 -> "acme:" + id;
                    case 1 -> null;
                    default -> "campaign-" + i;
                };
                String to = i % 2 == 0 ? id : "+" + id.substring(0, 4) + " " + id.substring(4, 7) + "-" + id.substring(7);
                expected.put(requestId, expect(category));
                producer.send(new ProducerRecord<>(topics.outbound().requests().name(), key, request(requestId, category, to)));
            }
            undecided = count;
            producer.flush();
        }

        /** The oracle: the contract's rules for a contact whose marketing status is never decided. */
        private Expected expect(String category) {
            if (category.equals("SERVICE") || status.equals("OPTED_IN")) {
                return new Expected("APPROVED null " + status, true);
            }
            return new Expected("SUPPRESSED " + (status.equals("OPTED_OUT") ? "OPTED_OUT" : "NO_OPT_IN") + " " + status, false);
        }

        void change(KafkaProducer<String, String> producer, Topics topics) {
            window++;
            status = status.equals("OPTED_OUT") ? "OPTED_IN" : "OPTED_OUT";
            String body = status.equals("OPTED_OUT") ? "STOP" : "JOIN";
            producer.send(new ProducerRecord<>(topics.inbound().name(), "acme:" + id,
                    Messages.text("acme", id, "wamid." + id + "." + message, T0 + message++, body)));
            producer.flush();
            waitingForEvent = true;
        }
    }

    private static KafkaConsumer<String, String> readCommitted() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
