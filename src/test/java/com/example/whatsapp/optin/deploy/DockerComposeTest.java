package com.example.whatsapp.optin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml, read as data: what `docker compose up` would lose or list twice. */
class DockerComposeTest {

    private static final JsonNode COMPOSE = read();

    private static JsonNode read() {
        try {
            return new YAMLMapper().readTree(Path.of("docker-compose.yml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
