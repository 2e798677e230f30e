package com.example.whatsapp.optin.topology;

import org.apache.kafka.streams.processor.api.ProcessingContext;

/** Where the record being processed came from, for log lines: {@code topic-partition@offset}. */
final class RecordPosition {

    private RecordPosition() {
    }

    static String of(ProcessingContext context) {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("task " + context.taskId());
    }
}
