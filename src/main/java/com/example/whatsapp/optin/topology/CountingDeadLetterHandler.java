package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' own log-and-continue handler, which writes the dead-letter record when
 * {@code errors.dead.letter.queue.topic.name} is set, plus a count of what it sent there.
 * Kafka Streams has one dead-letter topic per application; records read from a topic named in
 * {@link #REDIRECT_CONFIG} go, as Kafka built them (key, value and error headers), to that
 * topic's own dead-letter topic instead.
 */
public final class CountingDeadLetterHandler extends LogAndContinueExceptionHandler {

    /** The Streams property that carries the {@link ConsentCounters} instance to the handler. */
    public static final String COUNTERS_CONFIG = "whatsapp.optin.counters";
    /** The Streams property that carries a {@code Map<String, String>}: source topic to its own dead-letter topic. */
    public static final String REDIRECT_CONFIG = "whatsapp.optin.dead-letter-redirects";

    private ConsentCounters counters;
    private Map<String, String> redirects = Map.of();

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object value = configs.get(COUNTERS_CONFIG);
        counters = value instanceof ConsentCounters c ? c : null;
        Object redirect = configs.get(REDIRECT_CONFIG);
        redirects = redirect instanceof Map<?, ?> m ? Map.copyOf((Map<String, String>) m) : Map.of();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        String target = redirects.get(record.topic());
        if (target != null) {
            List<ProducerRecord<byte[], byte[]>> redirected = response.deadLetterQueueRecords().stream()
                    .map(r -> new ProducerRecord<>(target, null, r.timestamp(), r.key(), r.value(), r.headers()))
                    .toList();
            if (counters != null) {
                counters.outboundDeadLetters().increment(Math.max(1, redirected.size()));
            }
            return Response.resume(redirected);
        }
        if (counters != null) {
            counters.deadLetters().increment(Math.max(1, response.deadLetterQueueRecords().size()));
        }
        return response;
    }
}
