package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.LastApproved;
import com.example.whatsapp.optin.consent.OutboundGate;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.outbound.OutboundDecision;
import com.example.whatsapp.optin.outbound.OutboundRequest;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Clock;

/**
 * Judges an outbound request against its contact's consent as the consent decisions left it in
 * this task's store: one lookup, and a write only when it approves a MARKETING or UTILITY request,
 * which the contact's state remembers (the last one only) so that a later opt-out is attributed to it.
 */
final class JudgeOutbound extends ContactStoreProcessor<OutboundRequest, OutboundDecision> {

    private final SettingsRegistry settings;

    JudgeOutbound(SettingsRegistry settings, ConsentCounters counters, Clock clock) {
        super(counters, clock);
        this.settings = settings;
    }

    @Override
    public void process(Record<String, OutboundRequest> record) {
        OutboundRequest request = record.value();
        String contactKey = request.contactKey();
        ContactConsent consent = contacts.get(contactKey);
        boolean requireOptIn = settings.forBusiness(request.businessId(), record.timestamp()).requireOptIn();
        OutboundGate.Ruling ruling = OutboundGate.decide(request.category(), consent, requireOptIn);
        counters.outboundDecided(request.category(), ruling);
        long decidedAt = clock.millis();
        if (ruling.verdict() == OutboundGate.Verdict.APPROVED && LastApproved.remembers(request.category())) {
            contacts.put(contactKey, (consent == null ? ContactConsent.UNKNOWN : consent).withLastApproved(new LastApproved(
                    request.requestId(), request.campaignId(), request.templateName(), request.category(), decidedAt)));
        }
        context.forward(record.withKey(contactKey).withValue(OutboundDecision.of(request, consent, ruling, decidedAt)));
    }
}
