package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.wire.InboundBatch;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds an inbound record back until every settings record written before it is known, so that
 * it is matched against the settings of its own time. The settings reader is normally a few
 * milliseconds behind and records pass straight through; while it lags (a slow or unavailable
 * settings partition) records wait here, in a logged store, and leave in arrival order.
 *
 * <p>A record needs the settings appended up to {@link #TOLERANCE} before its timestamp (or
 * before it was read, when its producer's clock runs ahead): the contract's "settings written at
 * least 1 second before an input record always apply to it".
 */
final class AwaitSettings implements Processor<String, InboundBatch, String, InboundBatch> {

    private static final Logger log = LoggerFactory.getLogger(AwaitSettings.class);

    static final Duration TOLERANCE = Duration.ofSeconds(1);
    static final Duration RETRY_EVERY = Duration.ofMillis(100);

    /** A record waiting for settings, as stored. */
    record Waiting(int v, String key, long timestamp, long settingsNeededThrough, InboundBatch batch) {
        static final int VERSION = 1;
    }

    private final SettingsRegistry settings;
    private final ConsentCounters counters;
    private ProcessorContext<String, InboundBatch> context;
    private KeyValueStore<Long, Waiting> waiting;
    private long nextSequence;
    private boolean anyWaiting;

    AwaitSettings(SettingsRegistry settings, ConsentCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, InboundBatch> context) {
        this.context = context;
        this.waiting = context.getStateStore(TopologyNames.AWAITING_SETTINGS_STORE);
        try (KeyValueIterator<Long, Waiting> last = waiting.reverseAll()) {
            anyWaiting = last.hasNext();
            nextSequence = anyWaiting ? last.next().key + 1 : 0;
        }
        context.schedule(RETRY_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (anyWaiting) {
                release();
            }
        });
    }

    @Override
    public void process(Record<String, InboundBatch> record) {
        long neededThrough = Math.min(record.timestamp(), context.currentSystemTimeMs()) - TOLERANCE.toMillis();
        if (anyWaiting) {
            release();
        }
        if (!anyWaiting && settings.settled(neededThrough)) {
            context.forward(record);
            return;
        }
        if (!anyWaiting) {
            log.info("Holding inbound records of {} until the settings written before them are read", RecordPosition.of(context));
        }
        waiting.put(nextSequence++, new Waiting(Waiting.VERSION, record.key(), record.timestamp(), neededThrough, record.value()));
        anyWaiting = true;
        counters.heldForSettings().increment();
    }

    /** Lets the waiting records go, oldest first, up to the first whose settings are not known yet. */
    private void release() {
        List<Long> released = new ArrayList<>();
        anyWaiting = false;
        try (KeyValueIterator<Long, Waiting> all = waiting.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                Waiting held = entry.value;
                if (!settings.settled(held.settingsNeededThrough())) {
                    anyWaiting = true;
                    break;
                }
                context.forward(new Record<>(held.key(), held.batch(), held.timestamp()));
                released.add(entry.key);
            }
        }
        released.forEach(waiting::delete);
        if (!anyWaiting) {
            log.info("Released {} held inbound record(s) of {}", released.size(), RecordPosition.of(context));
        }
    }
}
