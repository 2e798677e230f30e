package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.events.ConsentOutputs;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Applies the consent rule to a contact's stored state (messages, records, preferences and Meta's
 * signals alike) and emits the outputs of a change; answers a HELP message once per message id.
 */
final class DecideConsent implements Processor<String, ConsentRequest, String, ConsentOutputs> {

    private static final Logger log = LoggerFactory.getLogger(DecideConsent.class);

    private final ConsentDecider decider;
    private final ConsentCounters counters;
    private final Clock clock;
    private ProcessorContext<String, ConsentOutputs> context;
    private KeyValueStore<String, ContactConsent> contacts;

    DecideConsent(ConsentDecider decider, ConsentCounters counters, Clock clock) {
        this.decider = decider;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, ConsentOutputs> context) {
        this.context = context;
        this.contacts = context.getStateStore(TopologyNames.CONTACTS_STORE);
    }

    @Override
    public void process(Record<String, ConsentRequest> record) {
        ConsentRequest request = record.value();
        String contactKey = request.contactKey();
        if (request.source() == ConsentRequest.Source.RECORD) {
            counters.recordsAccepted().increment();
        }
        ConsentDecider.Decision decision = decider.decide(contacts.get(contactKey), request, clock.millis());
        switch (decision.outcome()) {
            case DUPLICATE -> counters.duplicates().increment();
            case LATE -> counters.late().increment();
            case ANSWERED -> {
                contacts.put(contactKey, decision.state());
                counters.helpReplies().increment();
                counters.replies().increment();
                context.forward(record.withKey(contactKey).withValue(ConsentOutputs.help(request)));
            }
            case UNCHANGED -> {
                counters.unchanged().increment();
                contacts.put(contactKey, decision.state());
            }
            case CHANGED -> {
                contacts.put(contactKey, decision.state());
                boolean optOut = decision.change().status() == ConsentStatus.OPTED_OUT;
                if (request.scope() == Scope.MARKETING) {
                    (optOut ? counters.marketingOptOuts() : counters.marketingOptIns()).increment();
                } else {
                    (optOut ? counters.optOuts() : counters.optIns()).increment();
                }
                ConsentOutputs outputs = ConsentOutputs.of(request, decision.change());
                if (log.isDebugEnabled()) {
                    log.debug("Contact {} of business {}: {} -> {} by \"{}\" ({})", ContactIds.mask(request.contactId()),
                            request.businessId(), decision.previous(), decision.change().status(), request.keyword(),
                            request.trigger());
                }
                if (outputs.reply() != null) {
                    counters.replies().increment();
                }
                context.forward(record.withKey(contactKey).withValue(outputs));
            }
        }
    }
}
