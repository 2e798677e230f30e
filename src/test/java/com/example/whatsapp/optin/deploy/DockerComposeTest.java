package com.example.whatsapp.optin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml, read as data: what `docker compose up` would lose or list twice. */
class DockerComposeTest {

    private static final JsonNode COMPOSE = read();

    /** With SnakeYAML, which resolves the merge keys ({@code <<: *consent-service}) as Compose does. */
    private static JsonNode read() {
        try (Reader in = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
            return new ObjectMapper().valueToTree(new Yaml().load(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map.Entry<String, JsonNode>> consentServices() {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        COMPOSE.get("services").fields().forEachRemaining(service -> {
            JsonNode command = service.getValue().path("command");
            if (service.getValue().path("image").asText().startsWith("whatsapp-optin:")
                    && !command.toString().contains("\"topics\"")) {
                found.add(service);
            }
        });
        return found;
    }

    @Nested
    class TheService {

        @Test
        void every_instance_runs_the_image_built_by_the_image_profile() {
            assertThat(consentServices()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("consent-service", "consent-1", "consent-2");
            assertThat(COMPOSE.toString()).doesNotContain("whatsapp-optin.jar").doesNotContain("eclipse-temurin");
        }

        @Test
        void every_instance_has_a_healthcheck_on_the_readiness_route_at_the_service_s_port() {
            ServiceConfig config = ServiceConfig.defaultsWith(Map.of());
            for (Map.Entry<String, JsonNode> service : consentServices()) {
                String test = service.getValue().path("healthcheck").path("test").toString();
                assertThat(test).as(service.getKey()).contains("/dev/tcp/127.0.0.1/" + config.httpPort()).contains("GET /health/ready ")
                        .contains("' 200 '");
                assertThat(service.getValue().path("ports").get(0).asText()).as(service.getKey()).endsWith(":" + config.httpPort());
            }
        }

        @Test
        void every_instance_restarts_after_a_crash_and_has_a_memory_limit() {
            for (Map.Entry<String, JsonNode> service : consentServices()) {
                assertThat(service.getValue().path("restart").asText()).as(service.getKey()).isIn("always", "unless-stopped", "on-failure");
                assertThat(service.getValue().path("deploy").path("resources").path("limits").path("memory").asText())
                        .as(service.getKey()).matches("\\d+[mg]");
            }
        }

        @Test
        void secrets_come_from_an_env_file_whose_committed_example_names_real_settings() throws IOException {
            for (Map.Entry<String, JsonNode> service : consentServices()) {
                String envFile = service.getValue().path("env_file").asText();
                assertThat(envFile).as(service.getKey()).isEqualTo("optin.env");
                assertThat(service.getValue().path("environment").toString()).doesNotContain("TOKEN").doesNotContain("SECRET");
            }
            assertThat(Files.readAllLines(Path.of(".gitignore"))).contains("optin.env");
            Map<String, String> example = new TreeMap<>();
            for (String line : Files.readAllLines(Path.of("optin.env.example"))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] kv = line.split("=", 2);
                    assertThat(kv[1]).as("the example holds no secret: " + kv[0]).isEmpty();
                    example.put(kv[0], "filled-in-" + kv[0].toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertThat(example).containsKeys("OPTIN_HTTP_READ_TOKEN", "OPTIN_HTTP_ADMIN_TOKEN", "OPTIN_WEBHOOK_APP_SECRET", "OPTIN_WEBHOOK_VERIFY_TOKEN");
            Map<String, String> environment = new TreeMap<>(example);
            environment.put("OPTIN_HTTP_HOST", "0.0.0.0");
            ServiceConfig config = ServiceConfig.load(null, environment, Map.of());
            assertThat(config.readToken()).isEqualTo("filled-in-optin_http_read_token");
            assertThat(config.adminToken()).isEqualTo("filled-in-optin_http_admin_token");
            assertThat(config.webhookAppSecret()).isEqualTo("filled-in-optin_webhook_app_secret");
            assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        }

        @Test
        void the_state_directory_the_image_sets_lies_on_each_instance_s_volume() throws IOException {
            String pom = Files.readString(Path.of("pom.xml"));
            Matcher stateDir = Pattern.compile("<KAFKA_STATE_DIR>([^<]+)</KAFKA_STATE_DIR>").matcher(pom);
            assertThat(stateDir.find()).as("the image profile sets state.dir").isTrue();
            for (Map.Entry<String, JsonNode> service : consentServices()) {
                List<String> mounts = new ArrayList<>();
                service.getValue().path("volumes").forEach(v -> mounts.add(v.asText().split(":")[1]));
                assertThat(mounts).as(service.getKey()).anySatisfy(mount -> assertThat(stateDir.group(1)).startsWith(mount + "/"));
            }
        }
    }

    @Test
    void the_scale_profile_s_brokers_have_the_settings_recommended_for_a_real_cluster() {
        Map<String, String> recommended = Map.of(
                "KAFKA_DEFAULT_REPLICATION_FACTOR", "3",
                "KAFKA_MIN_INSYNC_REPLICAS", "2",
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2",
                "KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", "1000",
                "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
        List<Map.Entry<String, JsonNode>> scale = services("apache/kafka").stream()
                .filter(b -> b.getValue().path("profiles").toString().contains("scale")).toList();
        assertThat(scale).hasSize(3);
        for (Map.Entry<String, JsonNode> broker : scale) {
            recommended.forEach((variable, value) ->
                    assertThat(broker.getValue().path("environment").path(variable).asText()).as(broker.getKey() + " " + variable).isEqualTo(value));
        }
    }

    private static List<Map.Entry<String, JsonNode>> services(String imagePrefix) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        COMPOSE.get("services").fields().forEachRemaining(service -> {
            if (service.getValue().path("image").asText().startsWith(imagePrefix)) {
                found.add(service);
            }
        });
        return found;
    }

    @Test
    void every_broker_keeps_its_log_directory_on_its_mounted_volume() {
        List<Map.Entry<String, JsonNode>> brokers = services("apache/kafka");
        assertThat(brokers).hasSize(4);
        for (Map.Entry<String, JsonNode> broker : brokers) {
            String logDirs = broker.getValue().path("environment").path("KAFKA_LOG_DIRS").asText();
            assertThat(logDirs).as(broker.getKey() + " sets KAFKA_LOG_DIRS").isNotEmpty();
            List<String> mounts = new ArrayList<>();
            broker.getValue().path("volumes").forEach(v -> mounts.add(v.asText().split(":")[1]));
            for (String dir : logDirs.split(",")) {
                assertThat(mounts).as(broker.getKey() + ": " + dir + " lies on a mounted volume")
                        .anySatisfy(mount -> assertThat(dir.equals(mount) || dir.startsWith(mount + "/")).isTrue());
            }
        }
    }

    @Test
    void topics_are_created_by_the_service_s_own_catalogue_not_listed_by_hand() {
        String text = COMPOSE.toString();
        assertThat(text).doesNotContain("kafka-topics.sh").doesNotContain("--create");
        for (String init : List.of("kafka-init", "kafka-init-scale")) {
            JsonNode command = COMPOSE.get("services").get(init).get("command");
            assertThat(command.toString()).as(init).contains("\"topics\",\"create\"");
        }
    }
}
