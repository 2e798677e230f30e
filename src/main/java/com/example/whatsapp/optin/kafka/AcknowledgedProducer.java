package com.example.whatsapp.optin.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/** The producer of the service's own writes that a person waits for (settings, consent records). */
public final class AcknowledgedProducer {

    private AcknowledgedProducer() {
    }

    /**
     * An idempotent {@code acks=all} producer made from the service's Kafka properties, bounded so
     * that a person's request gets an answer: {@code role} names it in the broker's client ids.
     */
    public static KafkaProducer<String, String> producer(Properties kafka, String role) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, kafka.getProperty("application.id", "whatsapp-optin") + "-" + role);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
