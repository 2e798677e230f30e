package com.example.whatsapp.optin.records;

import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.events.ConsentReview;
import com.example.whatsapp.optin.kafka.AcknowledgedProducer;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes a person's decision on a review to the consent-reviews topic (key: contact key) and waits for Kafka. */
public final class ReviewStatusWriter implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, String> producer;
    private final String topic;

    /** @param producer closed with this */
    public ReviewStatusWriter(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public static ReviewStatusWriter open(Properties kafka, String topic) {
        return new ReviewStatusWriter(AcknowledgedProducer.producer(kafka, "reviews-writer"), topic);
    }

    /** @return why Kafka did not acknowledge it; empty when it did */
    public Optional<String> write(ConsentReview review) {
        try {
            producer.send(new ProducerRecord<>(topic, ContactIds.contactKey(review.businessId(), review.contactId()),
                    Json.mapper().writeValueAsString(review))).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of("Kafka did not accept the review's status: " + e.getCause().getMessage());
        } catch (KafkaException | JsonProcessingException e) {
            return Optional.of("Kafka did not accept the review's status: " + e.getMessage());
        } catch (TimeoutException e) {
            return Optional.of("Kafka did not acknowledge the review's status within " + ACK_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while writing the review's status");
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
