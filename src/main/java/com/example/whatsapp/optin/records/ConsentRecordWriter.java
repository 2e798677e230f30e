package com.example.whatsapp.optin.records;

import com.example.whatsapp.optin.kafka.AcknowledgedProducer;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes consent records for a person (HTTP): validates every record with the one validator and
 * writes them, keyed by contact, only when all are valid, then waits for Kafka's acknowledgement.
 * A write that fails part-way may have written some records: writing them again is safe, a
 * record's id decides once.
 */
public final class ConsentRecordWriter implements AutoCloseable {

    public static final int MAX_RECORDS = 1000;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    public sealed interface Outcome permits Written, Invalid, Failed {
    }

    /** Every record acknowledged by Kafka. */
    public record Written(String topic, List<String> recordIds) implements Outcome {
    }

    /** Nothing written: the body's problem, or every problem of every invalid record. */
    public record Invalid(String error, List<RecordProblems> records) implements Outcome {
    }

    /**
     * @param index    the record's position in the body (0 for a single record)
     * @param problems every problem's message
     * @param details  the same problems, each with its field path and rule
     */
    public record RecordProblems(int index, String recordId, List<String> problems, List<Problem> details) {
        static RecordProblems of(int index, String recordId, List<Problem> problems) {
            return new RecordProblems(index, recordId, Problem.messages(problems), List.copyOf(problems));
        }
    }

    /** Kafka did not acknowledge every record. */
    public record Failed(String reason) implements Outcome {
    }

    private final Producer<String, String> producer;
    private final String topic;
    private final ConsentRecordValidator validator;

    /** @param producer closed with this */
    public ConsentRecordWriter(Producer<String, String> producer, String topic, ConsentRecordValidator validator) {
        this.producer = producer;
        this.topic = topic;
        this.validator = validator;
    }

    /** With its own idempotent producer, made from the service's Kafka properties. */
    public static ConsentRecordWriter open(Properties kafka, String topic, ConsentRecordValidator validator) {
        return new ConsentRecordWriter(AcknowledgedProducer.producer(kafka, "records-writer"), topic, validator);
    }

    /**
     * @param body one ConsentRecord or an array of up to {@link #MAX_RECORDS}; a record's businessId
     *             may be left out (it is {@code businessId}'s), else must be it
     */
    public Outcome write(String businessId, String body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return new Invalid("the body is not valid JSON", List.of());
        }
        List<JsonNode> given = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(given::add);
            if (given.isEmpty() || given.size() > MAX_RECORDS) {
                return new Invalid("the body must hold 1 to " + MAX_RECORDS + " records", List.of());
            }
        } else if (root != null && root.isObject()) {
            given.add(root);
        } else {
            return new Invalid("the body must be a ConsentRecord or an array of them", List.of());
        }
        List<RecordProblems> invalid = new ArrayList<>();
        List<ConsentRequest> valid = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            ConsentRecordValidator.Result result = validator.validate(given.get(i), businessId);
            if (result.valid()) {
                valid.add(result.request());
            } else {
                invalid.add(RecordProblems.of(i, result.recordId(), result.problems()));
            }
        }
        if (!invalid.isEmpty()) {
            return new Invalid("invalid consent records", invalid);
        }
        return send(given, valid, businessId);
    }

    private Outcome send(List<JsonNode> given, List<ConsentRequest> valid, String businessId) {
        try {
            List<Future<RecordMetadata>> acks = new ArrayList<>(given.size());
            for (int i = 0; i < given.size(); i++) {
                ObjectNode value = ((ObjectNode) given.get(i)).deepCopy();
                value.put("businessId", businessId);
                acks.add(producer.send(new ProducerRecord<>(topic, valid.get(i).contactKey(), Json.mapper().writeValueAsString(value))));
            }
            producer.flush();
            long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return new Written(topic, valid.stream().map(ConsentRequest::recordId).toList());
        } catch (ExecutionException e) {
            return new Failed("Kafka did not accept the records: " + e.getCause().getMessage());
        } catch (KafkaException | JsonProcessingException e) {
            return new Failed("Kafka did not accept the records: " + e.getMessage());
        } catch (TimeoutException e) {
            return new Failed("Kafka did not acknowledge the records within " + ACK_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted while writing the records");
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
