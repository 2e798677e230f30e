package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.http.ConsentApi;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.topology.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of the jar with the fleet defaults (one in-JVM broker: a three-node cluster
 * does not fit this machine's test budget; no session timeout set here), one SIGKILLed while
 * changes keep coming, and later brought back. Every lookup on the survivors is checked against
 * an oracle of the committed changes (the consent events read with read_committed as they become
 * visible): right or 503, and, with a caught-up standby of every partition, right throughout.
 * Every change is emitted exactly once.
 */
class FailoverIT {

    private static final int PROBES = 60;
    private static final int CONTACTS = 120;
    private static final int STEPS = 10;
    /** The contacts looked up throughout: every fourth, so that each is asked every second or two. */
    private static final int CHECKED_EVERY = 4;
    private static final int KILL_STEP = 3;
    private static final Duration STEP_TIME = Duration.ofSeconds(3);
    /** The group's and the stream threads' own account of the rebalance, to read the processing gap by. */
    private static final Map<String, String> REBALANCE_LOGS = Map.of("JAVA_TOOL_OPTIONS",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams.processor.internals.StreamThread=info"
                    + " -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=info");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param messageId the sourceMessageId of the answer; null when never decided or not a 200 */
    record Answer(int status, String consent, String messageId, String servedBy, String servedFrom, String error) {
    }

    /** One lookup on a survivor: when it began and what it answered. */
    record Lookup(String contact, int port, long startedAt, Answer answer) {
    }

    /** A committed change as the oracle saw it: when it became visible to read_committed. */
    record Committed(String messageId, String status, long visibleAt) {
    }

    private static Answer lookup(int port, String contact) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/v1/businesses/fleet/contacts/" + contact)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            String status = null;
            String messageId = null;
            String error = r.statusCode() == 200 ? null : r.body();
            if (r.statusCode() == 200) {
                JsonNode body = Json.mapper().readTree(r.body());
                status = body.get("status").asText();
                messageId = body.path("sourceMessageId").isTextual() ? body.get("sourceMessageId").asText() : null;
            }
            return new Answer(r.statusCode(), status, messageId, r.headers().firstValue(ConsentApi.SERVED_BY_HEADER).orElse(null),
                    r.headers().firstValue(ConsentApi.SERVED_FROM_HEADER).orElse(null), error);
        } catch (IOException e) {
            return new Answer(-1, null, null, null, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, null, null, null, e.toString());
        }
    }

    private static String probe(int i) {
        return String.format("3161%07d", i);
    }

    private static String contact(int c) {
        return String.format("3162%07d", c);
    }

    /** Reads the consent events with read_committed from the beginning, noting when each becomes visible. */
    private static final class Oracle implements Runnable {
        final Map<String, List<Committed>> byContact = new ConcurrentHashMap<>();
        final List<ConsumerRecord<byte[], byte[]>> all = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        private final String topic;

        Oracle(String topic) {
            this.topic = topic;
        }

        @Override
        public void run() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        JsonNode event = Json.mapper().readTree(record.value());
                        all.add(record);
                        String contact = event.get("contactId").asText();
                        byContact.computeIfAbsent(contact, k -> new CopyOnWriteArrayList<>())
                                .add(new Committed(event.get("sourceMessageId").asText(), event.get("status").asText(), now));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Whether the answer equals the state after a committed prefix not older than what was visible when the lookup began. */
        boolean right(Lookup lookup) {
            List<Committed> changes = byContact.getOrDefault(lookup.contact(), List.of());
            int visible = 0;
            while (visible < changes.size() && changes.get(visible).visibleAt() < lookup.startedAt()) {
                visible++;
            }
            Answer a = lookup.answer();
            if (a.messageId() == null) {
                return visible == 0 && "UNKNOWN".equals(a.consent());
            }
            for (int i = Math.max(0, visible - 1); i < changes.size(); i++) {
                if (changes.get(i).messageId().equals(a.messageId()) && changes.get(i).status().equals(a.consent())) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void a_killed_instance_s_contacts_are_answered_from_caught_up_standbys_and_decide_again_after_the_session_timeout() throws Exception {
        Map<String, String> base = new HashMap<>(TestKafka.isolatedConfig("fleet"));
        base.put("optin.fleet.instances", "3");
        Topics topics = TestKafka.topics(base);
        Path work = TestKafka.tempDir("fleet");
        int[] ports = {TestKafka.freePort(), TestKafka.freePort(), TestKafka.freePort()};
        Path[] configs = new Path[3];
        for (int i = 0; i < 3; i++) {
            Map<String, String> c = new HashMap<>(base);
            c.put("optin.http.port", String.valueOf(ports[i]));
            c.put("application.server", "localhost:" + ports[i]);
            c.put("state.dir", work.resolve("state-" + i).toString());
            Path dir = work.resolve("instance-" + i);
            Files.createDirectories(dir);
            configs[i] = ServiceProcess.writeConfig(dir, c);
        }
        ServiceProcess[] instances = new ServiceProcess[3];
        List<ServiceProcess> all = new ArrayList<>();
        Oracle oracle = new Oracle(topics.consentEvents().name());
        Thread oracleThread = new Thread(oracle, "committed-oracle");
        List<Thread> checkers = new ArrayList<>();
        AtomicBoolean checking = new AtomicBoolean(true);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (int i = 0; i < 3; i++) {
                instances[i] = ServiceProcess.start(configs[i].getParent(), configs[i], "run-0.log", REBALANCE_LOGS);
                all.add(instances[i]);
            }
            TestKafka.send(producer, topics.settings().name(), "fleet", Messages.ACME_SETTINGS);
            Thread.sleep(2000);
            for (int i = 0; i < PROBES; i++) {
                producer.send(new ProducerRecord<>(topics.inbound().name(), "fleet:" + probe(i), Messages.text("fleet", probe(i), "p" + i, 1_764_000_000L, "STOP")));
            }
            producer.flush();

            // Before: every instance answers for every probe, from whichever instance owns it.
            Map<String, String> owner = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            for (int i = 0; i < PROBES; i++) {
                for (int port : ports) {
                    Answer a;
                    do {
                        a = lookup(port, probe(i));
                        assertThat(a.consent()).as("a wrong answer before the failover").isIn(null, "UNKNOWN", "OPTED_OUT");
                        assertThat(System.nanoTime()).isLessThan(deadline);
                        if (!"OPTED_OUT".equals(a.consent())) {
                            Thread.sleep(100);
                        }
                    } while (!"OPTED_OUT".equals(a.consent()));
                    assertThat(a.servedFrom()).as("with every instance up, the owner answers").isEqualTo("active");
                    owner.put(probe(i), a.servedBy());
                }
            }
            Map<String, Long> owned = new HashMap<>();
            owner.values().forEach(o -> owned.merge(o, 1L, Long::sum));
            assertThat(owned).as("every instance owns some contacts").hasSize(3);

            int victim = 1;
            String victimAddress = "localhost:" + ports[victim];
            long[] killedAt = {Long.MAX_VALUE};
            oracleThread.start();

            // Lookups on the two survivors, every changing contact in turn, throughout the stream.
            List<Lookup> lookups = new CopyOnWriteArrayList<>();
            for (int port : ports) {
                if (port == ports[victim]) {
                    continue;
                }
                Thread checker = new Thread(() -> {
                    for (int n = 0; checking.get(); n++) {
                        String contact = contact(n * CHECKED_EVERY % CONTACTS);
                        long started = System.nanoTime();
                        lookups.add(new Lookup(contact, port, started, lookup(port, contact)));
                    }
                }, "lookups-" + port);
                checkers.add(checker);
                checker.start();
            }

            // A stream of changes: each contact STOP, START, STOP, ... one step every few seconds, chatter between.
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            long streamStart = System.nanoTime();
            for (int step = 0; step < STEPS; step++) {
                for (int c = 0; c < CONTACTS; c++) {
                    String id = "s" + c + "-" + step;
                    long ts = 1_764_000_000L + (step + 1) * 60L;
                    sentAt.put(id, System.nanoTime());
                    producer.send(new ProducerRecord<>(topics.inbound().name(), "fleet:" + contact(c),
                            Messages.text("fleet", contact(c), id, ts, step % 2 == 1 ? "START" : "STOP")));
                    producer.send(new ProducerRecord<>(topics.inbound().name(), "fleet:" + contact(c),
                            Messages.text("fleet", contact(c), "chat" + c + "-" + step, ts + 1, "hello")));
                    if (step == KILL_STEP && c == CONTACTS / 2) {
                        producer.flush();
                        instances[victim].kill();
                        killedAt[0] = System.nanoTime();
                        System.out.printf("failover: instance %s killed at %s%n", victimAddress, java.time.Instant.now());
                    }
                    long due = streamStart + STEP_TIME.toNanos() * step + STEP_TIME.toNanos() * (c + 1) / CONTACTS;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.flush();
            }
            producer.flush();

            int expectedEvents = PROBES + CONTACTS * STEPS;
            long eventsDeadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (oracle.all.size() < expectedEvents && System.nanoTime() < eventsDeadline) {
                Thread.sleep(100);
            }
            Thread.sleep(2000);
            checking.set(false);
            for (Thread checker : checkers) {
                checker.join();
            }

            // Every lookup on a survivor: right, or 503; and with a caught-up standby, right throughout.
            List<String> wrong = new ArrayList<>();
            Map<String, List<Lookup>> byContact = new HashMap<>();
            long standbyAnswers = 0;
            for (Lookup lookup : lookups) {
                byContact.computeIfAbsent(lookup.contact(), k -> new ArrayList<>()).add(lookup);
                if (lookup.answer().status() == 200 && !oracle.right(lookup)) {
                    wrong.add(lookup.contact() + " on " + lookup.port() + " " + (lookup.startedAt() - killedAt[0]) / 1_000_000
                            + " ms after the kill: " + lookup.answer() + ", committed " + oracle.byContact.get(lookup.contact()));
                } else if (lookup.answer().status() != 200 && lookup.answer().status() != 503) {
                    wrong.add(lookup.contact() + " on " + lookup.port() + ": " + lookup.answer());
                }
                if ("standby".equals(lookup.answer().servedFrom())) {
                    standbyAnswers++;
                }
            }
            // The killed instance's contacts: those it answered for as their active owner before the kill.
            Set<String> victims = new HashSet<>();
            Map<String, Long> decidingAgain = new HashMap<>();
            for (Lookup lookup : lookups) {
                boolean active = "active".equals(lookup.answer().servedFrom());
                if (active && lookup.startedAt() < killedAt[0] && victimAddress.equals(lookup.answer().servedBy())) {
                    victims.add(lookup.contact());
                }
                if (active && lookup.startedAt() > killedAt[0] && !victimAddress.equals(lookup.answer().servedBy())) {
                    decidingAgain.merge(lookup.contact(), lookup.startedAt() - killedAt[0], Math::min);
                }
            }
            long lookupGap = 0;
            long unavailable = 0;
            List<String> victimsUnanswered = new ArrayList<>();
            List<String> othersUnanswered = new ArrayList<>();
            for (List<Lookup> ofContact : byContact.values()) {
                ofContact.sort(Comparator.comparingLong(Lookup::startedAt));
                long gapStart = -1;
                for (Lookup lookup : ofContact) {
                    boolean right = lookup.answer().status() == 200 && oracle.right(lookup);
                    if (!right) {
                        unavailable++;
                        (victims.contains(lookup.contact()) ? victimsUnanswered : othersUnanswered).add(lookup.contact() + " on "
                                + lookup.port() + " " + (lookup.startedAt() - killedAt[0]) / 1_000_000 + " ms after the kill: "
                                + lookup.answer().status() + " " + lookup.answer().error());
                        if (gapStart < 0) {
                            gapStart = lookup.startedAt();
                        }
                    } else if (gapStart >= 0) {
                        lookupGap = Math.max(lookupGap, lookup.startedAt() - gapStart);
                        gapStart = -1;
                    }
                }
                if (gapStart >= 0) {
                    lookupGap = Long.MAX_VALUE;
                }
            }

            // Processing gap: from the kill until the last of the killed instance's contacts is answered by
            // a new active owner, one that decides its changes again.
            assertThat(victims).as("the killed instance owned some of the contacts looked up").isNotEmpty();
            assertThat(decidingAgain.keySet()).as("a new owner decides each of the killed instance's contacts").containsAll(victims);
            long processingGap = victims.stream().mapToLong(decidingAgain::get).max().orElseThrow();
            // How long changes took from their send to being visible to read_committed, before and after the kill.
            List<Long> before = new ArrayList<>();
            List<Long> after = new ArrayList<>();
            for (List<Committed> changes : oracle.byContact.values()) {
                for (Committed change : changes) {
                    Long sent = sentAt.get(change.messageId());
                    if (sent != null) {
                        (sent < killedAt[0] ? before : after).add((change.visibleAt() - sent) / 1_000_000);
                    }
                }
            }
            Collections.sort(before);
            Collections.sort(after);

            System.out.printf("failover: %d lookups on the survivors (%d from a standby copy), %d not answered right "
                            + "(503); lookup gap %d ms; processing gap %d ms (%d of the killed instance's contacts); "
                            + "send-to-committed latency median/max before the kill %d/%d ms, after %d/%d ms%n",
                    lookups.size(), standbyAnswers, unavailable, lookupGap == Long.MAX_VALUE ? -1 : lookupGap / 1_000_000,
                    processingGap / 1_000_000, victims.size(), before.get(before.size() / 2), before.get(before.size() - 1),
                    after.get(after.size() / 2), after.get(after.size() - 1));
            othersUnanswered.stream().limit(10).forEach(l -> System.out.println("failover: 503 while a live instance's partition moved: " + l));
            victimsUnanswered.stream().limit(10).forEach(l -> System.out.println("failover: 503 for a killed instance's contact: " + l));
            assertThat(wrong).as("wrong answers during the failover").isEmpty();
            assertThat(standbyAnswers).as("the killed instance's contacts were answered from standby copies").isPositive();
            // Each of the killed instance's partitions had a caught-up standby: its contacts are answered throughout.
            assertThat(victimsUnanswered).as("lookups of the killed instance's contacts not answered right although a caught-up "
                    + "standby existed (lookup gap %d ms)", lookupGap / 1_000_000).isEmpty();

            // Every change exactly once.
            Set<String> ids = new HashSet<>();
            Map<String, List<String>> statuses = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> e : oracle.all) {
                JsonNode event = Json.mapper().readTree(e.value());
                assertThat(ids.add(event.get("eventId").asText())).as("emitted twice: %s", event).isTrue();
                statuses.computeIfAbsent(new String(e.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(event.get("status").asText());
            }
            assertThat(oracle.all).hasSize(expectedEvents);
            List<String> alternating = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                alternating.add(step % 2 == 1 ? "OPTED_IN" : "OPTED_OUT");
            }
            for (int c = 0; c < CONTACTS; c++) {
                assertThat(statuses.get("fleet:" + contact(c))).containsExactlyElementsOf(alternating);
            }
            assertThat(TestKafka.readAtLeast(topics.replyCommands().name(), expectedEvents, Duration.ofSeconds(60))).hasSize(expectedEvents);

            // The victim comes back (its state directory intact); all three answer every contact's last change.
            instances[victim] = ServiceProcess.start(configs[victim].getParent(), configs[victim], "run-1.log");
            all.add(instances[victim]);
            long back = System.nanoTime();
            String last = "s%d-" + (STEPS - 1);
            for (int c = 0; c < CONTACTS; c++) {
                for (int port : ports) {
                    Answer a;
                    long answerDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    do {
                        a = lookup(port, contact(c));
                        if (a.status() == 200) {
                            assertThat(a.messageId()).as("a wrong answer after the return").isEqualTo(String.format(last, c));
                        } else {
                            assertThat(System.nanoTime()).as("the returned fleet answers").isLessThan(answerDeadline);
                            Thread.sleep(100);
                        }
                    } while (a.status() != 200);
                }
            }
            long rejoinMillis = (System.nanoTime() - back) / 1_000_000;
            System.out.printf("failover: every answer right on all three instances %d ms after the killed instance returned%n", rejoinMillis);
            printRestores("restore on return", List.of(instances[victim]));
        } finally {
            checking.set(false);
            oracle.running.set(false);
            for (ServiceProcess instance : all) {
                if (instance.process.isAlive()) {
                    instance.stop(Duration.ofSeconds(60));
                }
            }
        }
    }

    private static void printRestores(String what, List<ServiceProcess> instances) throws IOException {
        Pattern restored = Pattern.compile("Restored (\\d+) records of store consent-contacts from \\S+ in (\\d+) ms");
        long records = 0;
        long millis = 0;
        for (ServiceProcess instance : instances) {
            Matcher m = restored.matcher(instance.log());
            while (m.find()) {
                records += Long.parseLong(m.group(1));
                millis += Long.parseLong(m.group(2));
            }
        }
        System.out.printf("%s: %d records of consent-contacts restored in %d ms (%s records/s)%n", what, records, millis,
                millis == 0 ? "-" : String.valueOf(records * 1000 / millis));
    }
}
