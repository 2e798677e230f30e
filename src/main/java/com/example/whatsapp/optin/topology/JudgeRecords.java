package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.records.ConsentRecordValidator;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Judges each consent record by the contract's rules and the settings in effect at its Kafka
 * timestamp (the records wait for them before this step): a valid one becomes a consent request,
 * a rejected or unreadable one keeps its bytes for the dead-letter topic, with why.
 */
final class JudgeRecords extends CountingFixedKeyProcessor<JudgeRecords.Raw, JudgeRecords.Judged> {

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

    JudgeRecords(ConsentRecordValidator validator, ConsentCounters counters) {
        super(counters);
        this.validator = validator;
    }

    @Override
    public void process(FixedKeyRecord<String, Raw> record) {
        ConsentRecordValidator.Result result = validator.validate(record.value().value(), record.timestamp());
        if (!result.valid()) {
            for (Problem problem : result.problems()) {
                counters.recordRejected(problem.rule());
            }
        }
        context.forward(record.withValue(new Judged(result.valid() ? result.request() : null, record.value(), result)));
    }
}
