package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.service.ConsentStreams;
import com.example.whatsapp.optin.broker.EmbeddedKafka;
import com.example.whatsapp.optin.broker.TopicSetup;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsReader;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Throughput, latency and memory of the consent service against the fastest a Kafka Streams app
 * can go here: a pass-through copy of the same input, measured in the same run, on the same
 * in-JVM broker, with exactly_once_v2, 4 partitions and one stream thread everywhere.
 *
 * <p>{@code mvn -B -Pbenchmark package [-Dbench.args="--messages 1000000 --rounds 3"]}
 */
public final class ConsentBenchmark {

    private static final int PARTITIONS = 4;
    private static final int BUSINESSES = 100;
    private static final int CONTACTS = 200_000;

    private final EmbeddedKafka broker;
    private final String bootstrap;
    private final Admin admin;
    private final Path work;
    private int runs;

    private ConsentBenchmark(EmbeddedKafka broker, Path work) {
        this.broker = broker;
        this.bootstrap = broker.bootstrapServers();
        this.work = work;
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        this.admin = Admin.create(p);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int messages = Integer.parseInt(options.getOrDefault("messages", "1000000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int memoryContacts = Integer.parseInt(options.getOrDefault("memory-contacts", "1000000"));
        Path work = Files.createTempDirectory("consent-bench");
        short transactionVersion = Short.parseShort(options.getOrDefault("transaction-version",
                String.valueOf(EmbeddedKafka.TRANSACTION_VERSION)));
        try (EmbeddedKafka broker = EmbeddedKafka.start(freePort(), freePort(), work.resolve("kafka"), transactionVersion,
                settings(options.getOrDefault("broker", "")))) {
            ConsentBenchmark benchmark = new ConsentBenchmark(broker, work);
            benchmark.options = options;
            benchmark.run(messages, rounds, memoryContacts);
        }
        System.exit(0);
    }

    private Map<String, String> options = Map.of();

    private void run(int messages, int rounds, int memoryContacts) throws Exception {
        line("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, " + messages + " messages a round");
        line("broker", "transaction.version " + options.getOrDefault("transaction-version", String.valueOf(EmbeddedKafka.TRANSACTION_VERSION))
                + ", settings " + settings(options.getOrDefault("broker", "")) + "; streams settings " + settings(options.getOrDefault("streams", "")));
        createTopics(List.of("settings"));
        seedSettings("settings");
        if (options.getOrDefault("variants", "").equals("memory")) {
            memory(memoryContacts);
            return;
        }
        if (options.getOrDefault("variants", "").startsWith("gate")) {
            gate(Integer.parseInt(options.getOrDefault("gate-requests", "1000000")),
                    Integer.parseInt(options.getOrDefault("gate-decided", "100000")), rounds,
                    Integer.parseInt(options.getOrDefault("gate-trials", "300")));
            return;
        }
        if (options.getOrDefault("variants", "").equals("revocation")) {
            revocation(messages, rounds);
            return;
        }
        if (options.getOrDefault("variants", "").equals("latency")) {
            // A JVM of its own, cold: a realistic round, then the first rate once more before the others, as a warm-up.
            createTopics(List.of("realistic"));
            produce("realistic", realisticMix(messages));
            measure("realistic", "realistic", false, messages, true, new HashMap<>());
            String offered = options.getOrDefault("latency-rates", "25000,50000");
            String first = offered.split(",")[0];
            latency("warm-up at " + first + " msg/s," + offered.replace(",", " msg/s,") + " msg/s",
                    java.util.Arrays.stream((first + "," + offered).split(",")).mapToDouble(Double::parseDouble).toArray());
            return;
        }
        if (options.getOrDefault("variants", "").equals("records")) {
            records(memoryContacts);
            return;
        }
        createTopics(List.of("realistic", "keyword"));
        produce("realistic", realisticMix(messages));
        produce("keyword", allKeywordMix(messages));

        Map<String, List<Double>> rates = new HashMap<>();
        List<String> variants = List.of(options.getOrDefault("variants", "pass-through,realistic,all-keyword,write-limit").split(","));
        for (int round = 0; round <= rounds; round++) {
            boolean warmUp = round == 0;
            if (variants.contains("pass-through")) {
                measure("pass-through", "realistic", true, messages, warmUp, rates);
            }
            if (variants.contains("realistic")) {
                measure("realistic", "realistic", false, messages, warmUp, rates);
            }
            if (variants.contains("all-keyword")) {
                measure("all-keyword", "keyword", false, messages, warmUp, rates);
            }
            if (variants.contains("write-limit")) {
                measure("write-limit", "keyword", false, messages, warmUp, rates);
            }
        }
        for (String variant : variants) {
            if (rates.containsKey(variant)) {
                line("throughput " + variant, String.format("%.0f msg/s (median of %d rounds %s); %.0f msg/s from RUNNING (%s)",
                        median(rates.get(variant)), rounds, fmt(rates.get(variant)),
                        median(rates.get(variant + RUNNING)), fmt(rates.get(variant + RUNNING))));
            }
        }
        boolean all = variants.containsAll(List.of("pass-through", "realistic", "all-keyword"));
        if (all) {
            double realistic = median(rates.get("realistic"));
            latency("a quarter of the realistic peak,half the realistic peak", realistic / 4, realistic / 2);
            memory(memoryContacts);
        }
        ratio(rates, "realistic", "pass-through");
        ratio(rates, "all-keyword", "pass-through");
        ratio(rates, "all-keyword", "write-limit");
    }

    /** Suffix of a variant's rates counted from the app's first RUNNING state, start-up left out. */
    private static final String RUNNING = " from RUNNING";

    private static void ratio(Map<String, List<Double>> rates, String variant, String baseline) {
        if (rates.containsKey(variant) && rates.containsKey(baseline)) {
            line("ratio " + variant + " / " + baseline, String.format("%.2f (from RUNNING: %.2f)",
                    median(rates.get(variant)) / median(rates.get(baseline)),
                    median(rates.get(variant + RUNNING)) / median(rates.get(baseline + RUNNING))));
        }
    }

    // ---------------------------------------------------------------- input

    private static List<ProducerRecord<String, String>> realisticMix(int n) {
        Random random = new Random(1);
        String[] chatter = {"hello", "Hi, is my order shipped?", "ok 👍", "Thanks!", "Can I change the delivery address to the one in Pune?",
                "नमस्ते, मेरा ऑर्डर कहाँ है?", "¿Dónde está mi pedido?", "stop sending the wrong size please", "🙏🙏", "what time do you open tomorrow"};
        String[] keywords = {"STOP", "stop.", "START", "Unsubscribe 🙏", "YES", "Don’t send me messages"};
        List<ProducerRecord<String, String>> records = new ArrayList<>(n);
        Map<Integer, Long> clock = new HashMap<>();
        List<String[]> recentKeyword = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int contact = random.nextInt(CONTACTS);
            String business = "biz" + (contact % BUSINESSES);
            String phone = String.format("9198%08d", contact);
            long ts = clock.merge(contact, 1_764_000_000L, (a, b) -> a + 30);
            int roll = random.nextInt(1000);
            String value;
            if (roll < 950) {
                value = Messages.text(business, phone, "c" + i, ts, chatter[random.nextInt(chatter.length)]);
            } else if (roll < 960 && !recentKeyword.isEmpty()) {
                String[] dup = recentKeyword.get(random.nextInt(recentKeyword.size()));
                records.add(new ProducerRecord<>("", dup[0], dup[1]));
                continue;
            } else if (roll < 970) {
                value = Messages.text(business, phone, "l" + i, ts - 3600, keywords[random.nextInt(keywords.length)]);
            } else if (roll < 985) {
                value = Messages.button(business, phone, "b" + i, ts, random.nextBoolean() ? "JOIN" : "STOP", "Tap");
            } else {
                value = Messages.text(business, phone, "k" + i, ts, keywords[random.nextInt(keywords.length)]);
            }
            String key = business + ":" + phone;
            if (roll >= 950 && recentKeyword.size() < 10_000) {
                recentKeyword.add(new String[] {key, value});
            }
            records.add(new ProducerRecord<>("", key, value));
        }
        return records;
    }

    private static List<ProducerRecord<String, String>> allKeywordMix(int n) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int contact = i % CONTACTS;
            int step = i / CONTACTS;
            String business = "biz" + (contact % BUSINESSES);
            String phone = String.format("9198%08d", contact);
            // FULL businesses (even numbers) flip between STOP and START; the others only see STOP once
            // per contact, so every message there goes to a new contact.
            String body = step % 2 == 0 ? "STOP" : "START";
            if ((contact % BUSINESSES) % 2 == 1) {
                phone = String.format("9197%08d", i);
                body = "STOP";
            }
            records.add(new ProducerRecord<>("", business + ":" + phone,
                    Messages.text(business, phone, "a" + i, 1_764_000_000L + step * 60L, body)));
        }
        return records;
    }

    /**
     * The realistic mix with every business's {@code optOut.reasonableMeans} {@code OFF} (keywords
     * only) against {@code AUTO} (every text that matches no keyword examined), in turns, so that
     * the cost of hearing revocations is one ratio from one run.
     */
    private void revocation(int messages, int rounds) throws Exception {
        List<String> modes = List.of("OFF", "AUTO");
        for (String mode : modes) {
            String settings = Messages.ACME_SETTINGS.replaceFirst("\"optOut\": \\{",
                    "\"optOut\": {\"reasonableMeans\": \"" + mode + "\",");
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (int b = 0; b < BUSINESSES; b++) {
                records.add(new ProducerRecord<>("", "biz" + b, settings));
            }
            createTopics(List.of("settings-" + mode));
            produce("settings-" + mode, records);
        }
        createTopics(List.of("realistic"));
        produce("realistic", realisticMix(messages));
        Map<String, List<Double>> rates = new HashMap<>();
        for (int round = 0; round <= rounds; round++) {
            for (String mode : modes) {
                measure("reasonableMeans-" + mode, "realistic", false, messages, round == 0, rates,
                        Map.of("optin.topic.settings", "settings-" + mode));
            }
        }
        for (String mode : modes) {
            line("median reasonableMeans-" + mode, String.format("%.0f msg/s", median(rates.get("reasonableMeans-" + mode))));
        }
        ratio(rates, "reasonableMeans-AUTO", "reasonableMeans-OFF");
    }

    private void seedSettings(String topic) throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int b = 0; b < BUSINESSES; b += 2) {
            records.add(new ProducerRecord<>(topic, "biz" + b, Messages.ACME_SETTINGS));
        }
        produce(topic, records);
    }

    // ---------------------------------------------------------------- measuring

    private void measure(String name, String input, boolean copy, int messages, boolean warmUp,
                         Map<String, List<Double>> rates) throws Exception {
        measure(name, input, copy, messages, warmUp, rates, Map.of());
    }

    private void measure(String name, String input, boolean copy, int messages, boolean warmUp,
                         Map<String, List<Double>> rates, Map<String, String> more) throws Exception {
        String app = "bench-" + name + "-" + (++runs);
        ConsentStreams consent = consentStreams(app, input, more);
        createTopics(List.of(app + "-out"));
        Topology built = copy ? passThroughTopology(input, app + "-out")
                : name.equals("write-limit") ? writeLimitTopology(input, app) : consent.topology();
        Properties props = consent.streamsProperties(bootstrap);
        long start = System.nanoTime();
        try (SettingsReader reader = readSettings(consent);
             KafkaStreams streams = new KafkaStreams(built, props)) {
            RestartCounter restarts = new RestartCounter();
            restarts.watch(streams);
            streams.start();
            awaitCommitted(app, input, Duration.ofMinutes(10), streams);
            long end = System.nanoTime();
            double seconds = (end - start) / 1e9;
            double rate = messages / seconds;
            double running = messages / ((end - restarts.runningAtNanos) / 1e9);
            line((warmUp ? "warm-up " : "round ") + name, String.format("%.0f msg/s (%.1f s; %.0f msg/s from RUNNING after %.1f s),"
                            + " %.2f µs CPU a record in the app's threads; %s",
                    rate, seconds, running, (restarts.runningAtNanos - start) / 1e9, appThreadsCpuNanos(app) / 1e3 / messages,
                    restarts.describe()));
            if (!warmUp) {
                rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
                rates.computeIfAbsent(name + RUNNING, k -> new ArrayList<>()).add(running);
            }
        }
    }

    /**
     * Counts what a transactions problem costs a Streams app once it runs: tasks closed after the
     * first RUNNING (a task closed dirty and revived after TaskCorruptedException, or all tasks
     * after TaskMigratedException; the start-up's own second rebalance closes tasks before
     * RUNNING and is not counted), rebalances after RUNNING, and the producer's retried and
     * failed sends.
     */
    private static final class RestartCounter implements KafkaStreams.StateListener {
        private KafkaStreams streams;
        private volatile double closedAtRunning = -1;
        private volatile long runningAtNanos;
        private final java.util.concurrent.atomic.AtomicInteger rebalances = new java.util.concurrent.atomic.AtomicInteger();

        void watch(KafkaStreams streams) {
            this.streams = streams;
            streams.setStateListener(this);
        }

        @Override
        public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
            if (newState == KafkaStreams.State.RUNNING && closedAtRunning < 0) {
                runningAtNanos = System.nanoTime();
                closedAtRunning = metric(streams, "stream-thread-metrics", "task-closed-total");
            } else if (closedAtRunning >= 0 && newState == KafkaStreams.State.REBALANCING) {
                rebalances.incrementAndGet();
            }
        }

        String describe() {
            double closed = metric(streams, "stream-thread-metrics", "task-closed-total") - Math.max(0, closedAtRunning);
            double retries = metric(streams, "producer-metrics", "record-retry-total");
            double errors = metric(streams, "producer-metrics", "record-error-total");
            double abortMs = metric(streams, "producer-metrics", "txn-abort-time-ns-total") / 1e6;
            return String.format("task restarts (tasks closed while running) %.0f, rebalances while running %d,"
                    + " producer record retries %.0f errors %.0f, time in abortTransaction %.0f ms", closed, rebalances.get(), retries, errors, abortMs);
        }

        private static double metric(KafkaStreams streams, String group, String name) {
            return streams.metrics().values().stream()
                    .filter(m -> m.metricName().group().equals(group) && m.metricName().name().equals(name))
                    .mapToDouble(m -> m.metricValue() instanceof Number n ? n.doubleValue() : 0).sum();
        }
    }

    /** The service's composition, on this run's own output topics (created here) and the shared input and settings. */
    private ConsentStreams consentStreams(String app, String input) throws Exception {
        return consentStreams(app, input, Map.of());
    }

    private ConsentStreams consentStreams(String app, String input, Map<String, String> more) throws Exception {
        Map<String, String> config = new HashMap<>(more);
        config.put("application.id", app);
        config.put("state.dir", Files.createDirectories(work.resolve("state").resolve(app)).toString());
        config.put("application.server", "localhost:1");
        config.put("auto.offset.reset", "earliest");
        config.put("optin.topic.inbound", input);
        config.put("optin.topic.settings", "settings");
        config.put("optin.topic.consent-events", app + "-events");
        config.put("optin.topic.reply-commands", app + "-replies");
        config.put("optin.topic.dlq", app + "-dlq");
        config.putAll(settings(options.getOrDefault("streams", "")));
        config.putAll(more);
        ServiceConfig serviceConfig = ServiceConfig.defaultsWith(config);
        new TopicSetup(admin, Duration.ofMinutes(1)).ensure(
                TopicSetup.required(serviceConfig.topics(), PARTITIONS, (short) 1), true);
        return new ConsentStreams(serviceConfig, ConsentCounters.inMemory(), Clock.systemUTC());
    }

    /** The service's settings reader, loaded before the topology starts, as the service does. */
    private SettingsReader readSettings(ConsentStreams consent) throws InterruptedException {
        SettingsReader reader = consent.settingsReader(bootstrap, e -> { });
        reader.start();
        if (!reader.awaitLoaded(Duration.ofMinutes(1))) {
            throw new IllegalStateException("the settings did not load");
        }
        return reader;
    }

    /** CPU time of the Streams client's threads (stream thread, its consumer's and producer's), broker and load generator aside. */
    private static long appThreadsCpuNanos(String app) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains(app)) {
                nanos += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        return nanos;
    }

    private static Topology passThroughTopology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("copy-source"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("copy-sink"));
        return builder.build();
    }

    /**
     * The writes of a keyword message that changes a contact, without the service's reading and
     * deciding: for every input record one read and one update of a logged RocksDB store (the
     * contact's state, of the size the service stores) and two output records of the sizes of
     * its ConsentEvent and ReplyCommand. The limit of the all-keyword mix's work on this broker.
     */
    private Topology writeLimitTopology(String input, String app) throws Exception {
        com.example.whatsapp.optin.consent.ConsentRequest request = new com.example.whatsapp.optin.consent.ConsentRequest(
                "biz0", "919800000001", "a1", 1_764_000_000_000L, com.example.whatsapp.optin.consent.Direction.OPT_OUT,
                com.example.whatsapp.optin.consent.Trigger.KEYWORD, "STOP",
                "You have unsubscribed from Acme Store on WhatsApp. Reply START to subscribe again.");
        var decision = new com.example.whatsapp.optin.consent.ConsentDecider().decide(null, request);
        var outputs = com.example.whatsapp.optin.events.ConsentOutputs.of(request, decision.previous(), System.currentTimeMillis());
        byte[] event = com.example.whatsapp.optin.kafka.Json.mapper().writeValueAsBytes(outputs.event());
        byte[] reply = com.example.whatsapp.optin.kafka.Json.mapper().writeValueAsBytes(outputs.reply());
        byte[] state = new com.example.whatsapp.optin.state.ContactConsentSerde().serializer().serialize("", decision.state());
        // its two output topics are the service's, created with the service's settings by consentStreams
        line("write-limit sizes", event.length + " B event, " + reply.length + " B reply, " + state.length + " B state");
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore("contacts"), Serdes.Bytes(), Serdes.ByteArray()));
        var writes = builder.stream(input, Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName("write-source"))
                .process(() -> new org.apache.kafka.streams.processor.api.Processor<org.apache.kafka.common.utils.Bytes, byte[],
                        org.apache.kafka.common.utils.Bytes, byte[]>() {
                    private org.apache.kafka.streams.processor.api.ProcessorContext<org.apache.kafka.common.utils.Bytes, byte[]> context;
                    private org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> contacts;

                    @Override
                    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<org.apache.kafka.common.utils.Bytes, byte[]> context) {
                        this.context = context;
                        this.contacts = context.getStateStore("contacts");
                    }

                    @Override
                    public void process(org.apache.kafka.streams.processor.api.Record<org.apache.kafka.common.utils.Bytes, byte[]> record) {
                        contacts.get(record.key());
                        contacts.put(record.key(), state);
                        context.forward(record.withValue(event), "event-sink");
                        context.forward(record.withValue(reply), "reply-sink");
                    }
                }, org.apache.kafka.streams.kstream.Named.as("write"), "contacts");
        Topology topology = builder.build();
        topology.addSink("event-sink", app + "-events", new org.apache.kafka.common.serialization.BytesSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer(), "write");
        topology.addSink("reply-sink", app + "-replies", new org.apache.kafka.common.serialization.BytesSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer(), "write");
        return topology;
    }

    private void awaitCommitted(String group, String topic, Duration timeout) throws Exception {
        awaitCommitted(group, topic, timeout, null);
    }

    /** Until the group has committed the topic's end, or the app has failed (then at once). */
    private void awaitCommitted(String group, String topic, Duration timeout, KafkaStreams app) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            boolean done = ends.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return c != null && c.offset() >= e.getValue();
            });
            if (done) {
                return;
            }
            if (app != null && (app.state() == KafkaStreams.State.ERROR || app.state() == KafkaStreams.State.NOT_RUNNING)) {
                throw new IllegalStateException(group + " failed: " + app.state());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(group + " did not finish within " + timeout);
    }

    // ---------------------------------------------------------------- the outbound gate

    /**
     * Gate throughput against a copy of the same requests, each round with its own app: 100k
     * contacts decided first (half STOP, half JOIN), then {@code requests} requests (90% to contacts
     * never decided, each its own; 10% to the decided ones) produced and judged; then the time from
     * a STOP entering the inbound topic until requests for that contact come out suppressed.
     */
    private void gate(int requests, int decided, int rounds, int trials) throws Exception {
        line("gate", requests + " requests a round, " + decided + " decided contacts, keyed by contact key");
        createTopics(List.of("gate-decide"));
        List<ProducerRecord<String, String>> decisions = new ArrayList<>(decided);
        for (int c = 0; c < decided; c++) {
            String business = "biz" + (2 * (c % (BUSINESSES / 2)));   // even businesses: JOIN is an opt-in keyword
            String phone = String.format("9195%08d", c);
            decisions.add(new ProducerRecord<>("", business + ":" + phone,
                    Messages.text(business, phone, "d" + c, 1_764_000_000L, c % 2 == 0 ? "STOP" : "JOIN")));
        }
        produce("gate-decide", decisions);
        Map<String, List<Double>> rates = new HashMap<>();
        for (int round = 0; round <= rounds; round++) {
            boolean warmUp = round == 0;
            String app = "bench-gate-" + (++runs);
            String requestsTopic = app + "-requests";
            createTopics(List.of(requestsTopic));
            ConsentStreams consent = consentStreams(app, "gate-decide", gateTopics(app, requestsTopic));
            try (SettingsReader reader = readSettings(consent);
                 KafkaStreams streams = new KafkaStreams(consent.topology(), consent.streamsProperties(bootstrap))) {
                streams.start();
                awaitCommitted(app, "gate-decide", Duration.ofMinutes(10));
                // Leave the group, so the judging run that follows does not wait out the session timeout.
                streams.close(CloseOptions.timeout(Duration.ofMinutes(1))
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            }
            produceRequests(requestsTopic, requests, decided, new Random(round));

            ConsentStreams judged = consentStreams(app, "gate-decide", gateTopics(app, requestsTopic));
            long start = System.nanoTime();
            try (SettingsReader reader = readSettings(judged);
                 KafkaStreams streams = new KafkaStreams(judged.topology(), judged.streamsProperties(bootstrap))) {
                streams.start();
                awaitCommitted(app, requestsTopic, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                line((warmUp ? "warm-up " : "round ") + "gate", String.format("%.0f requests/s (%.1f s), %.2f µs CPU a request",
                        requests / seconds, seconds, appThreadsCpuNanos(app) / 1e3 / requests));
                if (!warmUp) {
                    rates.computeIfAbsent("gate", k -> new ArrayList<>()).add(requests / seconds);
                }
            }
            measure("gate-pass-through", requestsTopic, true, requests, warmUp, rates);
        }
        double pass = median(rates.get("gate-pass-through"));
        double gate = median(rates.get("gate"));
        line("throughput gate pass-through", String.format("%.0f requests/s (median of %d rounds %s)", pass, rounds, fmt(rates.get("gate-pass-through"))));
        line("throughput gate", String.format("%.0f requests/s (median of %d rounds %s)", gate, rounds, fmt(rates.get("gate"))));
        line("ratio gate / pass-through", String.format("%.2f", gate / pass));
        gateLatency(trials);
    }

    private static Map<String, String> gateTopics(String app, String requestsTopic) {
        return Map.of("optin.topic.outbound-requests", requestsTopic,
                "optin.topic.outbound-approved", app + "-approved",
                "optin.topic.outbound-suppressed", app + "-suppressed",
                "optin.topic.outbound-dlq", app + "-outbound-dlq");
    }

    private void produceRequests(String topic, int requests, int decided, Random random) throws Exception {
        String[] categories = {"MARKETING", "MARKETING", "MARKETING", "UTILITY", "UTILITY", "AUTHENTICATION", "SERVICE"};
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < requests; i++) {
                String business;
                String phone;
                if (random.nextInt(10) == 0) {
                    int c = random.nextInt(decided);
                    business = "biz" + (2 * (c % (BUSINESSES / 2)));
                    phone = String.format("9195%08d", c);
                } else {
                    business = "biz" + random.nextInt(BUSINESSES);
                    phone = String.format("9194%08d", i);
                }
                producer.send(new ProducerRecord<>(topic, business + ":" + phone, gateRequest("req-" + i, business,
                        categories[random.nextInt(categories.length)], phone)));
            }
            producer.flush();
        }
    }

    private static String gateRequest(String requestId, String business, String category, String phone) {
        return "{\"requestId\":\"" + requestId + "\",\"businessId\":\"" + business + "\",\"category\":\"" + category
                + "\",\"message\":{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + phone
                + "\",\"type\":\"template\",\"template\":{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}}";
    }

    /**
     * Opt-out to suppression: each trial opts a contact in, then sends STOP to the inbound topic
     * and, from then on, a MARKETING request for it every 10 ms. The latency is from the STOP's
     * send until a read_committed consumer sees the first request suppressed OPTED_OUT. Trials
     * start every 50 ms, so several are in flight at once.
     */
    private void gateLatency(int trials) throws Exception {
        String app = "bench-gate-latency";
        String input = "gate-latency-in";
        String requestsTopic = "gate-latency-requests";
        createTopics(List.of(input, requestsTopic));
        ConsentStreams consent = consentStreams(app, input, gateTopics(app, requestsTopic));
        Topics topics = consent.topics();
        Map<String, Long> stopSentAt = new ConcurrentHashMap<>();
        Map<String, Long> stopReadAt = new ConcurrentHashMap<>();
        Map<String, Boolean> optedIn = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger approvedAfterEventRead = new java.util.concurrent.atomic.AtomicInteger();
        try (SettingsReader settingsReader = readSettings(consent);
             KafkaStreams streams = new KafkaStreams(consent.topology(), consent.streamsProperties(bootstrap));
             KafkaProducer<String, String> producer = producer()) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(50);
            }
            Properties cp = new Properties();
            cp.put("bootstrap.servers", bootstrap);
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(topics.consentEvents().name(), topics.outbound().approved().name(),
                    topics.outbound().suppressed().name())) {
                for (int p = 0; p < PARTITIONS; p++) {
                    parts.add(new TopicPartition(t, p));
                }
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            volatileStop = false;
            Thread reader = new Thread(() -> {
                while (!volatileStop) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(5))) {
                        long now = System.nanoTime();
                        String key = r.key();
                        if (r.topic().equals(topics.consentEvents().name())) {
                            if (r.value().contains("\"status\":\"OPTED_IN\"")) {
                                optedIn.put(key, true);
                            } else {
                                stopReadAt.putIfAbsent(key, now);
                            }
                        } else if (r.topic().equals(topics.outbound().suppressed().name())) {
                            Long sent = stopSentAt.get(key);
                            if (sent != null && r.value().contains("\"reason\":\"OPTED_OUT\"") && stopSentAt.remove(key) != null) {
                                latencies.add(now - sent);
                            }
                        } else if (r.value().contains("\"status\":\"OPTED_OUT\"")) {
                            approvedAfterEventRead.incrementAndGet();   // never: the rule, not the timing
                        }
                    }
                }
                consumer.close();
            }, "gate-latency-reader");
            reader.start();

            List<String> contacts = new ArrayList<>();
            for (int t = 0; t < trials; t++) {
                String phone = String.format("9193%08d", t);
                contacts.add("biz0:" + phone);
                producer.send(new ProducerRecord<>(input, "biz0:" + phone,
                        Messages.text("biz0", phone, "in" + t, 1_764_000_000L, "JOIN")));
            }
            producer.flush();
            long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (optedIn.size() < trials && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            List<String> active = new ArrayList<>();
            long next = System.nanoTime();
            int started = 0;
            int request = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while ((started < trials || !stopSentAt.isEmpty()) && System.nanoTime() < deadline) {
                if (started < trials && System.nanoTime() >= next) {
                    String key = contacts.get(started);
                    String phone = key.substring(5);
                    producer.send(new ProducerRecord<>(input, key, Messages.text("biz0", phone, "out" + started,
                            1_764_000_060L, "STOP")));
                    stopSentAt.put(key, System.nanoTime());
                    active.add(key);
                    started++;
                    next += 50_000_000L;
                }
                active.removeIf(k -> !stopSentAt.containsKey(k));
                for (String key : active) {
                    producer.send(new ProducerRecord<>(requestsTopic, key,
                            gateRequest("lat-" + request++, "biz0", "MARKETING", key.substring(5))));
                }
                Thread.sleep(10);
            }
            Thread.sleep(1000);
            volatileStop = true;
            reader.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        line("gate latency", String.format("%d trials timed, %d unanswered, a request every 10 ms per contact; "
                + "approved with status OPTED_OUT: %d", sorted.size(), stopSentAt.size(), approvedAfterEventRead.get()));
        line("gate latency p50", ms(percentile(sorted, 0.50)));
        line("gate latency p99", ms(percentile(sorted, 0.99)));
        line("gate latency max", ms(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
    }

    // ---------------------------------------------------------------- latency

    /**
     * From producing a keyword message to its ReplyCommand being readable with read_committed, at
     * each offered rate, the load coming from a separate process ({@link LoadGenerator}) at a fixed
     * rate; one service instance, started once, takes the rates one after the other.
     */
    private void latency(String what, double... offeredRates) throws Exception {
        String app = "bench-latency";
        String input = "latency-in";
        createTopics(List.of(input));
        ConsentStreams consent = consentStreams(app, input);
        Topics topics = consent.topics();
        Topology topology = consent.topology();
        try (SettingsReader settingsReader = readSettings(consent);
             KafkaStreams streams = new KafkaStreams(topology, consent.streamsProperties(bootstrap))) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(50);
            }
            long first = 0;
            for (double offeredRate : offeredRates) {
                latencyAt(offeredRate, what, topics, input, first);
                first += 10_000_000;
            }
        }
    }

    private void latencyAt(double offeredRate, String what, Topics topics, String input, long first) throws Exception {
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        Properties cp = new Properties();
        cp.put("bootstrap.servers", bootstrap);
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new TopicPartition(topics.replyCommands().name(), p));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        volatileStop = false;
        Thread reader = new Thread(() -> {
            while (!volatileStop) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                    java.time.Instant now = java.time.Instant.now();
                    int at = r.value().indexOf("\"message_id\":\"") + 14;
                    String id = r.value().substring(at, r.value().indexOf('"', at));
                    long sentMicros = Long.parseLong(id.substring(id.indexOf('-') + 1));
                    latencies.add(new long[] {sentMicros, (now.getEpochSecond() * 1_000_000L + now.getNano() / 1000 - sentMicros) * 1000});
                }
            }
            consumer.close();
        }, "latency-reader");
        reader.start();
        long seconds = 20;
        long[] cpuBefore = machineCpuTicks();
        // C1 only: the generator's own JIT compiling otherwise takes most of a core for its first seconds.
        Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName(),
                bootstrap, input, String.valueOf(offeredRate), String.valueOf(seconds), String.valueOf(first))
                .redirectErrorStream(true).redirectOutput(work.resolve("load-" + first + ".log").toFile()).start();
        if (!generator.waitFor(seconds + 120, TimeUnit.SECONDS)) {
            generator.destroyForcibly();
        }
        long[] cpuAfter = machineCpuTicks();
        Thread.sleep(3000);
        volatileStop = true;
        reader.join();
        List<Long> sorted = latencies.stream().map(l -> l[1]).sorted().toList();
        long firstSent = latencies.stream().mapToLong(l -> l[0]).min().orElse(0);
        List<Long> steady = latencies.stream().filter(l -> l[0] >= firstSent + STEADY_AFTER_MICROS).map(l -> l[1]).sorted().toList();
        long expected = (long) (offeredRate * seconds) / 100;
        line("latency offered load", String.format("%.0f msg/s (%s) from a separate process for %d s, %d keyword messages timed of %d sent",
                offeredRate, what.split(",")[(int) (first / 10_000_000)], seconds, sorted.size(), expected));
        line("latency machine CPU busy", String.format("%.0f%% of %d cores while the load ran (broker, service, load generator)",
                100.0 * (cpuAfter[0] - cpuBefore[0]) / Math.max(1, cpuAfter[1] - cpuBefore[1]), Runtime.getRuntime().availableProcessors()));
        line("latency p50", ms(percentile(sorted, 0.50)));
        line("latency p99", ms(percentile(sorted, 0.99)));
        line("latency max", ms(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
        line("latency after the first 5 s", String.format("p50 %s, p99 %s, max %s (%d keyword messages)",
                ms(percentile(steady, 0.50)), ms(percentile(steady, 0.99)), ms(steady.isEmpty() ? 0 : steady.get(steady.size() - 1)),
                steady.size()));
    }

    /** The load's first seconds, left out of the steady figures: the generator's new JVM and the burst it starts with. */
    private static final long STEADY_AFTER_MICROS = 5_000_000;

    private volatile boolean volatileStop;

    /** Busy and total CPU ticks of the whole machine so far, from /proc/stat (zeros where there is none). */
    private static long[] machineCpuTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    // ---------------------------------------------------------------- memory

    private void memory(int contacts) throws Exception {
        Path jar = Path.of("target", "whatsapp-optin.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            line("memory", "skipped: target/whatsapp-optin.jar is missing (run through the benchmark profile)");
            return;
        }
        String app = "bench-memory";
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("application.id", app);
        config.put("state.dir", work.resolve("state").resolve(app).toString());
        config.put("optin.topic.inbound", "memory-in");
        config.put("optin.topic.settings", "settings");
        config.put("optin.topic.consent-events", app + "-events");
        config.put("optin.topic.reply-commands", app + "-replies");
        config.put("optin.topic.dlq", app + "-dlq");
        int httpPort = freePort();
        config.put("optin.http.port", String.valueOf(httpPort));
        Path file = work.resolve("memory.properties");
        Files.writeString(file, config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        createTopics(List.of("memory-in"));
        List<ProducerRecord<String, String>> records = new ArrayList<>(contacts);
        for (int i = 0; i < contacts; i++) {
            String phone = String.format("9195%08d", i);
            records.add(new ProducerRecord<>("", "biz1:" + phone, Messages.text("biz1", phone, "m" + i, 1_764_000_000L, "STOP")));
        }
        produce("memory-in", records);
        String heapOption = System.getProperty("bench.service.heap", "-Xmx512m");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heapOption,
                "-jar", jar.toString(), "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("memory.log").toFile()).start();
        try {
            long start = System.nanoTime();
            awaitCommitted(app, "memory-in", Duration.ofMinutes(15));
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(2000);
            String status = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "status"));
            long hwmKb = Long.parseLong(status.lines().filter(l -> l.startsWith("VmHWM:")).findFirst().orElseThrow()
                    .replaceAll("\\D", ""));
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double heapUsed = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            line("memory contacts", String.format("%d distinct contacts decided in %.1f s (service process %s)", contacts, seconds, heapOption));
            line("memory peak RSS", String.format("%d MiB", hwmKb / 1024));
            line("memory heap used", String.format("%.0f MiB", heapUsed / (1 << 20)));
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        restore(jar, file, heapOption, work.resolve("state").resolve(app));
    }

    /**
     * Consent records: a CSV of two rows per contact (an opt-in and, a minute later, an opt-out, each
     * with a proof of about 300 bytes) imported through the command line (rows/s from file to
     * topic), then decided by the service's jar as its own process (rows/s until every record is
     * committed), with its peak RSS and heap: every contact then holds two changes with their proofs.
     */
    private void records(int contacts) throws Exception {
        Path jar = Path.of("target", "whatsapp-optin.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            line("records", "skipped: target/whatsapp-optin.jar is missing (run through the benchmark profile)");
            return;
        }
        String app = "bench-records";
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("application.id", app);
        config.put("state.dir", work.resolve("state").resolve(app).toString());
        config.put("optin.topic.inbound", app + "-in");
        config.put("optin.topic.settings", "settings");
        config.put("optin.topic.consent-events", app + "-events");
        config.put("optin.topic.reply-commands", app + "-replies");
        config.put("optin.topic.dlq", app + "-dlq");
        config.put("optin.topic.consent-records", app + "-records");
        config.put("optin.topic.consent-records-dlq", app + "-records-dlq");
        int httpPort = freePort();
        config.put("optin.http.port", String.valueOf(httpPort));
        Path file = work.resolve("records.properties");
        Files.writeString(file, config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        createTopics(List.of(app + "-in", app + "-records"));

        Path csv = work.resolve("records.csv");
        String padding = "x".repeat(160);
        try (var w = Files.newBufferedWriter(csv)) {
            w.write("contactId,status,occurredAt,consentText,source\n");
            for (int i = 0; i < contacts; i++) {
                String phone = String.format("9196%08d", i);
                String text = "\"Yes, send me order updates and offers from Acme Store on WhatsApp. Terms v3, form ref " + i
                        + " " + padding + "\"";
                w.write(phone + ",OPTED_IN,1764000000," + text + ",https://acme.example/checkout?campaign=spring\n");
                w.write(phone + ",OPTED_OUT,1764000060," + text + ",https://acme.example/preferences?campaign=spring\n");
            }
        }
        long rows = 2L * contacts;
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = com.example.whatsapp.optin.Main.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        long start = System.nanoTime();
        int exit = cli.execute("import", "--config", file.toString(), "--business", "biz0", "--file", csv.toString());
        double importSeconds = (System.nanoTime() - start) / 1e9;
        line("records import", String.format("%,d rows (%d MiB CSV) from file to topic in %.1f s: %,.0f rows/s (exit %d)",
                rows, Files.size(csv) >> 20, importSeconds, rows / importSeconds, exit));

        String heapOption = System.getProperty("bench.service.heap", "-Xmx512m");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heapOption,
                "-jar", jar.toString(), "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("records.log").toFile()).start();
        try {
            long decideStart = System.nanoTime();
            awaitCommitted(app, app + "-records", Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - decideStart) / 1e9;
            Thread.sleep(2000);
            String status = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "status"));
            long hwmKb = Long.parseLong(status.lines().filter(l -> l.startsWith("VmHWM:")).findFirst().orElseThrow()
                    .replaceAll("\\D", ""));
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double heapUsed = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            double accepted = metrics.lines().filter(l -> l.startsWith("optin_records_accepted_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            line("records decided", String.format("%,.0f records of %,d contacts decided in %.1f s from process start: %,.0f records/s (%s)",
                    accepted, contacts, seconds, rows / seconds, heapOption));
            line("records peak RSS", String.format("%d MiB with %,d contacts of two changes with ~300-byte proofs", hwmKb / 1024, contacts));
            line("records heap used", String.format("%.0f MiB", heapUsed / (1 << 20)));
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The same instance with its state directory gone: how fast the contacts come back from the changelog. */
    private void restore(Path jar, Path config, String heapOption, Path stateDir) throws Exception {
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        Path log = work.resolve("restore.log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heapOption,
                "-jar", jar.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            java.util.regex.Pattern restored = java.util.regex.Pattern.compile("Restored (\\d+) records of store consent-contacts");
            long records = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                String text = Files.readString(log);
                java.util.regex.Matcher m = restored.matcher(text);
                records = 0;
                int partitions = 0;
                while (m.find()) {
                    records += Long.parseLong(m.group(1));
                    partitions++;
                }
                if (partitions >= PARTITIONS && text.contains("WhatsApp consent service running")) {
                    break;
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            line("restore", String.format("%d contacts restored from the changelog; process start to running %.1f s (%.0f contacts/s)",
                    records, seconds, records / seconds));
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private void produce(String topic, List<ProducerRecord<String, String>> records) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (ProducerRecord<String, String> r : records) {
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
            producer.flush();
        }
    }

    private void createTopics(List<String> names) throws Exception {
        admin.createTopics(names.stream().map(n -> new NewTopic(n, PARTITIONS, (short) 1)).toList()).all().get();
        awaitTopics(names);
    }

    private void awaitTopics(List<String> names) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                admin.describeTopics(names).allTopicNames().get().values().forEach(d -> d.partitions()
                        .forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(request).all().get();
                return;
            } catch (Exception notYet) {
                Thread.sleep(100);
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** {@code "a=1,b=2"} as a map: the broker's and the streams' settings to try. */
    private static Map<String, String> settings(String list) {
        Map<String, String> settings = new java.util.TreeMap<>();
        for (String pair : list.split(",")) {
            if (!pair.isBlank()) {
                settings.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return settings;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private static String fmt(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static void line(String what, String figure) {
        System.out.println("BENCH " + what + ": " + figure);
    }
}
