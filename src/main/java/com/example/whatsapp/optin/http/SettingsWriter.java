package com.example.whatsapp.optin.http;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes settings records (and tombstones) to the ops settings topic and waits for the acknowledgement. */
final class SettingsWriter implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, String> producer;
    private final String topic;

    SettingsWriter(Properties kafka, String topic) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, kafka.getProperty("application.id", "whatsapp-optin") + "-settings-writer");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = topic;
    }

    /** @param json null for a tombstone */
    RecordMetadata write(String businessId, String json) throws WriteFailedException {
        try {
            return producer.send(new ProducerRecord<>(topic, businessId, json)).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new WriteFailedException("Kafka did not accept the settings: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new WriteFailedException("Kafka did not acknowledge the settings within " + ACK_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteFailedException("interrupted while writing the settings");
        }
    }

    String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    static final class WriteFailedException extends Exception {
        WriteFailedException(String message) {
            super(message);
        }
    }
}
