package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.events.CountedEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Adds each ConsentEvent to its business's counts of the UTC day it occurred on (its
 * {@code occurredAt}), in a window store of one-day windows keyed by businessId. Each partition
 * counts its own events: a business's day is the sum over the partitions.
 */
final class CountDailyChanges implements Processor<String, CountedEvent, Void, Void> {

    private WindowStore<String, DailyCounts> counts;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.counts = context.getStateStore(TopologyNames.CHANGES_PER_DAY_STORE);
    }

    @Override
    public void process(Record<String, CountedEvent> record) {
        CountedEvent event = record.value();
        if (event == null || event.businessId() == null) {
            return;
        }
        DailyCounts change = DailyCounts.of(event.status(), event.scope());
        if (change.isZero()) {
            return;
        }
        long day = DailyCounts.dayStart(occurredAt(event, record.timestamp()));
        DailyCounts before = counts.fetch(event.businessId(), day);
        counts.put(event.businessId(), before == null ? change : before.plus(change), day);
    }

    private static long occurredAt(CountedEvent event, long recordTime) {
        if (event.occurredAt() != null) {
            try {
                return Instant.parse(event.occurredAt()).toEpochMilli();
            } catch (DateTimeParseException e) {
                // the record's time, which is the time of the message that caused the event
            }
        }
        return recordTime;
    }
}
