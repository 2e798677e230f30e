package com.example.whatsapp.optin.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

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
        assertThat(config.topics().inbound()).isEqualTo("whatsapp.inbound-messages");
        assertThat(config.topics().settings()).isEqualTo("whatsapp.optin-settings");
        assertThat(config.topics().consentEvents()).isEqualTo("whatsapp.consent-events");
        assertThat(config.topics().replyCommands()).isEqualTo("whatsapp.reply-commands");
        assertThat(config.topics().deadLetter()).isEqualTo("whatsapp.inbound-messages.dlq");
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
}
