package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.LastApproved;
import com.example.whatsapp.optin.consent.OutboundGate;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.outbound.OutboundDecision;
import com.example.whatsapp.optin.outbound.OutboundRequest;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;

/**
 * Judges an outbound request against its contact's consent as the consent decisions left it in
 * this task's store: one lookup, and a write only when it approves a MARKETING or UTILITY request,
 * which the contact's state remembers (the last one only) so that a later opt-out is attributed to it.
 */
final class JudgeOutbound implements Processor<String, OutboundRequest, String, OutboundDecision> {

    private final SettingsRegistry settings;
    private final ConsentCounters counters;
    private final Clock clock;
    private ProcessorContext<String, OutboundDecision> context;
    private KeyValueStore<String, ContactConsent> contacts;

    JudgeOutbound(SettingsRegistry settings, ConsentCounters counters, Clock clock) {
        this.settings = settings;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, OutboundDecision> context) {
        this.context = context;
        this.contacts = context.getStateStore(TopologyNames.CONTACTS_STORE);
    }

    @Override
    public void process(Record<String, OutboundRequest> record) {
        OutboundRequest request = record.value();
        String contactKey = request.contactKey();
        ContactConsent consent = contacts.get(contactKey);
        boolean requireOptIn = settings.forBusiness(request.businessId(), record.timestamp()).requireOptIn();
        OutboundGate.Decision decision = OutboundGate.decide(request.category(), consent, requireOptIn);
        counters.outboundDecided(request.category(), decision);
        long decidedAt = clock.millis();
        if (decision.verdict() == OutboundGate.Verdict.APPROVED && LastApproved.remembers(request.category())) {
            contacts.put(contactKey, (consent == null ? ContactConsent.UNKNOWN : consent).withLastApproved(new LastApproved(
                    request.requestId(), request.campaignId(), request.templateName(), request.category(), decidedAt)));
        }
        context.forward(record.withKey(contactKey).withValue(OutboundDecision.of(request, consent, decision, decidedAt)));
    }
}
