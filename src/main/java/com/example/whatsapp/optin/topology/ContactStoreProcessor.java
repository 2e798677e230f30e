package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;

/** A processor of the task that holds its contacts' consent in {@link TopologyNames#CONTACTS_STORE}. */
abstract class ContactStoreProcessor<V, R> implements Processor<String, V, String, R> {

    protected final ConsentCounters counters;
    protected final Clock clock;
    protected ProcessorContext<String, R> context;
    protected KeyValueStore<String, ContactConsent> contacts;

    ContactStoreProcessor(ConsentCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, R> context) {
        this.context = context;
        this.contacts = context.getStateStore(TopologyNames.CONTACTS_STORE);
    }
}
