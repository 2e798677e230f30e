package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.kafka.AcknowledgedProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Changes a business's settings for a person: validates them with the one validator and writes
 * them, or a tombstone, to the ops settings topic, waits for Kafka's acknowledgement, then (for a
 * bounded time) until this instance's registry has read them, so that a GET that follows shows
 * them. The settings reader puts them in effect; nothing here writes to the registry.
 */
public final class SettingsAdmin implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** How long a write waits for this instance to read it back before answering that it is on its way. */
    public static final Duration IN_EFFECT_WITHIN = Duration.ofSeconds(5);
    private static final long IN_EFFECT_POLL_MILLIS = 20;

    public sealed interface Outcome permits Written, Invalid, Failed {
    }

    /**
     * Acknowledged by Kafka at this position.
     *
     * @param inEffect this instance has read the write (its settings now apply, and a GET shows them);
     *                 false when it had not within {@link #IN_EFFECT_WITHIN}: they are on their way
     */
    public record Written(String businessId, boolean deleted, String topic, int partition, long offset,
                          boolean inEffect) implements Outcome {
    }

    /** Nothing written: every problem found. */
    public record Invalid(List<Problem> problems) implements Outcome {
    }

    /** Kafka did not acknowledge the write. */
    public record Failed(String reason) implements Outcome {
    }

    private final Producer<String, String> producer;
    private final String topic;
    private final SettingsRegistry registry;
    private final SettingsValidator validator;
    private final Duration inEffectWithin;

    /**
     * @param producer       closed with this
     * @param registry       the instance's settings, filled by its settings reader; its validator checks the writes
     * @param inEffectWithin how long a write waits for the registry to have read it
     */
    public SettingsAdmin(Producer<String, String> producer, String topic, SettingsRegistry registry, Duration inEffectWithin) {
        this.producer = producer;
        this.topic = topic;
        this.registry = registry;
        this.validator = registry.validator();
        this.inEffectWithin = inEffectWithin;
    }

    /** With its own idempotent producer, made from the service's Kafka properties. */
    public static SettingsAdmin open(Properties kafka, String topic, SettingsRegistry registry) {
        return new SettingsAdmin(AcknowledgedProducer.producer(kafka, "settings-writer"), topic, registry, IN_EFFECT_WITHIN);
    }

    /**
     * @param businessIdGiven how the problems name where the businessId came from, e.g. "the path"
     */
    public Outcome put(String businessId, String json, String businessIdGiven) {
        SettingsValidator.Result result = validator.validate(businessId, json, businessIdGiven, SettingsValidator.Strictness.PEOPLE);
        if (!result.valid()) {
            return new Invalid(result.problems());
        }
        return write(businessId, json);
    }

    /** Writes a tombstone: the business falls back to the defaults. Never {@link Invalid}. */
    public Outcome delete(String businessId) {
        if (!ContactIds.isValidBusinessId(businessId)) {
            throw new IllegalArgumentException("businessId must be " + ContactIds.BUSINESS_ID_RULE);
        }
        return write(businessId, null);
    }

    private Outcome write(String businessId, String json) {
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, businessId, json))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // The record was appended before now: once the reader declares "now" read, it is applied.
            long acknowledgedAt = System.currentTimeMillis();
            return new Written(businessId, json == null, written.topic(), written.partition(), written.offset(),
                    awaitRead(acknowledgedAt));
        } catch (ExecutionException e) {
            return new Failed("Kafka did not accept the settings: " + e.getCause().getMessage());
        } catch (KafkaException e) {
            return new Failed("Kafka did not accept the settings: " + e.getMessage());
        } catch (TimeoutException e) {
            return new Failed("Kafka did not acknowledge the settings within " + ACK_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted while writing the settings");
        }
    }

    private boolean awaitRead(long acknowledgedAt) throws InterruptedException {
        long deadline = System.nanoTime() + inEffectWithin.toNanos();
        while (!registry.settled(acknowledgedAt)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(IN_EFFECT_POLL_MILLIS);
        }
        return true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
