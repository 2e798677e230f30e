package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.records.ConsentRecordValidator;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Judges each consent record by the contract's rules and the settings in effect at its Kafka
 * timestamp (the records wait for them before this step): a valid one becomes a consent request,
 * a rejected or unreadable one keeps its bytes for the dead-letter topic, with why.
 */
final class JudgeRecords implements FixedKeyProcessor<String, JudgeRecords.Raw, JudgeRecords.Judged> {

    /** A record's key and value as read from the topic, unchanged. */
    record Raw(byte[] key, byte[] value) {
    }

    /** Either the valid record's request or the rejected record with its problems. */
    record Judged(ConsentRequest request, Raw raw, ConsentRecordValidator.Result result) {
        boolean valid() {
            return request != null;
        }
    }

    private final ConsentRecordValidator validator;
    private final ConsentCounters counters;
    private FixedKeyProcessorContext<String, Judged> context;

    JudgeRecords(ConsentRecordValidator validator, ConsentCounters counters) {
        this.validator = validator;
        this.counters = counters;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Judged> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Raw> record) {
        ConsentRecordValidator.Result result = validator.validate(record.value().value(), record.timestamp());
        if (!result.valid()) {
            for (com.example.whatsapp.optin.consent.Problem problem : result.problems()) {
                counters.recordRejected(problem.rule());
            }
        }
        context.forward(record.withValue(new Judged(result.valid() ? result.request() : null, record.value(), result)));
    }
}
