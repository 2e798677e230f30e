package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.Topics;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a separate process, killed with SIGKILL three times while about 50,000 messages
 * arrive, restarted each time; its outputs, read with read_committed, must equal what an
 * oracle written here (independent of the service's code) says: every change exactly once.
 */
class CrashSafetyIT {

    private static final int BUSINESSES = 24;
    private static final int CONTACTS_PER_BUSINESS = 400;
    private static final int MESSAGES = 50_000;
    private static final int KILLS = 3;

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

    @Test
    void sigkill_three_times_loses_nothing_and_doubles_nothing() throws Exception {
        Random random = new Random(424242);
        Map<String, String> config = new HashMap<>(TestKafka.isolatedConfig("crash"));
        config.put("session.timeout.ms", "6000");
        config.put("heartbeat.interval.ms", "1500");
        Topics topics = TestKafka.topics(config);
        Path workDir = TestKafka.tempDir("crash");
        Path configFile = ServiceProcess.writeConfig(workDir, config);

        // Build the input and the oracle's expectations together.
        List<Sent> sent = new ArrayList<>(MESSAGES);
        Map<String, Contact> oracle = new LinkedHashMap<>();
        Map<String, List<Sent>> keywordHistory = new HashMap<>();
        long base = 1_764_000_000L;
        AtomicInteger ids = new AtomicInteger();
        Map<String, Long> clock = new HashMap<>();
        for (int i = 0; i < MESSAGES; i++) {
            int b = random.nextInt(BUSINESSES);
            String business = "biz" + b;
            String contact = String.format("4477%08d", random.nextInt(CONTACTS_PER_BUSINESS));
            String key = business + ":" + contact;
            long now = clock.merge(key, base + 60, (old, ignored) -> old + 60);
            int roll = random.nextInt(100);
            Sent message;
            List<Sent> history = keywordHistory.computeIfAbsent(key, k -> new ArrayList<>());
            if (roll < 55) {
                message = new Sent(business, kindOf(b), contact, "c" + ids.incrementAndGet(), now, null,
                        CHATTER.get(random.nextInt(CHATTER.size())));
            } else if (roll < 65 && !history.isEmpty()) {
                message = history.get(random.nextInt(history.size())); // a duplicate delivery
            } else if (roll < 72 && !history.isEmpty()) {
                long older = history.get(history.size() - 1).ts() - 1 - random.nextInt(120); // late and older
                message = new Sent(business, kindOf(b), contact, "l" + ids.incrementAndGet(), older,
                        KEYWORDS.get(random.nextInt(KEYWORDS.size())), null);
            } else {
                message = new Sent(business, kindOf(b), contact, "k" + ids.incrementAndGet(), now,
                        KEYWORDS.get(random.nextInt(KEYWORDS.size())), null);
                history.add(message);
            }
            sent.add(message);
            apply(oracle.computeIfAbsent(key, k -> new Contact()), message);
        }
        int expectedEvents = oracle.values().stream().mapToInt(c -> c.changes.size()).sum();
        int expectedReplies = oracle.values().stream().mapToInt(c -> c.replies).sum();
        assertThat(expectedEvents).isGreaterThan(5_000);

        List<ServiceProcess> instances = new ArrayList<>();
        ServiceProcess service = ServiceProcess.start(workDir, configFile, "run-0.log");
        instances.add(service);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (int b = 0; b < BUSINESSES; b++) {
                String settings = settingsFor(kindOf(b));
                if (settings != null) {
                    TestKafka.send(producer, topics.settings().name(), "biz" + b, settings);
                }
            }
            awaitSettings(config.get("optin.http.port"));

            AtomicInteger produced = new AtomicInteger();
            Thread feeder = new Thread(() -> {
                for (Sent m : sent) {
                    producer.send(new ProducerRecord<>(topics.inbound().name(), m.business() + ":" + m.contact(), json(m)));
                    if (produced.incrementAndGet() % 100 == 0) {
                        try {
                            Thread.sleep(60);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                producer.flush();
            }, "feeder");
            feeder.start();
            for (int kill = 1; kill <= KILLS; kill++) {
                int target = MESSAGES * kill / (KILLS + 1) + random.nextInt(MESSAGES / 10) - MESSAGES / 20;
                while (produced.get() < target) {
                    Thread.sleep(20);
                }
                Thread.sleep(random.nextInt(1500));
                service.kill();
                service = ServiceProcess.start(workDir, configFile, "run-" + kill + ".log");
                instances.add(service);
            }
            feeder.join();
            assertThat(produced.get()).isEqualTo(MESSAGES);

            List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), expectedEvents, Duration.ofSeconds(240));
            List<ConsumerRecord<byte[], byte[]>> replies = TestKafka.readAtLeast(topics.replyCommands().name(), expectedReplies, Duration.ofSeconds(60));

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
                assertThat(replyEvents.add(json(reply).get("consentEventId").asText())).isTrue();
            }
            assertThat(eventIds).containsAll(replyEvents);
            System.out.printf("crash safety: %d messages, %d kills survived, %d changes and %d replies, none lost or doubled%n",
                    MESSAGES, KILLS, expectedEvents, expectedReplies);
        } finally {
            assertThat(service.stop(Duration.ofSeconds(60))).isTrue();
        }
        for (ServiceProcess instance : instances) {
            String log = instance.log();
            assertThat(log).doesNotContainPattern("4477\\d{8}");
        }
    }

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
            boolean reply = m.kind() == Kind.FULL || (m.kind() == Kind.NO_OPT_IN && meaning == Meaning.OUT);
            if (reply) {
                contact.replies++;
            }
        }
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

    private static void awaitSettings(String httpPort) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        for (int b = 0; b < BUSINESSES; b++) {
            if (kindOf(b) == Kind.DEFAULTS) {
                continue;
            }
            String url = "http://localhost:" + httpPort + "/v1/businesses/biz" + b + "/settings";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    String body = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("\"configured\"")) {
                        break;
                    }
                } catch (IOException ignored) {
                    // not up yet
                }
                assertThat(System.nanoTime()).as("settings of biz%d loaded", b).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }
}
