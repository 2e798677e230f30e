package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A stateless step that keeps its record's key and counts what it does. */
abstract class CountingFixedKeyProcessor<V, R> implements FixedKeyProcessor<String, V, R> {

    protected final Logger log = LoggerFactory.getLogger(getClass());
    protected final ConsentCounters counters;
    protected FixedKeyProcessorContext<String, R> context;

    CountingFixedKeyProcessor(ConsentCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, R> context) {
        this.context = context;
    }
}
