package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.inbound.InboundBatch;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.outbound.OutboundRequest;
import com.example.whatsapp.optin.outbound.OutboundRequestParser;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
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
final class AwaitSettings<V, W extends AwaitSettings.Held<V>> implements Processor<String, V, String, V> {

    private static final Logger log = LoggerFactory.getLogger(AwaitSettings.class);

    static final Duration TOLERANCE = Duration.ofSeconds(1);
    static final Duration RETRY_EVERY = Duration.ofMillis(100);

    /** A record waiting for settings, as its store keeps it. */
    interface Held<V> {
        String key();

        long timestamp();

        long settingsNeededThrough();

        /** The record's value, as it was when it was held. */
        V value();
    }

    /** Makes the stored form of a record to hold. */
    interface Holding<V, W> {
        W hold(String key, long timestamp, long settingsNeededThrough, V value);
    }

    /** An inbound record waiting for settings, as stored. */
    record Waiting(int v, String key, long timestamp, long settingsNeededThrough, InboundBatch batch)
            implements Held<InboundBatch> {
        static final int VERSION = 1;

        @Override
        @JsonIgnore
        public InboundBatch value() {
            return batch;
        }
    }

    /** An outbound request waiting for settings, as stored: the request's value as written. */
    record WaitingRequest(int v, String key, long timestamp, long settingsNeededThrough, String request)
            implements Held<OutboundRequest> {
        static final int VERSION = 1;
        private static final OutboundRequestParser PARSER = new OutboundRequestParser(Json.mapper());

        @Override
        @JsonIgnore
        public OutboundRequest value() {
            return PARSER.parse(request.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A consent record waiting for settings, as stored: its key and value as read, unchanged. */
    record WaitingRecord(int v, String key, long timestamp, long settingsNeededThrough, byte[] rawKey, byte[] rawValue)
            implements Held<JudgeRecords.Raw> {
        static final int VERSION = 1;

        @Override
        @JsonIgnore
        public JudgeRecords.Raw value() {
            return new JudgeRecords.Raw(rawKey, rawValue);
        }
    }

    private final String storeName;
    private final Holding<V, W> holding;
    private final SettingsRegistry settings;
    private final ConsentCounters counters;
    private ProcessorContext<String, V> context;
    private KeyValueStore<Long, W> waiting;
    private long nextSequence;
    private boolean anyWaiting;

    /** Inbound records, held in {@link TopologyNames#AWAITING_SETTINGS_STORE}. */
    static AwaitSettings<InboundBatch, Waiting> inbound(SettingsRegistry settings, ConsentCounters counters) {
        return new AwaitSettings<>(TopologyNames.AWAITING_SETTINGS_STORE,
                (key, timestamp, neededThrough, batch) -> new Waiting(Waiting.VERSION, key, timestamp, neededThrough, batch),
                settings, counters);
    }

    /** Outbound requests, held in {@link TopologyNames#OUTBOUND_AWAITING_SETTINGS_STORE}. */
    static AwaitSettings<OutboundRequest, WaitingRequest> outbound(SettingsRegistry settings, ConsentCounters counters) {
        return new AwaitSettings<>(TopologyNames.OUTBOUND_AWAITING_SETTINGS_STORE,
                (key, timestamp, neededThrough, request) -> new WaitingRequest(WaitingRequest.VERSION, key, timestamp,
                        neededThrough, new String(request.value(), StandardCharsets.UTF_8)),
                settings, counters);
    }

    /** Consent records, held in {@link TopologyNames#RECORDS_AWAITING_SETTINGS_STORE}. */
    static AwaitSettings<JudgeRecords.Raw, WaitingRecord> records(SettingsRegistry settings, ConsentCounters counters) {
        return new AwaitSettings<>(TopologyNames.RECORDS_AWAITING_SETTINGS_STORE,
                (key, timestamp, neededThrough, raw) -> new WaitingRecord(WaitingRecord.VERSION, key, timestamp, neededThrough,
                        raw.key(), raw.value()),
                settings, counters);
    }

    AwaitSettings(String storeName, Holding<V, W> holding, SettingsRegistry settings, ConsentCounters counters) {
        this.storeName = storeName;
        this.holding = holding;
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        this.context = context;
        this.waiting = context.getStateStore(storeName);
        try (KeyValueIterator<Long, W> last = waiting.reverseAll()) {
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
    public void process(Record<String, V> record) {
        long neededThrough = Math.min(record.timestamp(), context.currentSystemTimeMs()) - TOLERANCE.toMillis();
        if (anyWaiting) {
            release();
        }
        if (!anyWaiting && settings.settled(neededThrough)) {
            context.forward(record);
            return;
        }
        if (!anyWaiting) {
            log.info("Holding records of {} until the settings written before them are read", RecordPosition.of(context));
        }
        waiting.put(nextSequence++, holding.hold(record.key(), record.timestamp(), neededThrough, record.value()));
        anyWaiting = true;
        counters.heldForSettings().increment();
    }

    /** Lets the waiting records go, oldest first, up to the first whose settings are not known yet. */
    private void release() {
        List<Long> released = new ArrayList<>();
        anyWaiting = false;
        try (KeyValueIterator<Long, W> all = waiting.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                W held = entry.value;
                if (!settings.settled(held.settingsNeededThrough())) {
                    anyWaiting = true;
                    break;
                }
                context.forward(new Record<>(held.key(), held.value(), held.timestamp()));
                released.add(entry.key);
            }
        }
        released.forEach(waiting::delete);
        if (!anyWaiting) {
            log.info("Released {} held record(s) of {}", released.size(), RecordPosition.of(context));
        }
    }
}
