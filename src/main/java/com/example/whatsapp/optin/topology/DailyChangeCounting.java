package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.stats.DailyCounts;
import com.example.whatsapp.optin.wire.ConsentEvent;
import com.example.whatsapp.optin.wire.ConsentOutputs;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Adds each consent change to its business's counts of the UTC day it occurred on (its event's
 * {@code occurredAt}), in a window store of one-day windows keyed by businessId. Each partition
 * counts its own changes: a business's day is the sum over the partitions.
 */
final class DailyChangeCounting implements Processor<String, ConsentOutputs, Void, Void> {

    private WindowStore<String, DailyCounts> counts;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.counts = context.getStateStore(TopologyNames.CHANGES_PER_DAY_STORE);
    }

    @Override
    public void process(Record<String, ConsentOutputs> record) {
        ConsentEvent event = record.value().event();
        DailyCounts change = DailyCounts.of(event.status(), event.scope());
        if (change.isZero()) {
            return;
        }
        long day = DailyCounts.dayStart(record.value().occurredAtMillis());
        DailyCounts before = counts.fetch(event.businessId(), day);
        counts.put(event.businessId(), before == null ? change : before.plus(change), day);
    }
}
