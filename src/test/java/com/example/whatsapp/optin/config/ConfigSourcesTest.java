package com.example.whatsapp.optin.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where settings come from: the defaults, a file, the environment, explicit overrides. */
class ConfigSourcesTest {

    private static Path file(String content) throws IOException {
        Path file = Files.createTempFile("optin", ".properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void the_file_beats_the_defaults_the_environment_beats_the_file_and_overrides_beat_all() throws IOException {
        Path file = file("""
                optin.http.port=1111
                optin.topic.partitions=6
                optin.startup.timeout.seconds=45
                bootstrap.servers=from-file:9092
                """);
        ServiceConfig config = ServiceConfig.load(file,
                Map.of("OPTIN_HTTP_PORT", "2222", "OPTIN_TOPIC_PARTITIONS", "7", "KAFKA_BOOTSTRAP_SERVERS", "from-env:9092"),
                Map.of("optin.topic.partitions", "8"));
        assertThat(config.startupTimeout()).as("file over default").isEqualTo(Duration.ofSeconds(45));
        assertThat(config.httpPort()).as("environment over file").isEqualTo(2222);
        assertThat(config.bootstrapServers()).as("environment over file").isEqualTo("from-env:9092");
        assertThat(config.topicPartitions()).as("override over environment").isEqualTo(8);
        assertThat(config.dedupeWindow()).as("default").isEqualTo(Duration.ofDays(7));
    }

    @Test
    void a_variable_is_the_property_in_upper_case_with_underscores_for_dots_and_dashes() {
        ServiceConfig config = ServiceConfig.load(null, Map.of(
                "OPTIN_HTTP_ADMIN_TOKEN", "from-env",
                "OPTIN_EMBEDDED_CONTROLLER_PORT", "19093",
                "OPTIN_KEYWORDS_BUILTIN_OPT_OUT", "STOP,HALT",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "KAFKA_PRODUCER_BATCH_SIZE", "65536",
                "KAFKA_MAIN_CONSUMER_MAX_POLL_RECORDS", "250"), Map.of());
        assertThat(config.adminToken()).isEqualTo("from-env");
        assertThat(config.embeddedControllerPort()).isEqualTo(19093);
        assertThat(config.builtInOptOut()).containsExactly("STOP", "HALT");
        Properties kafka = config.kafkaProperties(config.bootstrapServers());
        assertThat(kafka).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;")
                .containsEntry("producer.batch.size", "65536")
                .containsEntry("main.consumer.max.poll.records", "250");
        assertThat(config.unknownKafkaProperties()).isEmpty();
    }

    @Test
    void every_kafka_property_has_a_variable_of_its_own() {
        assertThat(KafkaPropertyNames.KNOWN.stream().map(EnvironmentVariables::variable).distinct())
                .hasSameSizeAs(KafkaPropertyNames.KNOWN);
        assertThat(EnvironmentVariables.variable("processing.guarantee")).isEqualTo("KAFKA_PROCESSING_GUARANTEE");
        assertThat(EnvironmentVariables.variable("optin.topic.replication-factor")).isEqualTo("OPTIN_TOPIC_REPLICATION_FACTOR");
    }

    @Test
    void an_invalid_value_from_the_environment_is_an_invalid_setting() {
        assertThatThrownBy(() -> ServiceConfig.load(null, Map.of("OPTIN_HTTP_PORT", "http"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("optin.http.port must be a whole number, was \"http\"");
        assertThatThrownBy(() -> ServiceConfig.load(null, Map.of("KAFKA_PROCESSING_GUARANTEE", "bogus"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("processing.guarantee");
    }

    @Test
    void an_unknown_optin_variable_is_a_mistake_named_with_the_one_it_resembles() {
        assertThatThrownBy(() -> ServiceConfig.load(null, Map.of("OPTIN_HTTP_PROT", "9000"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("unknown service setting in the environment: OPTIN_HTTP_PROT (did you mean OPTIN_HTTP_PORT?)");
    }

    @Test
    void the_command_line_s_token_variable_is_not_a_setting() {
        ServiceConfig config = ServiceConfig.load(null, Map.of("OPTIN_ADMIN_TOKEN", "for-the-cli"), Map.of());
        assertThat(config.adminToken()).isNull();
    }

    @Test
    void other_kafka_variables_are_left_alone_and_misspelt_ones_are_reported() {
        ServiceConfig config = ServiceConfig.load(null, Map.of(
                "KAFKA_HOME", "/opt/kafka",
                "KAFKA_OPTS", "-Xmx1g",
                "KAFKA_PORT", "tcp://10.0.0.7:9092",
                "KAFKA_SERVICE_HOST", "10.0.0.7"), Map.of());
        assertThat(config.kafkaProperties("kafka:9092").stringPropertyNames()).noneMatch(name -> name.contains("home")
                || name.contains("opts") || name.equals("port") || name.contains("service"));
        assertThat(config.unknownKafkaProperties()).isEmpty();

        ServiceConfig misspelt = ServiceConfig.load(null, Map.of("KAFKA_PROCESING_GUARANTEE", "at_least_once"), Map.of());
        assertThat(misspelt.kafkaProperties("kafka:9092")).containsEntry("processing.guarantee", "exactly_once_v2");
        assertThat(misspelt.unknownKafkaProperties()).hasValueSatisfying(warning -> assertThat(warning)
                .contains("KAFKA_PROCESING_GUARANTEE (did you mean KAFKA_PROCESSING_GUARANTEE?)"));
    }
}
