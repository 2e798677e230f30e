package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.http.ConsentApi;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.wire.Topics;
import com.example.whatsapp.optin.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of the jar (one in-JVM broker: a three-node cluster does not fit this
 * machine's test budget), one SIGKILLed mid-stream and later brought back: every change is
 * emitted exactly once, and every lookup on a surviving instance is 503 or right, never wrong.
 */
class FailoverIT {

    private static final int PROBES = 60;
    private static final int CONTACTS = 300;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Answer(int status, String consent, String servedBy) {
    }

    private static Answer lookup(int port, String contact) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/v1/businesses/fleet/contacts/" + contact)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            String status = r.statusCode() == 200 ? Json.mapper().readTree(r.body()).get("status").asText() : null;
            return new Answer(r.statusCode(), status, r.headers().firstValue(ConsentApi.SERVED_BY_HEADER).orElse(null));
        } catch (IOException e) {
            return new Answer(-1, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, null);
        }
    }

    private static String probe(int i) {
        return String.format("3161%07d", i);
    }

    @Test
    void a_killed_instance_s_contacts_move_without_loss_and_lookups_stay_right() throws Exception {
        Map<String, String> base = new HashMap<>(TestKafka.isolatedConfig("fleet"));
        base.put("optin.fleet.instances", "3");
        base.put("session.timeout.ms", "6000");
        base.put("heartbeat.interval.ms", "1500");
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
            java.nio.file.Files.createDirectories(dir);
            configs[i] = ServiceProcess.writeConfig(dir, c);
        }
        ServiceProcess[] instances = new ServiceProcess[3];
        List<ServiceProcess> all = new ArrayList<>();
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (int i = 0; i < 3; i++) {
                instances[i] = ServiceProcess.start(configs[i].getParent(), configs[i], "run-0.log");
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
                    owner.put(probe(i), a.servedBy());
                }
            }
            Map<String, Long> owned = new HashMap<>();
            owner.values().forEach(o -> owned.merge(o, 1L, Long::sum));
            assertThat(owned).as("every instance owns some contacts").hasSize(3);

            // A stream of changes: each contact STOP, START, STOP, with chatter between.
            List<ProducerRecord<String, String>> stream = new ArrayList<>();
            for (int step = 0; step < 3; step++) {
                for (int c = 0; c < CONTACTS; c++) {
                    String contact = String.format("3162%07d", c);
                    stream.add(new ProducerRecord<>(topics.inbound().name(), "fleet:" + contact, Messages.text("fleet", contact,
                            "s" + c + "-" + step, 1_764_000_000L + step * 60, step == 1 ? "START" : "STOP")));
                    stream.add(new ProducerRecord<>(topics.inbound().name(), "fleet:" + contact, Messages.text("fleet", contact,
                            "chat" + c + "-" + step, 1_764_000_001L + step * 60, "hello")));
                }
            }
            int victim = 1;
            String victimAddress = "localhost:" + ports[victim];
            List<String> moved = owner.entrySet().stream().filter(e -> victimAddress.equals(e.getValue())).map(Map.Entry::getKey).toList();
            AtomicBoolean checking = new AtomicBoolean(true);
            List<String> wrong = new CopyOnWriteArrayList<>();
            Map<String, Long> firstAnswerAfterKill = new ConcurrentHashMap<>();
            long[] killedAt = {Long.MAX_VALUE};
            Thread checker = new Thread(() -> {
                int n = 0;
                while (checking.get()) {
                    String contact = probe(n % PROBES);
                    int port = ports[(n / PROBES) % 3];
                    n++;
                    if (port == ports[victim] && killedAt[0] != Long.MAX_VALUE) {
                        continue;
                    }
                    Answer a = lookup(port, contact);
                    if (a.status() == 200 && !"OPTED_OUT".equals(a.consent())) {
                        wrong.add(contact + " on " + port + ": " + a);
                    }
                    if (a.status() == 200 && System.nanoTime() > killedAt[0]) {
                        firstAnswerAfterKill.putIfAbsent(contact, System.nanoTime());
                    }
                }
            }, "lookup-checker");
            checker.start();

            for (int i = 0; i < stream.size(); i++) {
                producer.send(stream.get(i));
                if (i == stream.size() / 3) {
                    producer.flush();
                    instances[victim].kill();
                    killedAt[0] = System.nanoTime();
                }
                if (i % 20 == 0) {
                    Thread.sleep(10);
                }
            }
            producer.flush();

            int expectedEvents = PROBES + CONTACTS * 3;
            List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), expectedEvents, Duration.ofSeconds(180));
            long moveDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!firstAnswerAfterKill.keySet().containsAll(moved) && System.nanoTime() < moveDeadline) {
                Thread.sleep(100);
            }
            checking.set(false);
            checker.join();
            assertThat(wrong).as("wrong answers during the failover").isEmpty();
            assertThat(firstAnswerAfterKill.keySet()).as("every moved contact answers again").containsAll(moved);
            List<Long> gaps = new ArrayList<>();
            for (String contact : moved) {
                gaps.add((firstAnswerAfterKill.get(contact) - killedAt[0]) / 1_000_000);
            }
            Collections.sort(gaps);

            Set<String> ids = new HashSet<>();
            Map<String, List<String>> byContact = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> e : events) {
                JsonNode event = Json.mapper().readTree(e.value());
                assertThat(ids.add(event.get("eventId").asText())).as("emitted twice: %s", event).isTrue();
                byContact.computeIfAbsent(new String(e.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(event.get("status").asText());
            }
            assertThat(events).hasSize(expectedEvents);
            for (int c = 0; c < CONTACTS; c++) {
                assertThat(byContact.get("fleet:" + String.format("3162%07d", c))).containsExactly("OPTED_OUT", "OPTED_IN", "OPTED_OUT");
            }
            assertThat(TestKafka.readAtLeast(topics.replyCommands().name(), expectedEvents, Duration.ofSeconds(60))).hasSize(expectedEvents);

            // The victim comes back (its state directory intact); all three answer for every key.
            instances[victim] = ServiceProcess.start(configs[victim].getParent(), configs[victim], "run-1.log");
            all.add(instances[victim]);
            long back = System.nanoTime();
            for (int i = 0; i < PROBES; i++) {
                for (int port : ports) {
                    Answer a;
                    do {
                        a = lookup(port, probe(i));
                        assertThat(a.consent()).as("a wrong answer after the return").isIn(null, "OPTED_OUT");
                        if (a.status() != 200) {
                            Thread.sleep(100);
                        }
                    } while (a.status() != 200);
                }
            }
            long rejoinMillis = (System.nanoTime() - back) / 1_000_000;
            System.out.printf("failover: %d contacts moved; lookup gap after SIGKILL median %d ms, max %d ms; "
                    + "all answers right again %d ms after the instance returned%n",
                    moved.size(), gaps.get(gaps.size() / 2), gaps.get(gaps.size() - 1), rejoinMillis);
            printRestores(all);
        } finally {
            for (ServiceProcess instance : all) {
                if (instance.process.isAlive()) {
                    instance.stop(Duration.ofSeconds(60));
                }
            }
        }
    }

    private static void printRestores(List<ServiceProcess> instances) throws IOException {
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
        System.out.printf("restores: %d records of consent-contacts restored in %d ms in all%n", records, millis);
    }
}
