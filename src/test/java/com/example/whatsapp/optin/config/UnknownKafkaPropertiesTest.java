package com.example.whatsapp.optin.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka ignores a property it does not know; the service names each one once, with its likely meaning. */
class UnknownKafkaPropertiesTest {

    @Test
    void a_misspelt_kafka_property_is_named_with_the_known_one_it_resembles() {
        ServiceConfig config = ServiceConfig.defaultsWith(Map.of("procesing.guarantee", "at_least_once"));
        assertThat(config.unknownKafkaProperties())
                .hasValue("No Kafka client knows this setting, ignored: procesing.guarantee (did you mean processing.guarantee?)");
    }

    @Test
    void every_unknown_property_is_listed_in_one_line() {
        ServiceConfig config = ServiceConfig.defaultsWith(Map.of(
                "procesing.guarantee", "at_least_once",
                "producer.batch.sise", "1000",
                "sasl.mechansim", "PLAIN"));
        assertThat(config.unknownKafkaProperties()).hasValueSatisfying(warning -> assertThat(warning)
                .doesNotContain("\n")
                .contains("procesing.guarantee (did you mean processing.guarantee?)",
                        "producer.batch.sise (did you mean producer.batch.size?)",
                        "sasl.mechansim (did you mean sasl.mechanism?)"));
    }

    @Test
    void properties_of_any_client_and_their_prefixed_forms_are_known() {
        ServiceConfig config = ServiceConfig.defaultsWith(Map.ofEntries(
                Map.entry("num.standby.replicas", "1"),
                Map.entry("linger.ms", "5"),
                Map.entry("max.poll.records", "100"),
                Map.entry("retry.backoff.ms", "200"),
                Map.entry("producer.compression.type", "lz4"),
                Map.entry("consumer.fetch.min.bytes", "1"),
                Map.entry("main.consumer.max.poll.records", "200"),
                Map.entry("restore.consumer.max.poll.records", "2000"),
                Map.entry("global.consumer.fetch.max.wait.ms", "100"),
                Map.entry("admin.retries", "5"),
                Map.entry("topic.min.insync.replicas", "2"),
                Map.entry("client.tag.zone", "eu-west-1a"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512")));
        assertThat(config.unknownKafkaProperties()).isEmpty();
    }

    @Test
    void the_defaults_hold_no_unknown_property() {
        assertThat(ServiceConfig.defaultsWith(Map.of()).unknownKafkaProperties()).isEmpty();
    }
}
