package com.example.whatsapp.optin.webhook;

import com.example.whatsapp.optin.metrics.WebhookMetrics;
import com.example.whatsapp.optin.metrics.WebhookMetrics.Outcome;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The service as the URL Meta calls: the verification handshake, the signature check, and the
 * write of a signed body, unchanged, as one record of the inbound topic, acknowledged by Kafka
 * ({@code acks=all}, idempotent) within a bounded time. What the topology cannot read of it, the
 * dead-letter topic keeps; this class never rejects a correctly signed body for its content.
 */
public final class WebhookIngress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookIngress.class);

    /** The contract's limit: a larger body is refused (413) before it is read whole. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final WebhookSignature signature;
    private final byte[] verifyTokenDigest;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration writeTimeout;
    private final WebhookMetrics metrics;

    /**
     * @param verifyToken null refuses every handshake
     * @param producer    idempotent with {@code acks=all}; closed with this
     */
    public WebhookIngress(String appSecret, String verifyToken, Producer<String, byte[]> producer, String topic,
                          Duration writeTimeout, WebhookMetrics metrics) {
        this.signature = new WebhookSignature(appSecret);
        this.verifyTokenDigest = verifyToken == null || verifyToken.isEmpty() ? null : sha256(verifyToken);
        this.producer = producer;
        this.topic = topic;
        this.writeTimeout = writeTimeout;
        this.metrics = metrics;
    }

    /**
     * With its own producer made from the service's Kafka properties. Its timeouts keep a write
     * within {@code writeTimeout}: waiting for metadata or buffer space ({@code max.block.ms}) and
     * the delivery with its retries ({@code delivery.timeout.ms}) each end by then, and
     * {@link #write} answers at the bound whichever way the time was spent.
     */
    public static WebhookIngress open(String appSecret, String verifyToken, Properties kafka, String topic,
                                      Duration writeTimeout, WebhookMetrics metrics) {
        return new WebhookIngress(appSecret, verifyToken, new KafkaProducer<>(producerProperties(kafka, writeTimeout),
                new StringSerializer(), new ByteArraySerializer()), topic, writeTimeout, metrics);
    }

    static Properties producerProperties(Properties kafka, Duration writeTimeout) {
        long bound = writeTimeout.toMillis();
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, kafka.getProperty("application.id", "whatsapp-optin") + "-webhook-writer");
        // Each post waits for its own acknowledgement: send at once; concurrent posts batch by themselves.
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_RECORD_BYTES));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(bound));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(bound));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(500, bound / 2)));
        return props;
    }

    /**
     * The GET handshake: {@code hub.mode=subscribe} and the configured verify token, compared in
     * constant time. Returns the challenge to answer with, or null to refuse.
     */
    public String handshake(String mode, String verifyToken, String challenge) {
        // Digests of both: equal lengths, so the comparison's time tells nothing, not even the token's length.
        boolean tokenMatches = verifyToken != null && verifyTokenDigest != null
                && MessageDigest.isEqual(sha256(verifyToken), verifyTokenDigest);
        boolean accepted = "subscribe".equals(mode) && challenge != null && tokenMatches;
        metrics.count(accepted ? Outcome.HANDSHAKE_ACCEPTED : Outcome.HANDSHAKE_REFUSED);
        return accepted ? challenge : null;
    }

    /** True when the signature header is that of exactly these bytes; nothing of the body is parsed before. */
    public boolean signed(byte[] body, String signatureHeader) {
        boolean valid = signature.matches(body, signatureHeader);
        if (!valid) {
            metrics.count(Outcome.BAD_SIGNATURE);
        }
        return valid;
    }

    public void tooLarge() {
        metrics.count(Outcome.TOO_LARGE);
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    /**
     * Writes a signed body, unchanged, keyed by {@link WebhookRecordKey}. Completes with Kafka's
     * acknowledgement, or exceptionally when the write failed or was not acknowledged within the
     * write timeout (a {@link java.util.concurrent.TimeoutException}): the caller must then say so,
     * as the record may or may not have been written.
     */
    public CompletableFuture<RecordMetadata> write(byte[] body) {
        long start = System.nanoTime();
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, WebhookRecordKey.of(body), body), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.complete(metadata);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            acknowledged.completeExceptionally(e);
        }
        long left = writeTimeout.toNanos() - (System.nanoTime() - start);
        return acknowledged.orTimeout(Math.max(0, left), TimeUnit.NANOSECONDS).whenComplete((metadata, failure) -> {
            metrics.written(System.nanoTime() - start, failure == null);
            metrics.count(failure == null ? Outcome.ACCEPTED : Outcome.KAFKA_UNAVAILABLE);
            if (failure != null) {
                log.warn("A signed webhook post was not acknowledged by Kafka ({}: {}); answered 503 so that Meta retries",
                        failure.getClass().getSimpleName(), failure.getMessage());
            }
        });
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(writeTimeout);
    }
}
