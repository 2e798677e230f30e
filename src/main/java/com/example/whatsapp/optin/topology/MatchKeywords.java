package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.KeywordMatch;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.BusinessSettings;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.inbound.InboundBatch;
import com.example.whatsapp.optin.inbound.InboundMessage;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.util.Optional;

/**
 * Matches every message of an inbound record against its business's keywords and passes on only
 * the messages that matched: chatter stops here, before any repartition or store access. Meta's
 * marketing preferences in an envelope pass on as they are (they match nothing).
 */
final class MatchKeywords extends CountingFixedKeyProcessor<InboundBatch, ConsentRequest> {

    private final SettingsRegistry settings;

    MatchKeywords(SettingsRegistry settings, ConsentCounters counters) {
        super(counters);
        this.settings = settings;
    }

    @Override
    public void process(FixedKeyRecord<String, InboundBatch> record) {
        InboundBatch batch = record.value();
        if (!batch.skipped().isEmpty()) {
            counters.envelopeMessagesSkipped().increment(batch.skipped().size());
            log.warn("Skipped {} unreadable message(s) of a webhook envelope at {}: {}", batch.skipped().size(),
                    RecordPosition.of(context),
                    batch.skipped());
        }
        for (InboundBatch.MarketingPreference preference : batch.preferences()) {
            long seconds = preference.timestampSeconds() != null ? preference.timestampSeconds() : record.timestamp() / 1000L;
            context.forward(record.withValue(ConsentRequest.marketingPreference(preference.businessId(), preference.contactId(),
                    preference.value(), seconds)));
        }
        counters.messagesRead().increment(batch.messages().size());
        for (InboundMessage message : batch.messages()) {
            BusinessSettings business = settings.forBusiness(message.businessId(), record.timestamp());
            Optional<KeywordMatch> match = business.matcher().match(message.candidates());
            if (match.isEmpty()) {
                continue;
            }
            counters.keywordMatches().increment();
            KeywordMatch matched = match.get();
            if (matched.language() != null) {
                counters.languagePackMatches(matched.language()).increment();
            }
            context.forward(record.withValue(new ConsentRequest(
                    message.businessId(),
                    message.contactId(),
                    message.messageId(),
                    message.occurredAtMillis(record.timestamp()),
                    matched.direction(),
                    message.trigger(),
                    matched.keyword(),
                    business.replyFor(matched))));
        }
    }
}
