package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.util.Map;

/**
 * Kafka Streams' own log-and-continue handler, which writes the dead-letter record when
 * {@code errors.dead.letter.queue.topic.name} is set, plus a count of what it sent there.
 */
public final class CountingDeadLetterHandler extends LogAndContinueExceptionHandler {

    /** The Streams property that carries the {@link ConsentCounters} instance to the handler. */
    public static final String COUNTERS_CONFIG = "whatsapp.optin.counters";

    private ConsentCounters counters;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object value = configs.get(COUNTERS_CONFIG);
        counters = value instanceof ConsentCounters c ? c : null;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        if (counters != null) {
            counters.deadLetters().increment(Math.max(1, response.deadLetterQueueRecords().size()));
        }
        return response;
    }
}
