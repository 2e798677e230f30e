package com.example.whatsapp.optin.config;

import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.settings.KeywordRule;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        Properties streams = config.streamsProperties("broker:9093");
        SECURITY.forEach((key, value) -> {
            assertThat(kafka.getProperty(key)).as(key).isEqualTo(value);
            assertThat(streams.getProperty(key)).as(key).isEqualTo(value);
        });
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
        Properties streams = config.streamsProperties("localhost:9092");
        assertThat(streams.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(streams.getProperty("errors.dead.letter.queue.topic.name")).isEqualTo("whatsapp.inbound-messages.dlq");
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
        assertThat(ServiceConfig.DEFINITION.configKeys().get("optin.webhook.app-secret").type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(ServiceConfig.DEFINITION.configKeys().get("optin.webhook.verify-token").type).isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void an_unreadable_config_file_gives_the_reason() {
        assertThatThrownBy(() -> ServiceConfig.load(Path.of("/nonexistent/optin.properties"), Map.of(), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("cannot read the config file /nonexistent/optin.properties: no such file");
    }

    @Test
    void the_defaults_are_config_optin_properties_as_packed_into_the_jar_and_describe_every_setting() throws IOException {
        String file = Files.readString(Path.of("config", "optin.properties"), StandardCharsets.UTF_8);
        try (InputStream packed = ServiceConfig.class.getResourceAsStream(ServiceConfig.DEFAULTS_RESOURCE)) {
            assertThat(new String(packed.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(file);
        }
        assertThat(file).contains("packed into the jar");
        for (String setting : ServiceConfig.DEFINITION.names()) {
            assertThat(file).as(setting).containsPattern("(?m)^" + Pattern.quote(setting) + "=");
        }
    }

    /** A fleet (optin.fleet.instances above 1): standbys, and a crashed instance noticed fast. */
    @Nested
    class Fleet {

        private Properties streams(Map<String, String> settings) {
            return ServiceConfig.defaultsWith(settings).streamsProperties("broker:9092");
        }

        @Test
        void a_single_instance_keeps_kafka_s_group_defaults() {
            Properties single = streams(Map.of());
            assertThat(single).doesNotContainKeys("num.standby.replicas", "session.timeout.ms", "heartbeat.interval.ms");
        }

        @Test
        void a_single_instance_s_transactions_outlast_a_broker_failover_unless_the_user_set_their_timeout() {
            assertThat(streams(Map.of()).getProperty("transaction.timeout.ms")).isEqualTo("30000");
            assertThat(new StreamsConfig(streams(Map.of())).getProducerConfigs("client").get("transaction.timeout.ms"))
                    .isEqualTo("30000");
            assertThat(streams(Map.of("transaction.timeout.ms", "15000")).getProperty("transaction.timeout.ms"))
                    .isEqualTo("15000");
            assertThat(streams(Map.of("producer.transaction.timeout.ms", "20000"))).doesNotContainKey("transaction.timeout.ms");
        }

        @Test
        void a_fleet_keeps_a_standby_and_notices_a_crash_within_six_seconds() {
            Properties fleet = streams(Map.of("optin.fleet.instances", "3"));
            assertThat(fleet.getProperty("num.standby.replicas")).isEqualTo("1");
            assertThat(fleet.getProperty("session.timeout.ms")).isEqualTo("6000");
            assertThat(fleet.getProperty("heartbeat.interval.ms")).isEqualTo("1500");
            assertThat(fleet.getProperty("transaction.timeout.ms")).isEqualTo("6000");
            assertThat(streams(Map.of("optin.fleet.instances", "3", "producer.transaction.timeout.ms", "20000")))
                    .doesNotContainKey("transaction.timeout.ms");
            StreamsConfig config = new StreamsConfig(fleet);
            Map<String, Object> consumer = config.getMainConsumerConfigs("app", "client", 0);
            assertThat(consumer.get("session.timeout.ms")).isEqualTo("6000");
            assertThat(consumer.get("heartbeat.interval.ms")).isEqualTo("1500");
        }

        @Test
        void a_user_s_session_timeout_or_heartbeat_in_any_form_wins_and_keeps_the_pair_as_kafka_has_it() {
            for (String setting : List.of("session.timeout.ms", "consumer.session.timeout.ms", "main.consumer.session.timeout.ms",
                    "heartbeat.interval.ms", "consumer.heartbeat.interval.ms", "main.consumer.heartbeat.interval.ms")) {
                String value = setting.contains("session") ? "30000" : "5000";
                Properties fleet = streams(Map.of("optin.fleet.instances", "2", setting, value));
                assertThat(fleet.getProperty(setting)).as(setting).isEqualTo(value);
                assertThat(fleet).as(setting).doesNotContainEntry("session.timeout.ms", "6000")
                        .doesNotContainEntry("heartbeat.interval.ms", "1500");
            }
            assertThat(streams(Map.of("optin.fleet.instances", "2", "num.standby.replicas", "2"))
                    .getProperty("num.standby.replicas")).isEqualTo("2");
        }

        @Test
        void with_the_streams_rebalance_protocol_the_session_is_the_broker_s_group_setting() {
            ServiceConfig config = ServiceConfig.defaultsWith(Map.of("optin.fleet.instances", "3", "group.protocol", "streams"));
            Properties fleet = config.streamsProperties("broker:9092");
            assertThat(fleet).doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms");
            assertThat(fleet.getProperty("group.protocol")).isEqualTo("streams");
            // Kafka Streams' value; the service's plain consumers (the settings reader) know only classic and consumer.
            assertThat(config.kafkaProperties("broker:9092")).doesNotContainKey("group.protocol");
        }
    }
}
