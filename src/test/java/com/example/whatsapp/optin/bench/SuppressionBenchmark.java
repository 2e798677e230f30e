package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.Main;
import com.example.whatsapp.optin.broker.EmbeddedKafka;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.service.ConsentStreams;
import com.example.whatsapp.optin.topology.Messages;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The suppression list's export and the attribution memory's cost, printed, never asserted.
 *
 * <ul>
 *   <li>export: N opted-out contacts decided by the service's jar (its own process, on an embedded
 *   broker), then exported as CSV through the CLI: contacts per second, and the service process's
 *   peak RSS (VmHWM) while it served the export;</li>
 *   <li>gate: the gate's requests per second through the production topology (TopologyTestDriver,
 *   RocksDB stores) for requests it approves without remembering them (AUTHENTICATION: the gate
 *   as before the attribution memory) and with (MARKETING: one more write of the contact's state),
 *   alternating rounds in one run.</li>
 * </ul>
 *
 * <p>{@code mvn -B -Pbenchmark package -Dbench.main=com.example.whatsapp.optin.bench.SuppressionBenchmark
 * -Dbench.args="--contacts 1000000 --gate-requests 200000 --gate-contacts 100000 --rounds 3"}
 */
public final class SuppressionBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int contacts = Integer.parseInt(options.getOrDefault("contacts", "1000000"));
        int gateRequests = Integer.parseInt(options.getOrDefault("gate-requests", "200000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int decided = Integer.parseInt(options.getOrDefault("gate-contacts", "100000"));
        line("machine", Runtime.getRuntime().availableProcessors() + " cores, shared; figures are indicative");
        gate(gateRequests, decided, rounds);
        if (contacts > 0) {
            export(contacts);
        }
    }

    private static void line(String name, String value) {
        System.out.println(String.format(Locale.ROOT, "%-34s %s", name, value));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ the gate

    private static void gate(int requests, int decided, int rounds) throws IOException {
        Path state = Files.createTempDirectory("bench-gate");
        Map<String, String> settings = new HashMap<>();
        settings.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        ServiceConfig config = ServiceConfig.defaultsWith(settings);
        ConsentStreams consent = new ConsentStreams(config, ConsentCounters.inMemory(), Clock.systemUTC());
        consent.settings().settledThrough(Long.MAX_VALUE);
        consent.settings().apply("acme", "{\"businessName\":\"Acme Store\",\"optIn\":{\"enabled\":true,\"keywords\":[\"JOIN\"]}}",
                0L, 0L);
        try (TopologyTestDriver driver = new TopologyTestDriver(consent.topology(), consent.streamsProperties("unused:9092"))) {
            TestInputTopic<String, byte[]> inbound = driver.createInputTopic(consent.topics().inbound().name(),
                    new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, byte[]> outbound = driver.createInputTopic(consent.topics().outbound().requests().name(),
                    new StringSerializer(), new ByteArraySerializer());
            Instant time = Instant.now();
            for (int i = 0; i < decided; i++) {
                String phone = String.format("9195%08d", i);
                inbound.pipeInput("acme:" + phone, Messages.text("acme", phone, "m" + i, 1_764_000_000L, "JOIN")
                        .getBytes(StandardCharsets.UTF_8), time);
            }
            Map<String, List<Double>> rates = new HashMap<>();
            for (int round = -1; round < rounds; round++) {
                for (String category : List.of("AUTHENTICATION", "MARKETING")) {
                    List<String> keys = new ArrayList<>(requests);
                    List<byte[]> values = new ArrayList<>(requests);
                    for (int i = 0; i < requests; i++) {
                        String phone = String.format("9195%08d", (i * 7919L + round * 31L) % decided);
                        keys.add("acme:" + phone);
                        values.add(("{\"requestId\":\"r" + round + "-" + i + "\",\"businessId\":\"acme\",\"category\":\"" + category
                                + "\",\"campaignId\":\"spring\",\"message\":{\"messaging_product\":\"whatsapp\",\"to\":\"" + phone
                                + "\",\"type\":\"template\",\"template\":{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}}")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    long start = System.nanoTime();
                    for (int i = 0; i < requests; i++) {
                        outbound.pipeInput(keys.get(i), values.get(i), time);
                    }
                    double perSecond = requests / ((System.nanoTime() - start) / 1e9);
                    if (round >= 0) {
                        rates.computeIfAbsent(category, k -> new ArrayList<>()).add(perSecond);
                    }
                    line((round < 0 ? "warm-up " : "round ") + "gate " + category, String.format(Locale.ROOT, "%,.0f requests/s", perSecond));
                }
            }
            double before = median(rates.get("AUTHENTICATION"));
            double after = median(rates.get("MARKETING"));
            line("gate without memory (AUTH.)", String.format(Locale.ROOT, "%,.0f requests/s (median of %d)", before, rounds));
            line("gate with memory (MARKETING)", String.format(Locale.ROOT, "%,.0f requests/s (median of %d)", after, rounds));
            line("ratio with / without", String.format(Locale.ROOT, "%.2f", after / before));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    // ------------------------------------------------------------------ the export

    private static void export(int contacts) throws Exception {
        Path work = Files.createTempDirectory("bench-export");
        Path jar = Path.of("target", "whatsapp-optin.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            line("export", "skipped: " + jar + " is missing (mvn -B -Pbenchmark package builds it)");
            return;
        }
        try (EmbeddedKafka broker = EmbeddedKafka.start(freePort(), freePort(), work.resolve("kafka"))) {
            Map<String, String> config = new HashMap<>();
            config.put("bootstrap.servers", broker.bootstrapServers());
            config.put("application.id", "bench-export");
            config.put("state.dir", work.resolve("state").toString());
            config.put("optin.http.admin-token", "bench-token");
            int httpPort = freePort();
            config.put("optin.http.port", String.valueOf(httpPort));
            Path file = work.resolve("service.properties");
            Files.writeString(file, config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n")));
            String heap = System.getProperty("bench.service.heap", "-Xmx512m");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                    "-jar", jar.toString(), "--config", file.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile()).start();
            try {
                String base = "http://localhost:" + httpPort;
                HttpClient http = HttpClient.newHttpClient();
                awaitStatus(http, base + "/health/ready", Duration.ofMinutes(3));
                Properties props = new Properties();
                props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
                props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
                props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
                long produceStart = System.nanoTime();
                AtomicLong failed = new AtomicLong();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < contacts; i++) {
                        String phone = String.format("9195%08d", i);
                        producer.send(new ProducerRecord<>("whatsapp.inbound-messages", "biz1:" + phone,
                                Messages.text("biz1", phone, "m" + i, 1_764_000_000L, "STOP")), (m, e) -> {
                                    if (e != null) {
                                        failed.incrementAndGet();
                                    }
                                });
                    }
                }
                long decideStart = System.nanoTime();
                long deadline = decideStart + TimeUnit.MINUTES.toNanos(30);
                // The decisions' counter first, from /metrics: an interactive query of a store while its task
                // writes it can deadlock the two (Kafka 4.4.0's stores lock the store and its position in
                // opposite orders in put and query), so the summary is asked only once the writes are ending.
                while (metric(http, base, "optin_consent_opt_outs_total") < contacts) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the contacts were not all decided within 30 minutes");
                    }
                    Thread.sleep(1000);
                }
                Thread.sleep(5000);
                while (optedOut(http, base) < contacts) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the contacts were not all decided within 30 minutes");
                    }
                    Thread.sleep(1000);
                }
                line("export contacts decided", String.format(Locale.ROOT, "%,d in %.1f s (written in %.1f s, %d failed)", contacts,
                        (System.nanoTime() - produceStart) / 1e9, (decideStart - produceStart) / 1e9, failed.get()));
                long rssBefore = hwmKb(process);
                Path csv = work.resolve("opted-out.csv");
                StringWriter err = new StringWriter();
                CommandLine cli = Main.commandLine();
                cli.setErr(new PrintWriter(err, true));
                long start = System.nanoTime();
                int code = cli.execute("export", "--config", file.toString(), "--business", "biz1", "--output", csv.toString());
                double seconds = (System.nanoTime() - start) / 1e9;
                long rows;
                try (var lines = Files.lines(csv)) {
                    rows = lines.count() - 1;
                }
                line("export exit code", String.valueOf(code));
                err.toString().lines().forEach(l -> line("export (CLI's stderr)", l));
                line("export through the CLI", String.format(Locale.ROOT, "%,d contacts in %.1f s: %,.0f contacts/s (goal >= 100,000/s)",
                        rows, seconds, rows / seconds));
                line("export service peak RSS", String.format(Locale.ROOT, "%d MiB before the export, %d MiB after (VmHWM, %s; goal <= 1024)",
                        rssBefore / 1024, hwmKb(process) / 1024, heap));
            } finally {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static double metric(HttpClient http, String base, String name) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static long optedOut(HttpClient http, String base) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/businesses/biz1/summary")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.mapper().readTree(response.body()).at("/ALL/OPTED_OUT").asLong() : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void awaitStatus(HttpClient http, String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " did not answer 200 within " + timeout);
    }

    private static long hwmKb(Process process) throws IOException {
        String status = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "status"));
        return Long.parseLong(status.lines().filter(l -> l.startsWith("VmHWM:")).findFirst().orElseThrow().replaceAll("\\D", ""));
    }
}
