package com.example.whatsapp.optin.config;

import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.kafka.Topic;
import com.example.whatsapp.optin.settings.KeywordRule;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceConfigTest {

    private static final Map<String, String> SECURITY = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/kafka/truststore.jks",
            "ssl.endpoint.identification.algorithm", "https");

    @Test
    void kafka_security_settings_reach_every_client_configuration() {
        ServiceConfig config = ServiceConfig.defaultsWith(SECURITY);
        Properties kafka = config.kafkaProperties("broker:9093");
        SECURITY.forEach((key, value) -> assertThat(kafka.getProperty(key)).as(key).isEqualTo(value));
        assertThat(kafka.stringPropertyNames()).noneMatch(k -> k.startsWith("optin."));
    }

    @Test
    void defaults_are_the_contract_s() {
        ServiceConfig config = ServiceConfig.defaultsWith(Map.of());
        assertThat(config.embeddedBroker()).isTrue();
        assertThat(config.topics().inbound().name()).isEqualTo("whatsapp.inbound-messages");
        assertThat(config.topics().settings().name()).isEqualTo("whatsapp.optin-settings");
        assertThat(config.topics().consentEvents().name()).isEqualTo("whatsapp.consent-events");
        assertThat(config.topics().replyCommands().name()).isEqualTo("whatsapp.reply-commands");
        assertThat(config.topics().deadLetter().name()).isEqualTo("whatsapp.inbound-messages.dlq");
        assertThat(config.builtInOptOut()).containsExactly("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");
        assertThat(config.kafkaProperties("localhost:9092").getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(config.adminToken()).isNull();
    }

    @Test
    void service_properties_are_checked() {
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.unknown", "x"))).hasMessageContaining("optin.unknown");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.keywords.builtin-opt-out", "STOP,🛑"))).hasMessageContaining("🛑");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.topic.create", "maybe"))).hasMessageContaining("true or false");
        assertThat(ServiceConfig.defaultsWith(Map.of("optin.keywords.builtin-opt-out", "STOP, ARRÊT ,")).builtInOptOut())
                .containsExactly("STOP", "ARRÊT");
    }

    @Test
    void a_misspelt_service_property_is_named_with_the_one_it_resembles() {
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.topic.inbund", "x")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("unknown service property optin.topic.inbund (did you mean optin.topic.inbound?)");
    }

    @Test
    void a_value_of_the_wrong_type_is_told_in_plain_words() {
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.topic.partitions", "four")))
                .hasMessage("optin.topic.partitions must be a whole number, was \"four\"");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.http.port", "70000")))
                .hasMessage("optin.http.port must be a port number from 0 to 65535, was 70000");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.topic.replication-factor", "0")))
                .hasMessageContaining("-1 (broker default) or at least 1");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.topic.inbound", " ")))
                .hasMessage("optin.topic.inbound must not be empty");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.http.lookup-wait-ms", "60000")))
                .hasMessage("optin.http.lookup-wait-ms must be from 0 to 30000, was 60000");
    }

    @Test
    void a_lookup_waits_five_seconds_for_a_moving_partition_unless_set() {
        assertThat(ServiceConfig.defaultsWith(Map.of()).lookupWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ServiceConfig.defaultsWith(Map.of("optin.http.lookup-wait-ms", "0")).lookupWait()).isZero();
    }

    @Test
    void the_dedupe_window_minimum_is_the_decider_s() {
        long minimum = ConsentDecider.MIN_DEDUPE_WINDOW.toDays();
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.dedupe.window.days", String.valueOf(minimum - 1))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("optin.dedupe.window.days must be at least " + minimum + ", was " + (minimum - 1));
        ServiceConfig longer = ServiceConfig.defaultsWith(Map.of("optin.dedupe.window.days", String.valueOf(minimum + 3)));
        assertThat(longer.dedupeWindow()).isEqualTo(Duration.ofDays(minimum + 3));
        assertThat(new ConsentDecider(longer.dedupeWindow(), ConsentDecider.DEFAULT_MAX_REMEMBERED)).isNotNull();
    }

    @Test
    void a_built_in_keyword_follows_the_keyword_rule_of_the_settings() {
        String longest = "A".repeat(KeywordRule.MAX_LENGTH);
        assertThat(ServiceConfig.defaultsWith(Map.of("optin.keywords.builtin-opt-out", "STOP," + longest)).builtInOptOut())
                .containsExactly("STOP", longest);
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.keywords.builtin-opt-out", "STOP," + longest + "B")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("optin.keywords.builtin-opt-out: \"" + longest + "B\" "
                        + KeywordRule.problem(longest + "B").orElseThrow());
    }

    @Test
    void an_invalid_kafka_property_is_an_invalid_setting_before_anything_connects() {
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("processing.guarantee", "bogus")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("processing.guarantee").hasMessageContaining("bogus");
        // properties only a client reads: the producer's, prefixed or not, and the consumer's
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("producer.batch.size", "big")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("batch.size");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("linger.ms", "soon")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("linger.ms");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("main.consumer.max.poll.records", "-5")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("max.poll.records");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("security.protocol", "SSH")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("security.protocol");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("bootstrap.servers", "kafka-1:9092,kafka-2")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("bootstrap.servers must list host:port addresses, was \"kafka-2\"");
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("application.server", "no-port")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("no-port");
    }

    @Test
    void without_bootstrap_servers_the_service_runs_its_own_broker() {
        assertThat(ServiceConfig.defaultsWith(Map.of("bootstrap.servers", "")).embeddedBroker()).isTrue();
        assertThat(ServiceConfig.defaultsWith(Map.of("bootstrap.servers", "kafka:9092")).bootstrapServers()).isEqualTo("kafka:9092");
    }

    @Test
    void the_admin_token_is_a_secret_or_nothing() {
        assertThat(ServiceConfig.defaultsWith(Map.of("optin.http.admin-token", "s3cret")).adminToken()).isEqualTo("s3cret");
        assertThat(ServiceConfig.defaultsWith(Map.of("optin.http.admin-token", " ")).adminToken()).isNull();
    }

    @Test
    void the_webhook_secrets_are_secrets_or_nothing_and_its_write_timeout_is_bounded() {
        ServiceConfig on = ServiceConfig.defaultsWith(Map.of("optin.webhook.app-secret", "app-s3cret",
                "optin.webhook.verify-token", "v3rify"));
        assertThat(on.webhookAppSecret()).isEqualTo("app-s3cret");
        assertThat(on.webhookVerifyToken()).isEqualTo("v3rify");
        assertThat(on.webhookWriteTimeout()).isEqualTo(Duration.ofSeconds(10));
        ServiceConfig off = ServiceConfig.defaultsWith(Map.of("optin.webhook.app-secret", " "));
        assertThat(off.webhookAppSecret()).isNull();
        assertThat(off.webhookVerifyToken()).isNull();
        ServiceConfig fromEnvironment = ServiceConfig.load(null, Map.of("OPTIN_WEBHOOK_APP_SECRET", "env-s3cret",
                "OPTIN_WEBHOOK_VERIFY_TOKEN", "env-v3rify", "OPTIN_WEBHOOK_WRITE_TIMEOUT_MS", "5000"), Map.of());
        assertThat(fromEnvironment.webhookAppSecret()).isEqualTo("env-s3cret");
        assertThat(fromEnvironment.webhookVerifyToken()).isEqualTo("env-v3rify");
        assertThat(fromEnvironment.webhookWriteTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> ServiceConfig.defaultsWith(Map.of("optin.webhook.write-timeout-ms", "60000")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("optin.webhook.write-timeout-ms");
        // Kafka's PASSWORD type: a printed configuration hides them.
        assertThat(ServiceSettings.DEFINITION.configKeys().get("optin.webhook.app-secret").type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(ServiceSettings.DEFINITION.configKeys().get("optin.webhook.verify-token").type).isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void an_unreadable_config_file_gives_the_reason() {
        assertThatThrownBy(() -> ServiceConfig.load(Path.of("/nonexistent/optin.properties"), Map.of(), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("cannot read the config file /nonexistent/optin.properties: no such file");
    }

    @Test
    void the_defaults_file_is_config_optin_properties_as_packed_into_the_jar() throws IOException {
        String file = Files.readString(Path.of("config", "optin.properties"), StandardCharsets.UTF_8);
        try (InputStream packed = ConfigSources.class.getResourceAsStream(ConfigSources.DEFAULTS_RESOURCE)) {
            assertThat(new String(packed.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(file);
        }
        assertThat(file).contains("packed into the jar");
    }

    @Test
    void every_service_setting_is_defined_once_with_its_description_and_default() throws IOException {
        String file = Files.readString(Path.of("config", "optin.properties"), StandardCharsets.UTF_8);
        String described = ServiceSettings.describe();
        for (ConfigDef.ConfigKey key : ServiceSettings.DEFINITION.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.hasDefault()).as(key.name).isTrue();
            assertThat(described).as(key.name).containsPattern("(?m)^" + Pattern.quote(key.name) + "=");
            assertThat(file).as(key.name + " is defined in the code alone").doesNotContainPattern("(?m)^" + Pattern.quote(key.name) + "=");
        }
    }

    @Test
    void the_printed_settings_read_back_as_the_defaults() throws IOException {
        Path printed = Files.createTempFile("optin", ".properties");
        Files.writeString(printed, ServiceSettings.describe());
        ServiceConfig config = ServiceConfig.load(printed, Map.of(), Map.of());
        ServiceConfig defaults = ServiceConfig.defaultsWith(Map.of());
        assertThat(config.topics().all()).map(Topic::name).isEqualTo(defaults.topics().all().stream().map(Topic::name).toList());
        assertThat(config.builtInOptOut()).isEqualTo(defaults.builtInOptOut());
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.adminToken()).isNull();
        assertThat(config.webhookWriteTimeout()).isEqualTo(Duration.ofSeconds(10));
    }
}
