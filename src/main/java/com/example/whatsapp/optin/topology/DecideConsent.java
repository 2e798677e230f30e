package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.events.ConsentOutputs;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Applies the consent rule to a contact's stored state (messages, records, preferences and Meta's
 * signals alike) and emits the outputs of a change; answers a HELP message once per message id.
 */
final class DecideConsent extends ContactStoreProcessor<ConsentRequest, ConsentOutputs> {

    private static final Logger log = LoggerFactory.getLogger(DecideConsent.class);

    private final ConsentDecider decider;

    DecideConsent(ConsentDecider decider, ConsentCounters counters, Clock clock) {
        super(counters, clock);
        this.decider = decider;
    }

    @Override
    public void process(Record<String, ConsentRequest> record) {
        ConsentRequest request = record.value();
        String contactKey = request.contactKey();
        if (request.source() == ConsentRequest.Source.RECORD) {
            counters.recordsAccepted().increment();
        }
        ContactConsent current = contacts.get(contactKey);
        ConsentDecider.ConsentUpdate update = decider.decide(current, request, clock.millis());
        switch (update.outcome()) {
            case DUPLICATE -> counters.duplicates().increment();
            case LATE -> counters.late().increment();
            case ANSWERED -> {
                contacts.put(contactKey, update.state());
                counters.helpReplies().increment();
                counters.replies().increment();
                context.forward(record.withKey(contactKey).withValue(ConsentOutputs.help(request)));
            }
            case UNCHANGED -> {
                counters.unchanged().increment();
                contacts.put(contactKey, update.state());
            }
            case CHANGED -> {
                contacts.put(contactKey, update.state());
                boolean optOut = update.change().status() == ConsentStatus.OPTED_OUT;
                if (request.scope() == Scope.MARKETING) {
                    (optOut ? counters.marketingOptOuts() : counters.marketingOptIns()).increment();
                } else {
                    (optOut ? counters.optOuts() : counters.optIns()).increment();
                }
                ConsentOutputs outputs = ConsentOutputs.of(request, update.change(),
                        current == null ? null : current.lastApproved());
                if (log.isDebugEnabled()) {
                    log.debug("Contact {} of business {}: {} -> {} by \"{}\" ({})", ContactIds.mask(request.contactId()),
                            request.businessId(), update.previous(), update.change().status(), request.keyword(),
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
