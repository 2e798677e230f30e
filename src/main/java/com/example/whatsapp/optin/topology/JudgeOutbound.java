package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.OutboundGate;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.outbound.OutboundDecision;
import com.example.whatsapp.optin.outbound.OutboundRequest;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Clock;

/**
 * Judges an outbound request against its contact's consent as the consent decisions left it in
 * this task's store: one lookup, never a write (a contact never decided is simply absent).
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
        context.forward(record.withKey(contactKey).withValue(OutboundDecision.of(request, consent, ruling, clock.millis())));
    }
}
