package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.kafka.Topic;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's front door: clear one-line errors, and the bundled produce/consume tools. */
class CommandLineIT {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path configFile(Map<String, String> properties) throws IOException {
        Path file = Files.createTempFile("optin", ".properties");
        Files.writeString(file, properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        return file;
    }

    private static void assertOneLineError(CliRun run, int exitCode, String contains) {
        assertThat(run.exitCode()).isEqualTo(exitCode);
        assertThat(run.err().strip()).startsWith("error: ").contains(contains).doesNotContain("\n").doesNotContain("\tat ");
    }

    @Test
    void topics_create_makes_every_topic_of_the_catalogue_with_its_cleanup_policy() throws Exception {
        Map<String, String> config = TestKafka.isolatedConfig("topics-cli");
        Topics topics = TestKafka.topics(config);
        CliRun created = run("topics", "create", "--config", configFile(config).toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out().lines().map(l -> l.split("\t")[0]))
                .containsExactlyInAnyOrderElementsOf(topics.all().stream().map(Topic::name).toList());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            for (Topic<?, ?> topic : topics.all()) {
                Config actual = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())))
                        .all().get().values().iterator().next();
                topic.configs().forEach((name, value) -> assertThat(actual.get(name).value()).as(topic.name() + " " + name)
                        .isEqualTo(value));
            }
            assertThat(admin.describeTopics(List.of(topics.settings().name())).allTopicNames().get()
                    .get(topics.settings().name()).partitions()).hasSize(1);
        }
        assertThat(run("topics", "create", "--config", configFile(config).toString()).exitCode())
                .as("creating them again changes nothing").isZero();
    }

    @Test
    void an_unknown_service_property_is_one_line() throws IOException {
        assertOneLineError(run("--config", configFile(Map.of("optin.topic.inbund", "x")).toString()), 2,
                "unknown service property optin.topic.inbund");
    }

    @Test
    void an_invalid_value_is_one_line() throws IOException {
        assertOneLineError(run("--config", configFile(Map.of("optin.topic.partitions", "four")).toString()), 2,
                "optin.topic.partitions must be a whole number");
        assertOneLineError(run("--config", configFile(Map.of("optin.http.port", "70000")).toString()), 2,
                "optin.http.port must be a port number");
        assertOneLineError(run("--config", configFile(Map.of("optin.dedupe.window.days", "3")).toString()), 2,
                "at least 7");
    }

    @Test
    void an_invalid_kafka_property_exits_2_before_connecting() throws IOException {
        // Nothing listens at the configured Kafka: trying to connect would end in exit 1.
        String nowhere = "localhost:" + TestKafka.freePort();
        assertOneLineError(run("--config", configFile(Map.of("bootstrap.servers", nowhere,
                "processing.guarantee", "bogus")).toString()), 2, "processing.guarantee");
        assertOneLineError(run("--config", configFile(Map.of("bootstrap.servers", nowhere,
                "producer.acks", "some")).toString()), 2, "acks");
        assertOneLineError(run("produce", "--config", configFile(Map.of("bootstrap.servers", nowhere,
                "security.protocol", "SSH")).toString(), "--topic", "x", "--value", "v"), 2, "security.protocol");
    }

    @Test
    void an_invalid_service_property_exits_2_before_connecting() throws IOException {
        String nowhere = "localhost:" + TestKafka.freePort();
        assertOneLineError(run("--config", configFile(Map.of("bootstrap.servers", nowhere,
                "optin.topic.replication-factor", "0")).toString()), 2, "optin.topic.replication-factor must be -1");
    }

    @Test
    void an_unreadable_config_file_is_one_line_with_its_reason() {
        CliRun run = run("--config", "/nonexistent/optin.properties");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: cannot read the config file /nonexistent/optin.properties: no such file");
    }

    @Test
    void a_value_file_that_cannot_be_read_is_bad_input_with_its_reason() throws IOException {
        String nowhere = "localhost:" + TestKafka.freePort();
        CliRun produce = run("produce", "--bootstrap-servers", nowhere, "--topic", "x", "--file", "/nonexistent/nope.json");
        assertThat(produce.exitCode()).isEqualTo(2);
        assertThat(produce.err().strip()).isEqualTo("error: cannot read /nonexistent/nope.json: no such file");
        CliRun put = run("settings", "put", "--business", "acme", "--file", "/nonexistent/nope.json");
        assertThat(put.exitCode()).isEqualTo(2);
        assertThat(put.err().strip()).isEqualTo("error: cannot read /nonexistent/nope.json: no such file");
        Path directory = TestKafka.tempDir("not-a-file");
        assertOneLineError(run("produce", "--bootstrap-servers", nowhere, "--topic", "x", "--file", directory.toString()), 2,
                "cannot read " + directory + ": it is a directory");
    }

    @Test
    void produce_and_consume_say_in_one_line_that_kafka_cannot_be_reached() {
        String nowhere = "localhost:" + TestKafka.freePort();
        CliRun produce = run("produce", "--bootstrap-servers", nowhere, "--topic", "x", "--value", "v");
        assertThat(produce.exitCode()).isEqualTo(1);
        assertThat(produce.err().strip()).isEqualTo("error: cannot reach Kafka at " + nowhere);
        CliRun consume = run("consume", "--bootstrap-servers", nowhere, "--topic", "x");
        assertThat(consume.exitCode()).isEqualTo(1);
        assertThat(consume.err().strip()).isEqualTo("error: cannot reach Kafka at " + nowhere);
    }

    @Test
    void version_names_the_service_and_its_kafka_clients() {
        for (String[] args : List.of(new String[]{"--version"}, new String[]{"consume", "--version"})) {
            CliRun run = run(args);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out().lines().toList()).satisfiesExactly(
                    service -> assertThat(service).matches("whatsapp-optin \\d+\\.\\d+\\.\\d+.*"),
                    kafka -> assertThat(kafka).isEqualTo("Kafka " + AppInfoParser.getVersion()));
        }
    }

    @Test
    void help_describes_every_option_and_offers_only_those_the_command_uses() {
        String contact = run("contact", "--help").out();
        assertThat(contact).contains("--business=BUSINESS_ID", "The business's id").doesNotContain("--token");
        assertThat(run("settings", "get", "--help").out()).doesNotContain("--token");
        assertThat(run("settings", "put", "--help").out()).contains("--token");
        assertThat(run("settings", "delete", "--help").out()).contains("--token");
    }

    @Test
    void unreachable_bootstrap_servers_are_one_line() throws IOException {
        int closedPort = TestKafka.freePort();
        assertOneLineError(run("--config", configFile(Map.of("bootstrap.servers", "localhost:" + closedPort,
                "optin.startup.timeout.seconds", "3")).toString()), 1, "cannot reach Kafka at localhost:" + closedPort);
    }

    @Test
    void security_settings_reach_the_service_s_clients() throws IOException {
        // The test broker speaks PLAINTEXT: a client that really uses SSL cannot talk to it.
        Map<String, String> config = new java.util.HashMap<>(TestKafka.isolatedConfig("ssl"));
        config.put("security.protocol", "SSL");
        config.put("optin.startup.timeout.seconds", "3");
        String file = configFile(config).toString();
        assertOneLineError(run("--config", file), 1, "cannot reach Kafka at " + config.get("bootstrap.servers"));
        assertOneLineError(run("produce", "--config", file, "--topic", "x", "--value", "v"), 1,
                "cannot reach Kafka at " + config.get("bootstrap.servers"));
    }

    @Test
    void a_port_in_use_is_one_line() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            Path data = TestKafka.tempDir("taken");
            assertOneLineError(run("--config", configFile(Map.of("optin.embedded.port", String.valueOf(taken.getLocalPort()),
                    "optin.embedded.data-dir", data.toString())).toString()), 1, "port " + taken.getLocalPort() + " is in use");
        }
    }

    @Test
    void a_missing_topic_that_may_not_be_created_is_named() throws IOException {
        Map<String, String> config = new java.util.HashMap<>(TestKafka.isolatedConfig("nocreate"));
        config.put("optin.topic.create", "false");
        assertOneLineError(run("--config", configFile(config).toString()), 1, "missing topics " + config.get("optin.topic.inbound"));
    }

    @Test
    void produce_and_consume_walk_through_the_service() throws IOException {
        Map<String, String> config = TestKafka.isolatedConfig("cli");
        Topics topics = TestKafka.topics(config);
        String file = configFile(config).toString();
        try (ConsentService service = TestKafka.start(config)) {
            Path settings = Files.createTempFile("acme", ".json");
            Files.writeString(settings, Messages.ACME_SETTINGS);
            assertThat(run("produce", "--config", file, "--topic", topics.settings().name(), "--key", "acme", "--file", settings.toString()).exitCode())
                    .isZero();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> service.settings().configured("acme").isPresent());
            CliRun produced = run("produce", "--config", file, "--topic", topics.inbound().name(), "--key", "acme:919876543210",
                    "--value", Messages.text("acme", "919876543210", "wamid.1", 1764000000L, "STOP"));
            assertThat(produced.exitCode()).isZero();
            assertThat(produced.out()).contains("written to " + topics.inbound().name());
            List<String> lines = new ArrayList<>();
            for (int attempt = 0; attempt < 20 && lines.isEmpty(); attempt++) {
                CliRun consumed = run("consume", "--config", file, "--topic", topics.replyCommands().name(), "--from-beginning", "--timeout", "2");
                assertThat(consumed.exitCode()).isZero();
                consumed.out().lines().forEach(lines::add);
            }
            assertThat(lines).singleElement().asString()
                    .startsWith("acme:919876543210\t")
                    .contains("\"purpose\":\"OPT_OUT_CONFIRMATION\"", "You have unsubscribed from Acme Store");

            assertThat(run("produce", "--config", file, "--topic", topics.inbound().name(), "--value", "not json").exitCode()).isZero();
            List<String> deadLetters = new ArrayList<>();
            for (int attempt = 0; attempt < 20 && deadLetters.isEmpty(); attempt++) {
                CliRun consumed = run("consume", "--config", file, "--topic", topics.deadLetter().name(), "--from-beginning",
                        "--timeout", "2", "--headers");
                assertThat(consumed.exitCode()).isZero();
                consumed.out().lines().forEach(deadLetters::add);
            }
            assertThat(deadLetters.get(0)).isEqualTo("null\tnot json");
            assertThat(deadLetters.subList(1, deadLetters.size())).as("one line per header")
                    .allSatisfy(line -> assertThat(line).matches("\t[^\t]+: [^\t]*"))
                    .anySatisfy(line -> assertThat(line).startsWith("\t__streams.errors.exception: "))
                    .anySatisfy(line -> assertThat(line).startsWith("\t__streams.errors.stacktrace: ").contains("\\n"));
        }
    }

    @Test
    void consuming_a_topic_that_does_not_exist_is_one_line() throws IOException {
        Map<String, String> config = TestKafka.isolatedConfig("noconsume");
        assertOneLineError(run("consume", "--config", configFile(config).toString(), "--topic", "no-such-topic-here", "--timeout", "1"),
                1, "topic no-such-topic-here does not exist");
    }
}
