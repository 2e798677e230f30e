package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.CampaignCounts;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.StatusCounts;
import com.example.whatsapp.optin.events.CountedEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps, from each ConsentEvent, its business's contacts per status in each scope (the change
 * moves one contact from its previous status to its new one: a contact's events all lie in one
 * partition, so each partition's counts stay whole), and counts an attributed opt-out for its
 * campaign on the UTC day it occurred.
 */
final class CountConsentOutcomes implements Processor<String, CountedEvent, Void, Void> {

    private KeyValueStore<String, StatusCounts> statuses;
    private WindowStore<String, CampaignCounts> campaigns;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.statuses = context.getStateStore(TopologyNames.CONTACTS_PER_STATUS_STORE);
        this.campaigns = context.getStateStore(TopologyNames.CAMPAIGNS_PER_DAY_STORE);
    }

    @Override
    public void process(Record<String, CountedEvent> record) {
        CountedEvent event = record.value();
        if (event == null || event.businessId() == null) {
            return;
        }
        Scope scope = "MARKETING".equals(event.scope()) ? Scope.MARKETING : event.scope() == null || "ALL".equals(event.scope())
                ? Scope.ALL : null;
        ConsentStatus status = status(event.status());
        if (scope == null || status == null) {
            return;
        }
        StatusCounts before = statuses.get(event.businessId());
        statuses.put(event.businessId(), (before == null ? StatusCounts.ZERO : before)
                .change(scope, status(event.previousStatus()), status));
        CountedEvent.Attribution attribution = event.attribution();
        if (status == ConsentStatus.OPTED_OUT && attribution != null) {
            String key = CampaignCounts.key(event.businessId(), attribution.campaignId(), attribution.templateName());
            if (key != null) {
                CountCampaignDecisions.add(campaigns, key, CampaignCounts.ONE_OPT_OUT,
                        CountCampaignDecisions.time(event.occurredAt(), record.timestamp()));
            }
        }
    }

    private static ConsentStatus status(String name) {
        if (name == null) {
            return null;
        }
        for (ConsentStatus s : ConsentStatus.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
