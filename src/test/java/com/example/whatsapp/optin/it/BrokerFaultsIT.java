package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.topology.Messages;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service on a three-node KRaft cluster (replication factor 3, {@code min.insync.replicas}
 * 2, topics made by the jar's {@code topics create}) while messages keep coming: the active
 * controller, a leader of the inbound topic and the group coordinator are SIGKILLed in turn and
 * restarted, then every node restarts in turn. The outputs, read with read_committed, must equal
 * what an oracle written here (independent of the service's code) expects, and the service must
 * stay up throughout. Prints, for each fault, when the cluster had a leader for every partition
 * again and when the service committed progress after that (docs/broker-faults.md).
 */
class BrokerFaultsIT {

    private static final int BUSINESSES = 24;
    private static final int CONTACTS_PER_BUSINESS = 300;
    private static final int MESSAGES = Integer.getInteger("broker-faults.messages", 20_000);
    /**
     * Messages a second while the faults run, and a slower trickle for the last tenth, so that input
     * keeps coming however long the faults take; the rest go as fast as the producer can after them.
     */
    private static final int PACE_PER_SECOND = 25;
    private static final int TRICKLE_PER_SECOND = 4;
    private static final Duration GENEROUS = Duration.ofSeconds(180);

    enum Kind { DEFAULTS, FULL, NO_OPT_IN }

    enum Meaning { OUT, IN, NONE }

    /** A text and what it means for each kind of business, decided by hand, not by the service's matcher. */
    record Phrase(String text, boolean button, Meaning defaults, Meaning full, Meaning noOptIn) {
        Meaning meaningFor(Kind kind) {
            return switch (kind) {
                case DEFAULTS -> defaults;
                case FULL -> full;
                case NO_OPT_IN -> noOptIn;
            };
        }
    }

    private static final List<Phrase> KEYWORDS = List.of(
            new Phrase("STOP", false, Meaning.OUT, Meaning.OUT, Meaning.OUT),
            new Phrase("stop.", false, Meaning.OUT, Meaning.OUT, Meaning.OUT),
            new Phrase("Unsubscribe 🙏🏽", false, Meaning.OUT, Meaning.OUT, Meaning.OUT),
            new Phrase("Don’t send me messages", false, Meaning.NONE, Meaning.OUT, Meaning.NONE),
            new Phrase("HALT!", false, Meaning.NONE, Meaning.NONE, Meaning.OUT),
            new Phrase("START", false, Meaning.NONE, Meaning.IN, Meaning.NONE),
            new Phrase("yes", false, Meaning.NONE, Meaning.IN, Meaning.NONE),
            new Phrase("GO", false, Meaning.NONE, Meaning.NONE, Meaning.NONE),
            new Phrase("JOIN", true, Meaning.NONE, Meaning.IN, Meaning.NONE));
    private static final List<String> CHATTER = List.of("hello", "please stop", "ok 👍", "where is my order?", "stopp", "");

    record Sent(String business, Kind kind, String contact, String id, long ts, Phrase phrase, String chatter) {
    }

    /** The oracle's view of one contact. */
    static final class Contact {
        String status = "UNKNOWN";
        long newest = Long.MIN_VALUE;
        final Set<String> decided = new HashSet<>();
        final List<String> changes = new ArrayList<>();
        int replies;
    }

    /** One fault and what followed it, in milliseconds after the fault began. */
    record Timing(String fault, int node, long recovered, long firstCommit, long resumed, long firstOutput, long outputResumed) {
        long serviceShare() {
            return resumed - recovered;
        }

        long outputShare() {
            return outputResumed - recovered;
        }
    }

    @Test
    @DisplayName("Killing the controller, an inbound leader and the group coordinator, then restarting every node, loses and doubles nothing, and the service stays up")
    void broker_faults_lose_nothing_double_nothing_and_the_service_stays_up() throws Exception {
        Random random = new Random(272727);
        List<Sent> sent = new ArrayList<>(MESSAGES);
        Map<String, Contact> oracle = new LinkedHashMap<>();
        buildInput(random, sent, oracle);
        int expectedEvents = oracle.values().stream().mapToInt(c -> c.changes.size()).sum();
        int expectedReplies = oracle.values().stream().mapToInt(c -> c.replies).sum();
        assertThat(expectedEvents).isGreaterThan(MESSAGES / 10);

        try (KafkaCluster cluster = KafkaCluster.start(3)) {
            Map<String, String> config = serviceConfig(cluster.bootstrapServers());
            String applicationId = config.get("application.id");
            Path workDir = TestKafka.tempDir("broker-faults");
            Path configFile = ServiceProcess.writeConfig(workDir, config);
            CliRun topics = CliRun.of("topics", "create", "--config", configFile.toString());
            assertThat(topics.exitCode()).as(topics.err()).isZero();

            ServiceProcess service = ServiceProcess.start(workDir, configFile, "service.log", serviceEnvironment());
            List<Timing> timings = new ArrayList<>();
            try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers());
                 CommitWatch commits = new CommitWatch(cluster.bootstrapServers(), applicationId);
                 OutputWatch outputs = new OutputWatch(cluster.bootstrapServers(), config.get("optin.topic.consent-events"))) {
                for (int b = 0; b < BUSINESSES; b++) {
                    String settings = settingsFor(kindOf(b));
                    if (settings != null) {
                        producer.send(new ProducerRecord<>(config.get("optin.topic.settings"), "biz" + b, settings)).get();
                    }
                }
                awaitSettings(config.get("optin.http.port"));

                AtomicBoolean faultsOver = new AtomicBoolean();
                AtomicInteger produced = new AtomicInteger();
                List<Exception> failedSends = new CopyOnWriteArrayList<>();
                Thread feeder = new Thread(() -> feed(producer, config.get("optin.topic.inbound"), sent, produced, faultsOver, failedSends),
                        "feeder");
                feeder.start();
                commits.start();
                outputs.start();
                await().atMost(GENEROUS).until(() -> commits.progressAfter(0) && outputs.progressAfter(0));

                timings.add(fault("SIGKILL active controller", cluster, commits, outputs, cluster.activeController(), true));
                timings.add(fault("SIGKILL inbound leader", cluster, commits, outputs,
                        inboundLeader(cluster, config.get("optin.topic.inbound")), true));
                timings.add(fault("SIGKILL group coordinator", cluster, commits, outputs, cluster.groupCoordinator(applicationId), true));
                for (int id : cluster.nodeIds()) {
                    timings.add(fault("restart node " + id, cluster, commits, outputs, id, false));
                }
                assertThat(service.process.isAlive()).as("the service is up after the faults").isTrue();
                faultsOver.set(true);
                feeder.join();
                assertThat(failedSends).isEmpty();
                assertThat(produced.get()).isEqualTo(MESSAGES);

                print(timings);
                String bootstrap = cluster.bootstrapServers();
                List<ConsumerRecord<byte[], byte[]>> events = readCommitted(bootstrap, config.get("optin.topic.consent-events"),
                        expectedEvents, Duration.ofSeconds(300));
                List<ConsumerRecord<byte[], byte[]>> replies = readCommitted(bootstrap, config.get("optin.topic.reply-commands"),
                        expectedReplies, Duration.ofSeconds(60));
                checkExact(oracle, events, replies, expectedEvents, expectedReplies);
                assertThat(service.process.isAlive()).as("the service is up at the end").isTrue();
                assertThat(ready(config.get("optin.http.port"))).as("the service is ready at the end").isTrue();
                System.out.printf("broker faults: %d messages, %d faults, %d changes and %d replies, none lost or doubled%n",
                        MESSAGES, timings.size(), expectedEvents, expectedReplies);
            } finally {
                assertThat(service.stop(Duration.ofSeconds(60))).as("the service stops cleanly").isTrue();
            }
            assertThat(service.log()).doesNotContain("to ERROR").doesNotContainPattern("4477\\d{8}");
            // kept when the test fails: the service's log is in the work directory
            TestKafka.deleteRecursively(workDir);
            TestKafka.deleteRecursively(Path.of(config.get("state.dir")));
        }
    }

    /**
     * Takes node {@code id} down (SIGKILL, or a clean stop), measures when every partition has a
     * live leader again and when the service commits after that, then brings the node back and
     * waits until every replica is in sync again.
     */
    private static Timing fault(String name, KafkaCluster cluster, Watch commits, Watch outputs, int id, boolean kill) throws Exception {
        long start = System.nanoTime();
        if (kill) {
            cluster.kill(id);
        } else {
            cluster.stop(id);
        }
        await().atMost(GENEROUS).pollInterval(Duration.ofMillis(100)).until(cluster::everyPartitionLed);
        long recovered = System.nanoTime();
        await().atMost(GENEROUS).pollInterval(Duration.ofMillis(50)).until(() -> commits.progressAfter(recovered));
        await().atMost(GENEROUS).pollInterval(Duration.ofMillis(50)).until(() -> outputs.progressAfter(recovered));
        Timing timing = new Timing(name, id, millis(start, recovered), millis(start, commits.firstProgressAfter(start)),
                millis(start, commits.firstProgressAfter(recovered)), millis(start, outputs.firstProgressAfter(start)),
                millis(start, outputs.firstProgressAfter(recovered)));
        System.out.printf("broker faults: %s (node %d): every partition led after %d ms; first commit after %d ms,"
                + " after the recovery %d ms (the service's share %d ms); first output after %d ms, after the recovery %d ms"
                + " (the service's share %d ms)%n", name, id, timing.recovered(), timing.firstCommit(), timing.resumed(),
                timing.serviceShare(), timing.firstOutput(), timing.outputResumed(), timing.outputShare());
        cluster.restart(id);
        await().atMost(GENEROUS).pollInterval(Duration.ofMillis(500)).until(cluster::fullyReplicated);
        await().atMost(GENEROUS).until(() -> commits.progressAfter(System.nanoTime() - TimeUnit.SECONDS.toNanos(1)));
        return timing;
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    private static int inboundLeader(KafkaCluster cluster, String inbound) throws Exception {
        int controller = cluster.activeController();
        int fallback = cluster.leaderOf(inbound, 0);
        for (int p = 0; p < 4; p++) {
            int leader = cluster.leaderOf(inbound, p);
            if (leader != controller) {
                return leader;
            }
        }
        return fallback;
    }

    private static void print(List<Timing> timings) {
        System.out.println("broker faults: | fault | node | every partition led | first commit | first commit after recovery"
                + " | service's share | first output | first output after recovery | service's share | (ms after the fault)");
        for (Timing t : timings) {
            System.out.printf("broker faults: | %s | %d | %d | %d | %d | %d | %d | %d | %d |%n", t.fault(), t.node(), t.recovered(),
                    t.firstCommit(), t.resumed(), t.serviceShare(), t.firstOutput(), t.outputResumed(), t.outputShare());
        }
    }

    /** When something was seen to move forward. */
    private abstract static class Watch implements AutoCloseable {
        final ConcurrentLinkedQueue<Long> progress = new ConcurrentLinkedQueue<>();

        boolean progressAfter(long nanos) {
            return firstProgressAfter(nanos) != Long.MAX_VALUE;
        }

        long firstProgressAfter(long nanos) {
            return progress.stream().filter(t -> t > nanos).findFirst().orElse(Long.MAX_VALUE);
        }
    }

    /** Watches the consent events becoming visible to read_committed: the outputs' own progress. */
    private static final class OutputWatch extends Watch {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::watch, "output-watch");

        OutputWatch(String bootstrap, String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "output-watch");
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.topic = topic;
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void watch() {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running.get()) {
                try {
                    if (!consumer.poll(Duration.ofMillis(50)).isEmpty()) {
                        progress.add(System.nanoTime());
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    // a broker went away: the consumer finds the new leader itself
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            consumer.wakeup();
            thread.join(5000);
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Watches the service's committed offsets (what exactly-once commits with each transaction). */
    private static final class CommitWatch extends Watch {
        private final Admin admin;
        private final String groupId;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong lastSum = new AtomicLong(-1);
        private final Thread thread = new Thread(this::watch, "commit-watch");

        CommitWatch(String bootstrap, String groupId) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "commit-watch");
            this.admin = Admin.create(p);
            this.groupId = groupId;
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void watch() {
            while (running.get()) {
                try {
                    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
                    long now = System.nanoTime();
                    long sum = offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
                    long before = lastSum.getAndSet(sum);
                    if (before >= 0 && sum > before) {
                        progress.add(now);
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the coordinator is down or moving: no answer is no progress
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(5000);
            admin.close(Duration.ofSeconds(2));
        }
    }

    private static void feed(KafkaProducer<String, String> producer, String topic, List<Sent> sent, AtomicInteger produced,
                             AtomicBoolean faultsOver, List<Exception> failedSends) {
        long start = System.nanoTime();
        for (Sent m : sent) {
            producer.send(new ProducerRecord<>(topic, m.business() + ":" + m.contact(), json(m)), (metadata, e) -> {
                if (e != null) {
                    failedSends.add(e);
                }
            });
            int n = produced.incrementAndGet();
            if (!faultsOver.get() && n > sent.size() * 9 / 10) {
                pause(TimeUnit.SECONDS.toMillis(1) / TRICKLE_PER_SECOND, faultsOver);
            } else if (!faultsOver.get() && n % 10 == 0) {
                long due = start + TimeUnit.SECONDS.toNanos(1) * n / PACE_PER_SECOND;
                while (!faultsOver.get() && System.nanoTime() < due) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
        producer.flush();
    }

    private static void pause(long millis, AtomicBoolean faultsOver) {
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!faultsOver.get() && System.nanoTime() < due) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static Map<String, String> serviceConfig(String bootstrap) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("application.id", "faults");
        config.put("state.dir", TestKafka.tempDir("faults-state").toString());
        config.put("optin.topic.inbound", "in");
        config.put("optin.topic.settings", "settings");
        config.put("optin.topic.consent-events", "events");
        config.put("optin.topic.reply-commands", "replies");
        config.put("optin.topic.dlq", "dlq");
        config.put("optin.topic.outbound-requests", "outbound");
        config.put("optin.topic.outbound-approved", "approved");
        config.put("optin.topic.outbound-suppressed", "suppressed");
        config.put("optin.topic.outbound-dlq", "outbound-dlq");
        config.put("optin.topic.consent-records", "records");
        config.put("optin.topic.consent-records-dlq", "records-dlq");
        config.put("optin.topic.partitions", "4");
        config.put("optin.topic.replication-factor", "3");
        config.put("optin.topic.create", "false");
        config.put("optin.http.port", String.valueOf(TestKafka.freePort()));
        // -Dbroker-faults.service-config=name=value,...: to measure other settings, Kafka's own for instance
        for (String setting : System.getProperty("broker-faults.service-config", "").split(",")) {
            if (setting.contains("=")) {
                config.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        return config;
    }

    /** The service's JVM options: a small heap, and {@code -Dbroker-faults.service-options} to add logging. */
    private static Map<String, String> serviceEnvironment() {
        return Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC " + System.getProperty("broker-faults.service-options", ""));
    }

    private static void buildInput(Random random, List<Sent> sent, Map<String, Contact> oracle) {
        Map<String, List<Sent>> keywordHistory = new HashMap<>();
        Map<String, Long> clock = new HashMap<>();
        long base = 1_764_000_000L;
        int ids = 0;
        for (int i = 0; i < MESSAGES; i++) {
            int b = random.nextInt(BUSINESSES);
            String business = "biz" + b;
            String contact = String.format("4477%08d", random.nextInt(CONTACTS_PER_BUSINESS));
            String key = business + ":" + contact;
            long now = clock.merge(key, base + 60, (old, ignored) -> old + 60);
            int roll = random.nextInt(100);
            List<Sent> history = keywordHistory.computeIfAbsent(key, k -> new ArrayList<>());
            Sent message;
            if (roll < 50) {
                message = new Sent(business, kindOf(b), contact, "c" + ++ids, now, null, CHATTER.get(random.nextInt(CHATTER.size())));
            } else if (roll < 58 && !history.isEmpty()) {
                message = history.get(random.nextInt(history.size())); // a duplicate delivery
            } else if (roll < 64 && !history.isEmpty()) {
                long older = history.get(history.size() - 1).ts() - 1 - random.nextInt(120); // late and older
                message = new Sent(business, kindOf(b), contact, "l" + ++ids, older, KEYWORDS.get(random.nextInt(KEYWORDS.size())), null);
            } else {
                message = new Sent(business, kindOf(b), contact, "k" + ++ids, now, KEYWORDS.get(random.nextInt(KEYWORDS.size())), null);
                history.add(message);
            }
            sent.add(message);
            apply(oracle.computeIfAbsent(key, k -> new Contact()), message);
        }
    }

    /** The contract's rule, written plainly: the newest keyword decides, once per message id. */
    private static void apply(Contact contact, Sent m) {
        if (m.phrase() == null) {
            return;
        }
        Meaning meaning = m.phrase().meaningFor(m.kind());
        if (meaning == Meaning.NONE || contact.decided.contains(m.id()) || m.ts() < contact.newest) {
            return;
        }
        contact.decided.add(m.id());
        contact.newest = Math.max(contact.newest, m.ts());
        String wanted = meaning == Meaning.OUT ? "OPTED_OUT" : "OPTED_IN";
        if (!wanted.equals(contact.status)) {
            contact.changes.add(contact.status + "->" + wanted);
            contact.status = wanted;
            if (m.kind() == Kind.FULL || (m.kind() == Kind.NO_OPT_IN && meaning == Meaning.OUT)) {
                contact.replies++;
            }
        }
    }

    private static void checkExact(Map<String, Contact> oracle, List<ConsumerRecord<byte[], byte[]>> events,
                                   List<ConsumerRecord<byte[], byte[]>> replies, int expectedEvents, int expectedReplies) {
        Map<String, List<String>> actual = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : events) {
            JsonNode event = json(record);
            assertThat(eventIds.add(event.get("eventId").asText())).as("event emitted twice: %s", event).isTrue();
            actual.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(event.get("previousStatus").asText() + "->" + event.get("status").asText());
        }
        Map<String, List<String>> expected = new HashMap<>();
        oracle.forEach((key, contact) -> {
            if (!contact.changes.isEmpty()) {
                expected.put(key, contact.changes);
            }
        });
        assertThat(events).hasSize(expectedEvents);
        assertThat(actual).isEqualTo(expected);
        assertThat(replies).hasSize(expectedReplies);
        Set<String> replyEvents = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> reply : replies) {
            assertThat(replyEvents.add(json(reply).get("consentEventId").asText())).as("reply sent twice").isTrue();
        }
        assertThat(eventIds).containsAll(replyEvents);
    }

    /** Reads a topic from the beginning with read_committed until {@code count} records came (then 1.5 s more), or the timeout. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                if (settleUntil == Long.MAX_VALUE && read.size() >= count) {
                    settleUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos();
                }
            }
        }
        return read;
    }

    private static Kind kindOf(int business) {
        return Kind.values()[business % 3];
    }

    private static String settingsFor(Kind kind) {
        return switch (kind) {
            case DEFAULTS -> null;
            case FULL -> Messages.ACME_SETTINGS;
            case NO_OPT_IN -> "{\"businessName\":\"NoOptIn\",\"optOut\":{\"keywords\":[\"HALT\"],\"responseEnabled\":true,"
                    + "\"responseText\":\"Bye\"},\"optIn\":{\"enabled\":false,\"keywords\":[\"GO\"]}}";
        };
    }

    private static String json(Sent m) {
        if (m.phrase() == null) {
            return Messages.text(m.business(), m.contact(), m.id(), m.ts(), m.chatter());
        }
        if (m.phrase().button()) {
            return Messages.button(m.business(), m.contact(), m.id(), m.ts(), m.phrase().text(), m.phrase().text());
        }
        return Messages.text(m.business(), m.contact(), m.id(), m.ts(), m.phrase().text());
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static boolean ready(String port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitSettings(String httpPort) {
        for (int b = 0; b < BUSINESSES; b++) {
            if (kindOf(b) == Kind.DEFAULTS) {
                continue;
            }
            URI uri = URI.create("http://localhost:" + httpPort + "/v1/businesses/biz" + b + "/settings");
            BooleanSupplier configured = () -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"configured\"");
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            };
            await().atMost(Duration.ofSeconds(60)).until(configured::getAsBoolean);
        }
    }
}
