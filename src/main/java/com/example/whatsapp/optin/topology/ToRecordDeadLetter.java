package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.records.RejectedConsentRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * A rejected consent record as Kafka Streams' dead-letter convention writes one: its key and value
 * unchanged, with the headers {@code __streams.errors.exception} and {@code __streams.errors.message}
 * (every rule it broke).
 */
final class ToRecordDeadLetter implements Processor<String, JudgeRecords.Judged, byte[], byte[]> {

    static final String EXCEPTION_HEADER = "__streams.errors.exception";
    static final String MESSAGE_HEADER = "__streams.errors.message";

    private static final Logger log = LoggerFactory.getLogger(ToRecordDeadLetter.class);

    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, JudgeRecords.Judged> record) {
        JudgeRecords.Judged judged = record.value();
        String message = judged.result().message();
        log.warn("Rejected a consent record: {}", message);
        Record<byte[], byte[]> copy = new Record<>(judged.raw().key(), judged.raw().value(), record.timestamp());
        copy.headers()
                .add(EXCEPTION_HEADER, RejectedConsentRecordException.class.getName().getBytes(StandardCharsets.UTF_8))
                .add(MESSAGE_HEADER, message.getBytes(StandardCharsets.UTF_8));
        context.forward(copy);
    }
}
