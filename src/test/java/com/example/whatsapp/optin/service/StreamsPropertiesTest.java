package com.example.whatsapp.optin.service;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.topology.CountingDeadLetterHandler;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka Streams properties the composition root builds from the configuration. */
class StreamsPropertiesTest {

    private static final Map<String, String> SECURITY = Map.of("security.protocol", "SSL",
            "ssl.keystore.location", "/etc/kafka/keystore.jks", "ssl.endpoint.identification.algorithm", "https");

    @Test
    void kafka_security_settings_reach_kafka_streams() {
        Properties streams = ConsentStreams.kafkaStreamsProperties(ServiceConfig.defaultsWith(SECURITY), "broker:9093");
        SECURITY.forEach((key, value) -> assertThat(streams.getProperty(key)).as(key).isEqualTo(value));
        assertThat(streams.stringPropertyNames()).noneMatch(k -> k.startsWith("optin."));
    }

    @Test
    void the_defaults_are_exactly_once_with_the_contract_s_dead_letter_topic() {
        Properties streams = ConsentStreams.kafkaStreamsProperties(ServiceConfig.defaultsWith(Map.of()), "localhost:9092");
        assertThat(streams.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(streams.getProperty("errors.dead.letter.queue.topic.name")).isEqualTo("whatsapp.inbound-messages.dlq");
    }

    @Test
    void variables_of_the_environment_reach_kafka_streams_beside_the_dead_letter_handler_s_counters() {
        ServiceConfig config = ServiceConfig.load(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_MAIN_CONSUMER_MAX_POLL_RECORDS", "250"), Map.of());
        ConsentCounters counters = ConsentCounters.inMemory();
        Properties streams = new ConsentStreams(config, counters, Clock.systemUTC()).streamsProperties(config.bootstrapServers());
        assertThat(streams).containsEntry("bootstrap.servers", "kafka:9092").containsEntry("main.consumer.max.poll.records", "250")
                .containsEntry(CountingDeadLetterHandler.COUNTERS_CONFIG, counters);
    }

    /** A fleet (optin.fleet.instances above 1): standbys, and a crashed instance noticed fast. */
    @Nested
    class Fleet {

        private Properties streams(Map<String, String> settings) {
            return ConsentStreams.kafkaStreamsProperties(ServiceConfig.defaultsWith(settings), "broker:9092");
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
            Properties fleet = ConsentStreams.kafkaStreamsProperties(config, "broker:9092");
            assertThat(fleet).doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms");
            assertThat(fleet.getProperty("group.protocol")).isEqualTo("streams");
            // Kafka Streams' value; the service's plain consumers (the settings reader) know only classic and consumer.
            assertThat(config.kafkaProperties("broker:9092")).doesNotContainKey("group.protocol");
        }
    }
}
