package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.state.StoredContacts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

import java.time.Clock;

/** A processor of the task that holds its contacts' consent in {@link TopologyNames#CONTACTS_STORE}. */
abstract class ContactStoreProcessor<V, R> implements Processor<String, V, String, R> {

    protected final ConsentCounters counters;
    protected final Clock clock;
    protected ProcessorContext<String, R> context;
    protected StoredContacts contacts;

    ContactStoreProcessor(ConsentCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, R> context) {
        this.context = context;
        this.contacts = new StoredContacts(context.getStateStore(TopologyNames.CONTACTS_STORE));
    }
}
