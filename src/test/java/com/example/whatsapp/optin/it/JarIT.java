package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.topology.Messages;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar on its embedded default, as the README runs it: a real process with its own
 * broker, stopped with SIGTERM and started again on the same data directory.
 */
class JarIT {

    private static ServiceProcess start(Path workDir, Path config, int run) throws IOException, InterruptedException {
        return ServiceProcess.start(workDir, config, "service-" + run + ".log");
    }

    private static void stop(ServiceProcess service) throws Exception {
        assertThat(service.stop(Duration.ofSeconds(60))).as("stopped within 60 s after SIGTERM").isTrue();
        assertThat(service.process.exitValue()).as("the JVM's exit code for SIGTERM, as the README says").isEqualTo(143);
        String log = service.log();
        assertThat(log).contains("Embedded Kafka broker stopped");
        assertThat(log).doesNotContain("Exception in thread");
        assertThat(log.lines()).as("a clean start and stop warns about nothing")
                .noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
        assertThat(log.lines()).filteredOn(line -> line.contains("Kafka Streams stopped")).hasSize(1);
    }

    private static List<String> readEvents(String bootstrap, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("whatsapp.consent-events").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && values.size() < atLeast) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // and nothing more arrives
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    /** One run of the jar to its end: exit code, stdout, stderr. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run runJar(Path workDir, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ServiceProcess.JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = workDir.resolve("out.txt");
        Path err = workDir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not stop: " + Files.readString(out) + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void a_bad_setting_stops_the_jar_with_one_line_and_exit_2_before_it_connects() throws Exception {
        Path workDir = TestKafka.tempDir("jar-bad-setting");
        // Nothing listens at this Kafka, and no embedded broker may start: connecting would end in exit 1.
        Path config = ServiceProcess.writeConfig(workDir, Map.of("bootstrap.servers", "localhost:" + TestKafka.freePort(),
                "processing.guarantee", "bogus"));
        Run kafkaProperty = runJar(workDir, Map.of(), "--config", config.toString());
        Path valid = ServiceProcess.writeConfig(workDir, Map.of("bootstrap.servers", "localhost:" + TestKafka.freePort()));
        Run serviceProperty = runJar(workDir, Map.of("OPTIN_HTTP_PORT", "eighty"), "--config", valid.toString());

        assertThat(kafkaProperty.exitCode()).isEqualTo(2);
        assertThat(kafkaProperty.err().strip()).startsWith("error: ").contains("processing.guarantee").doesNotContain("\n");
        assertThat(serviceProperty.exitCode()).isEqualTo(2);
        assertThat(serviceProperty.err().strip()).isEqualTo("error: optin.http.port must be a whole number, was \"eighty\"");
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void kafka_that_does_not_answer_at_start_is_said_once_not_every_second() throws Exception {
        Path workDir = TestKafka.tempDir("jar-unreachable");
        String nowhere = "localhost:" + TestKafka.freePort();
        Run run = runJar(workDir, Map.of("KAFKA_BOOTSTRAP_SERVERS", nowhere, "OPTIN_STARTUP_TIMEOUT_SECONDS", "5"));
        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = run.err().strip().lines().toList();
        assertThat(lines).filteredOn(line -> line.contains("Waiting for Kafka at " + nowhere)).hasSize(1);
        assertThat(lines).noneMatch(line -> line.contains(" WARN "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("error: cannot reach Kafka at " + nowhere + " within 5 s");
    }

    @Test
    void the_environment_chooses_the_cluster_and_the_http_port() throws Exception {
        Path workDir = TestKafka.tempDir("jar-env");
        Map<String, String> config = new HashMap<>(TestKafka.isolatedConfig("jar-env"));
        String bootstrap = config.remove("bootstrap.servers");
        config.remove("optin.http.port");
        int httpPort = TestKafka.freePort();
        ServiceProcess service = ServiceProcess.start(workDir, ServiceProcess.writeConfig(workDir, config), "service.log",
                Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "OPTIN_HTTP_PORT", String.valueOf(httpPort)));
        try {
            assertThat(service.log()).contains("running: Kafka at " + bootstrap + ";", "HTTP API at http://localhost:" + httpPort);
            HttpResponse<String> live = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
        } finally {
            assertThat(service.stop(Duration.ofSeconds(60))).as("stopped within 60 s after SIGTERM").isTrue();
        }
    }

    @Test
    void runs_on_the_embedded_broker_stops_on_sigterm_and_keeps_consent_across_restarts() throws Exception {
        assertThat(ServiceProcess.JAR).as("mvn package builds the jar before the integration tests").exists();
        Path workDir = TestKafka.tempDir("jar-it");
        int port = TestKafka.freePort();
        Path config = workDir.resolve("test.properties");
        Files.writeString(config, "optin.embedded.port=" + port + "\noptin.embedded.controller-port=" + TestKafka.freePort()
                        + "\noptin.http.port=" + TestKafka.freePort() + "\n",
                StandardCharsets.UTF_8);
        String bootstrap = "localhost:" + port;
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);

        ServiceProcess first = start(workDir, config, 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("whatsapp.inbound-messages", null,
                    Messages.text("acme", "919876543210", "wamid.1", 1764000000L, "STOP"))).get();
        }
        assertThat(readEvents(bootstrap, 1)).singleElement().asString().contains("\"status\":\"OPTED_OUT\"");
        stop(first);
        assertThat(workDir.resolve("data/kafka/meta.properties")).exists();

        ServiceProcess second = start(workDir, config, 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("whatsapp.inbound-messages", null,
                    Messages.text("acme", "919876543210", "wamid.1", 1764000000L, "STOP"))).get();
            producer.send(new ProducerRecord<>("whatsapp.inbound-messages", null,
                    Messages.text("acme", "919876543210", "wamid.2", 1764000100L, "stop!"))).get();
            producer.send(new ProducerRecord<>("whatsapp.inbound-messages", null,
                    Messages.text("acme", "919876543210", "wamid.3", 1764000200L, "UNSUBSCRIBE"))).get();
            producer.send(new ProducerRecord<>("whatsapp.inbound-messages", "acme:14155550100",
                    Messages.text("acme", "14155550100", "wamid.4", 1764000200L, "revoke"))).get();
        }
        List<String> events = readEvents(bootstrap, 2);
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).contains("\"contactId\":\"14155550100\"", "\"previousStatus\":\"UNKNOWN\"");
        stop(second);

        for (ServiceProcess service : List.of(first, second)) {
            assertThat(service.log()).doesNotContain("919876543210").doesNotContain("14155550100");
        }
    }

    @Test
    void a_sigterm_while_starting_still_stops_kafka_streams_and_the_broker() throws Exception {
        Path workDir = TestKafka.tempDir("jar-sigterm-starting");
        Path config = ServiceProcess.writeConfig(workDir, Map.of("optin.embedded.port", String.valueOf(TestKafka.freePort()),
                "optin.embedded.controller-port", String.valueOf(TestKafka.freePort()),
                "optin.http.port", String.valueOf(TestKafka.freePort())));
        ServiceProcess starting = ServiceProcess.startUntil(workDir, config, "service.log", Map.of(),
                "Embedded Kafka broker started");

        assertThat(starting.stop(Duration.ofSeconds(60))).as("stopped within 60 s after SIGTERM").isTrue();
        assertThat(starting.process.exitValue()).isEqualTo(143);
        assertThat(starting.log()).as("the broker started before the stop is stopped, not abandoned")
                .contains("Embedded Kafka broker stopped");
    }
}
