package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.broker.EmbeddedKafka;
import com.example.whatsapp.optin.http.ConsentApi;
import com.example.whatsapp.optin.metrics.WebhookMetrics;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.webhook.WebhookIngress;
import com.example.whatsapp.optin.webhook.WebhookSignature;
import com.example.whatsapp.optin.topology.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook ingress's throughput and answer latency: signed posts from concurrent clients to
 * the service's HTTP server, each answered once Kafka acknowledged its write (acks=all), next to
 * a plain KafkaProducer writing the same bodies from as many threads, each waiting for its
 * acknowledgement, in the same run, against the same in-JVM broker. Kafka Streams does not run:
 * this measures the ingress alone. A warm-up round, then the median of the rounds.
 *
 * <pre>mvn -B -Pbenchmark package -Dbench.main=com.example.whatsapp.optin.bench.WebhookBenchmark -Dbench.args="--posts 20000 --rounds 3 --clients 8"</pre>
 * ({@code --client jdk} posts with java.net.http.HttpClient instead of the minimal client)
 */
public final class WebhookBenchmark {

    private static final String SECRET = "bench-app-secret";
    private static final int PARTITIONS = 4;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int posts = Integer.parseInt(options.getOrDefault("posts", "20000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        Path work = Files.createTempDirectory("webhook-bench");
        try (EmbeddedKafka broker = EmbeddedKafka.start(freePort(), freePort(), work.resolve("kafka"))) {
            new WebhookBenchmark().run(broker.bootstrapServers(), posts, rounds, clients, options.getOrDefault("client", "raw"));
        }
        System.exit(0);
    }

    private void run(String bootstrap, int posts, int rounds, int clients, String client) throws Exception {
        line("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + "; " + posts + " posts a round, " + clients + " clients");
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(
                    new NewTopic("webhook-bench", PARTITIONS, (short) 1).configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(Topics.MAX_RECORD_BYTES))),
                    new NewTopic("producer-bench", PARTITIONS, (short) 1))).all().get();
        }
        WebhookSignature signer = new WebhookSignature(SECRET);
        byte[][] bodies = new byte[posts][];
        String[] signatures = new String[posts];
        for (int i = 0; i < posts; i++) {
            bodies[i] = envelope(i).getBytes(StandardCharsets.UTF_8);
            signatures[i] = signer.header(bodies[i]);
        }
        line("body", bodies[0].length + " bytes (a one-message Cloud API envelope)");

        WebhookIngress ingress = WebhookIngress.open(SECRET, "token", kafka, "webhook-bench", Duration.ofSeconds(10),
                new WebhookMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        SettingsRegistry registry = new SettingsRegistry(List.of("STOP"));
        ConsentApi api = new ConsentApi.Builder((b, c, p, f) -> new ContactQueries.Found(null, "localhost:1"),
                new SettingsAdmin(new MockProducer<>(true, null, new StringSerializer(), new StringSerializer()), "s", registry,
                        Duration.ofMillis(1)), registry, () -> KafkaStreams.State.RUNNING, () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).webhook(ingress).build().start(0);
        URI url = URI.create("http://localhost:" + api.port() + "/webhooks/whatsapp");
        // The JDK's HttpClient costs the load generator more CPU than the service spends on a post;
        // by default each client thread keeps one HTTP/1.1 connection and writes the request bytes itself.
        boolean rawClient = !"jdk".equals(client);
        line("client", rawClient ? "one keep-alive HTTP/1.1 connection per client thread" : "java.net.http.HttpClient");
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> new Connection(url));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(clients)).build();

        Properties plain = new Properties();
        plain.putAll(kafka);
        plain.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        plain.put(ProducerConfig.ACKS_CONFIG, "all");
        plain.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(plain, new StringSerializer(), new ByteArraySerializer());

        List<Round> webhook = new ArrayList<>();
        List<Round> direct = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            Round w = rawClient
                    ? measure(clients, posts, i -> connections.get().post(url, bodies[i], signatures[i]))
                    : measure(clients, posts, i -> {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url)
                                .header("Content-Type", "application/json").header(WebhookSignature.HEADER, signatures[i])
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[i])).build(), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("answered " + response.statusCode());
                        }
                    });
            Round d = measure(clients, posts, i -> producer.send(new ProducerRecord<>("producer-bench", null, bodies[i])).get());
            String name = round == 0 ? "warm-up" : "round " + round;
            line(name + " webhook", w.toString());
            line(name + " plain producer", d.toString());
            if (round > 0) {
                webhook.add(w);
                direct.add(d);
            }
        }
        Round w = median(webhook);
        Round d = median(direct);
        line("webhook (median round)", w.toString());
        line("plain producer (median round)", d.toString());
        line("webhook / plain producer", String.format("%.2f", w.rate / d.rate));
        producer.close();
        api.close();
        ingress.close();
    }

    /** A minimal HTTP/1.1 client on one kept-alive socket: the request written whole, the answer's status and body read. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(URI url) {
            try {
                socket = new Socket(url.getHost(), url.getPort());
                socket.setTcpNoDelay(true);
                out = new BufferedOutputStream(socket.getOutputStream(), 8192);
                in = new BufferedInputStream(socket.getInputStream(), 8192);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void post(URI url, byte[] body, String signature) throws IOException {
            String head = "POST " + url.getPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + WebhookSignature.HEADER + ": " + signature + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = readLine();
            int length = -1;
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (length < 0) {
                throw new IllegalStateException("no Content-Length in the answer");
            }
            in.readNBytes(length);
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("answered " + status);
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    private interface Post {
        void send(int index) throws Exception;
    }

    /** Throughput, and answer latency percentiles in milliseconds. */
    private record Round(double rate, double p50, double p99, double max) {
        @Override
        public String toString() {
            return String.format("%,.0f posts/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms", rate, p50, p99, max);
        }
    }

    private static Round measure(int clients, int posts, Post post) throws Exception {
        long[] nanos = new long[posts];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < posts; i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    post.send(i);
                    nanos[i] = System.nanoTime() - t;
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(nanos);
        return new Round(posts / seconds, nanos[posts / 2] / 1e6, nanos[(int) (posts * 0.99)] / 1e6, nanos[posts - 1] / 1e6);
    }

    private static Round median(List<Round> rounds) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(a.rate, b.rate));
        return sorted.get(sorted.size() / 2);
    }

    private static String envelope(int i) {
        String from = "91" + String.format("%010d", 9_000_000_000L + i);
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Customer " + i + "\"},"
                + "\"wa_id\":\"" + from + "\"}],\"messages\":[{\"from\":\"" + from + "\",\"id\":\"wamid.HBgLOTE5ODc2NTQzMjEwFQIAEhgg"
                + String.format("%08d", i) + "\",\"timestamp\":\"1764000000\",\"text\":{\"body\":\"Hello, is my order on its way? "
                + "It was placed on Monday.\"},\"type\":\"text\"}]},\"field\":\"messages\"}]}]}";
    }

    private static void line(String what, String value) {
        System.out.println(String.format("%-34s %s", what, value));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
