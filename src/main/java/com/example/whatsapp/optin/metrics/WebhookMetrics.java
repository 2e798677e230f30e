package com.example.whatsapp.optin.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The webhook ingress's meters: requests by outcome, and how long Kafka takes to acknowledge a write. */
public final class WebhookMetrics {

    /** What became of one request to {@code /webhooks/whatsapp}. */
    public enum Outcome {
        /** Written, and acknowledged by Kafka: 200. */
        ACCEPTED,
        /** Signature missing or wrong: 401, nothing written. */
        BAD_SIGNATURE,
        /** Body over 1 MiB: 413, nothing written. */
        TOO_LARGE,
        /** Kafka failed or did not acknowledge in time: 503. */
        KAFKA_UNAVAILABLE,
        /** Verification handshake answered with the challenge. */
        HANDSHAKE_ACCEPTED,
        /** Verification handshake refused: 403. */
        HANDSHAKE_REFUSED
    }

    private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
    private final Timer acknowledged;
    private final Timer failed;

    public WebhookMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, Counter.builder("optin.webhook.requests")
                    .description("Requests to the webhook ingress, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        acknowledged = writeTimer(registry, "acknowledged");
        failed = writeTimer(registry, "failed");
    }

    private static Timer writeTimer(MeterRegistry registry, String result) {
        return Timer.builder("optin.webhook.write")
                .description("From a signed post's write to Kafka's acknowledgement or failure")
                .tag("result", result)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(15))
                .register(registry);
    }

    public void count(Outcome outcome) {
        requests.get(outcome).increment();
    }

    /** How many requests had this outcome so far. */
    public double counted(Outcome outcome) {
        return requests.get(outcome).count();
    }

    /** One write, from the send to Kafka's answer (or the timeout). */
    public void written(long nanos, boolean acknowledgedByKafka) {
        (acknowledgedByKafka ? acknowledged : failed).record(nanos, TimeUnit.NANOSECONDS);
    }
}
