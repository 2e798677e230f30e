package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.CampaignCounts;
import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.outbound.CountedDecision;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Adds each OutboundDecision of a campaign (a campaign id or a template) to its business's
 * campaign counts of the UTC day it was decided on ({@code decidedAt}). Each partition counts its own.
 */
final class CountCampaignDecisions implements Processor<String, CountedDecision, Void, Void> {

    private WindowStore<String, CampaignCounts> counts;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.counts = context.getStateStore(TopologyNames.CAMPAIGNS_PER_DAY_STORE);
    }

    @Override
    public void process(Record<String, CountedDecision> record) {
        CountedDecision decision = record.value();
        if (decision == null || decision.businessId() == null) {
            return;
        }
        CampaignCounts one = switch (decision.decision() == null ? "" : decision.decision()) {
            case "APPROVED" -> CampaignCounts.ONE_APPROVED;
            case "SUPPRESSED" -> CampaignCounts.ONE_SUPPRESSED;
            default -> null;
        };
        String key = CampaignCounts.key(decision.businessId(), decision.campaignId(), decision.templateName());
        if (one == null || key == null) {
            return;
        }
        add(counts, key, one, time(decision.decidedAt(), record.timestamp()));
    }

    static void add(WindowStore<String, CampaignCounts> counts, String key, CampaignCounts one, long time) {
        long day = DailyCounts.dayStart(time);
        CampaignCounts before = counts.fetch(key, day);
        counts.put(key, before == null ? one : before.plus(one), day);
    }

    static long time(String iso, long recordTime) {
        if (iso != null) {
            try {
                return Instant.parse(iso).toEpochMilli();
            } catch (DateTimeParseException e) {
                // the record's time
            }
        }
        return recordTime;
    }
}
