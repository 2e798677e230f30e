package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.ConsentStreams;
import com.example.whatsapp.optin.broker.EmbeddedKafka;
import com.example.whatsapp.optin.broker.TopicSetup;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsReader;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.wire.Topics;
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
        try (EmbeddedKafka broker = EmbeddedKafka.start(freePort(), freePort(), work.resolve("kafka"))) {
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
        createTopics(List.of("settings"));
        seedSettings("settings");
        if (options.getOrDefault("variants", "").equals("memory")) {
            memory(memoryContacts);
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
        List<String> variants = List.of(options.getOrDefault("variants", "pass-through,realistic,all-keyword").split(","));
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
        }
        if (variants.size() < 3) {
            return;
        }
        double pass = median(rates.get("pass-through"));
        double realistic = median(rates.get("realistic"));
        double keyword = median(rates.get("all-keyword"));
        line("throughput pass-through", String.format("%.0f msg/s (median of %d rounds %s)", pass, rounds, fmt(rates.get("pass-through"))));
        line("throughput realistic", String.format("%.0f msg/s (median of %d rounds %s)", realistic, rounds, fmt(rates.get("realistic"))));
        line("throughput all-keyword", String.format("%.0f msg/s (median of %d rounds %s)", keyword, rounds, fmt(rates.get("all-keyword"))));

        latency(realistic / 2);
        memory(memoryContacts);

        line("ratio realistic / pass-through", String.format("%.2f", realistic / pass));
        line("ratio all-keyword / pass-through", String.format("%.2f", keyword / pass));
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
        String app = "bench-" + name + "-" + (++runs);
        ConsentStreams consent = consentStreams(app, input);
        createTopics(List.of(app + "-out"));
        Topology built = copy ? passThroughTopology(input, app + "-out") : consent.topology();
        Properties props = consent.streamsProperties(bootstrap);
        long start = System.nanoTime();
        try (SettingsReader reader = readSettings(consent);
             KafkaStreams streams = new KafkaStreams(built, props)) {
            streams.start();
            awaitCommitted(app, input, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = messages / seconds;
            line((warmUp ? "warm-up " : "round ") + name, String.format("%.0f msg/s (%.1f s), %.2f µs CPU a record in the app's threads",
                    rate, seconds, appThreadsCpuNanos(app) / 1e3 / messages));
            if (!warmUp) {
                rates.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
            }
        }
    }

    /** The service's composition, on this run's own output topics (created here) and the shared input and settings. */
    private ConsentStreams consentStreams(String app, String input) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("application.id", app);
        config.put("state.dir", Files.createDirectories(work.resolve("state").resolve(app)).toString());
        config.put("application.server", "localhost:1");
        config.put("auto.offset.reset", "earliest");
        config.put("optin.topic.inbound", input);
        config.put("optin.topic.settings", "settings");
        config.put("optin.topic.consent-events", app + "-events");
        config.put("optin.topic.reply-commands", app + "-replies");
        config.put("optin.topic.dlq", app + "-dlq");
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

    private void awaitCommitted(String group, String topic, Duration timeout) throws Exception {
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
            Thread.sleep(50);
        }
        throw new IllegalStateException(group + " did not finish within " + timeout);
    }

    // ---------------------------------------------------------------- latency

    private void latency(double offeredRate) throws Exception {
        String app = "bench-latency";
        String input = "latency-in";
        createTopics(List.of(input));
        ConsentStreams consent = consentStreams(app, input);
        Topics topics = consent.topics();
        Topology topology = consent.topology();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (SettingsReader settingsReader = readSettings(consent);
             KafkaStreams streams = new KafkaStreams(topology, consent.streamsProperties(bootstrap))) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(50);
            }
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
                        long now = System.nanoTime();
                        int at = r.value().indexOf("\"message_id\":\"") + 14;
                        String id = r.value().substring(at, r.value().indexOf('"', at));
                        Long sent = sentAt.remove(id);
                        if (sent != null) {
                            latencies.add(now - sent);
                            if (now - sent > 400_000_000L && System.getenv("BENCH_DEBUG") != null) {
                                System.out.printf("slow %s %.0f ms, sent at +%.2f s%n", id, (now - sent) / 1e6, (sent - debugStart) / 1e9);
                            }
                        }
                    }
                }
                consumer.close();
            }, "latency-reader");
            reader.start();
            try (KafkaProducer<String, String> producer = producer()) {
                Random random = new Random(7);
                long seconds = 20;
                long total = (long) (offeredRate * seconds);
                long start = System.nanoTime();
                debugStart = start;
                for (long i = 0; i < total; i++) {
                    long due = start + (long) (i * 1e9 / offeredRate);
                    long wait = due - System.nanoTime();
                    if (wait > 1_000_000) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    String phone = String.format("9196%08d", i);
                    boolean keyword = i % 100 == 0;
                    String id = "lat" + i;
                    String value = Messages.text("biz0", phone, id, 1_764_000_000L + i, keyword ? "STOP" : "hello there");
                    if (keyword && random.nextBoolean()) {
                        value = Messages.button("biz0", phone, id, 1_764_000_000L + i, "JOIN", "Join");
                    }
                    if (keyword) {
                        sentAt.put(id, System.nanoTime());
                    }
                    producer.send(new ProducerRecord<>(input, "biz0:" + phone, value));
                }
                producer.flush();
            }
            Thread.sleep(3000);
            volatileStop = true;
            reader.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        line("latency offered load", String.format("%.0f msg/s (half the realistic peak), %d keyword messages timed, %d unanswered",
                offeredRate, sorted.size(), sentAt.size()));
        line("latency p50", ms(percentile(sorted, 0.50)));
        line("latency p99", ms(percentile(sorted, 0.99)));
        line("latency max", ms(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
    }

    private volatile boolean volatileStop;
    private volatile long debugStart;

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
