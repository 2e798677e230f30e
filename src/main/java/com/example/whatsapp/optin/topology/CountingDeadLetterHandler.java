package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.records.RejectedConsentRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import com.example.whatsapp.optin.outbound.UnreadableOutboundRequestException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' own log-and-continue handler, which writes the dead-letter record when
 * {@code errors.dead.letter.queue.topic.name} is set, plus a count of what it sent there. Kafka
 * Streams has one dead-letter topic; records of a source topic named in
 * {@link #DEAD_LETTER_TOPICS_CONFIG} go to that topic's own instead, the record Kafka built
 * (bytes and error headers) unchanged.
 */
public final class CountingDeadLetterHandler extends LogAndContinueExceptionHandler {

    /** The Streams property that carries the {@link ConsentCounters} instance to the handler. */
    public static final String COUNTERS_CONFIG = "whatsapp.optin.counters";
    /** {@code source=dead-letter[,source=dead-letter...]}: source topics with a dead-letter topic of their own. */
    public static final String DEAD_LETTER_TOPICS_CONFIG = "whatsapp.optin.dead-letter-topics";

    private ConsentCounters counters;
    private final Map<String, String> deadLetterTopics = new HashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object value = configs.get(COUNTERS_CONFIG);
        counters = value instanceof ConsentCounters c ? c : null;
        Object topics = configs.get(DEAD_LETTER_TOPICS_CONFIG);
        if (topics instanceof String routes && !routes.isEmpty()) {
            for (String route : routes.split(",")) {
                String[] parts = route.split("=", 2);
                deadLetterTopics.put(parts[0], parts[1]);
            }
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        String ownTopic = deadLetterTopics.get(context.topic());
        if (ownTopic != null) {
            List<ProducerRecord<byte[], byte[]>> redirected = response.deadLetterQueueRecords().stream()
                    .map(r -> new ProducerRecord<>(ownTopic, null, r.timestamp(), r.key(), r.value(), r.headers()))
                    .toList();
            response = Response.resume(redirected);
        }
        if (counters != null) {
            if (exception instanceof RejectedConsentRecordException rejected) {
                for (Problem problem : rejected.problems()) {
                    counters.recordRejected(problem.rule());
                }
            } else if (exception instanceof UnreadableOutboundRequestException) {
                counters.outboundDeadLetters().increment(Math.max(1, response.deadLetterQueueRecords().size()));
            } else if (ownTopic != null) {
                counters.recordRejected("unreadable");
            } else {
                counters.deadLetters().increment(Math.max(1, response.deadLetterQueueRecords().size()));
            }
        }
        return response;
    }
}
