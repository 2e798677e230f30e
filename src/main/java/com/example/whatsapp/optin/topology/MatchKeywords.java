package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.KeywordMatch;
import com.example.whatsapp.optin.consent.Revocation;
import com.example.whatsapp.optin.consent.RevocationTier;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.BusinessSettings;
import com.example.whatsapp.optin.settings.ReasonableMeans;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.inbound.InboundBatch;
import com.example.whatsapp.optin.inbound.InboundMessage;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.util.Optional;

/**
 * Matches every message of an inbound record against its business's keywords and passes on only
 * the messages that matched a kind that acts (opt-out, marketing opt-out or opt-in, opt-in, HELP
 * with a help text): chatter stops here, before any repartition or store access. Meta's
 * marketing preferences in an envelope pass on as they are (they match nothing), and so do its
 * failed sends with error 131050; every status is counted by its error code. A text message
 * that matched no keyword of any kind is examined by the business's revocation detector, unless its
 * {@code optOut.reasonableMeans} is OFF: in AUTO a CLEAR revocation passes on as an opt-out, and
 * every other flagged message passes on for review.
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
        for (InboundBatch.PlatformStatus status : batch.statuses()) {
            counters.platformStatuses("failed".equals(status.status()), status.errorCodes()).increment();
            if (status.stopsMarketing()) {
                long seconds = status.timestampSeconds() != null ? status.timestampSeconds() : record.timestamp() / 1000L;
                context.forward(record.withValue(ConsentRequest.platformStop(status.businessId(), status.contactId(),
                        status.id(), seconds)));
            }
        }
        counters.messagesRead().increment(batch.messages().size());
        for (InboundMessage message : batch.messages()) {
            BusinessSettings business = settings.forBusiness(message.businessId(), record.timestamp());
            Optional<KeywordMatch> match = business.matcher().match(message.candidates());
            if (match.isEmpty()) {
                examine(record, message, business);
                continue;
            }
            counters.keywordMatches().increment();
            KeywordMatch matched = match.get();
            if (matched.language() != null) {
                counters.languagePackMatches(matched.language()).increment();
            }
            ConsentRequest request = request(message, matched, business.replyFor(matched), record.timestamp());
            if (request != null) {
                context.forward(record.withValue(request));
            }
        }
    }

    /** What the match asks of the contact's task; null for HELP without a help text (nothing to do). */
    private static ConsentRequest request(InboundMessage message, KeywordMatch matched, String reply, long recordTimestamp) {
        long occurredAt = message.occurredAtMillis(recordTimestamp);
        return switch (matched.kind()) {
            case OPT_OUT, OPT_IN -> new ConsentRequest(message.businessId(), message.contactId(), message.messageId(),
                    occurredAt, matched.direction(), message.trigger(), matched.keyword(), reply);
            case MARKETING_OPT_OUT, MARKETING_OPT_IN -> ConsentRequest.marketingMessage(message.businessId(),
                    message.contactId(), message.messageId(), occurredAt, matched.direction(), message.trigger(),
                    matched.keyword(), reply);
            case HELP -> reply == null ? null : ConsentRequest.help(message.businessId(), message.contactId(),
                    message.messageId(), occurredAt, message.trigger(), matched.keyword(), reply);
        };
    }

    /** Only text that matched no keyword of any kind comes here: buttons and other types never do. */
    private void examine(FixedKeyRecord<String, InboundBatch> record, InboundMessage message, BusinessSettings business) {
        ReasonableMeans means = business.reasonableMeans();
        if (means == ReasonableMeans.OFF || message.trigger() != Trigger.KEYWORD || message.candidates().isEmpty()) {
            return;
        }
        String text = message.candidates().get(0);
        Optional<Revocation> found = business.detector().detect(text);
        if (found.isEmpty()) {
            return;
        }
        Revocation revocation = found.get();
        long occurredAt = message.occurredAtMillis(record.timestamp());
        boolean optOut = means == ReasonableMeans.AUTO && revocation.tier() == RevocationTier.CLEAR;
        counters.revocation(revocation.tier().name(), optOut ? "opt-out" : "review");
        context.forward(record.withValue(optOut
                ? ConsentRequest.revocation(message.businessId(), message.contactId(), message.messageId(), occurredAt,
                        revocation, business.replyFor(Direction.OPT_OUT))
                : ConsentRequest.review(message.businessId(), message.contactId(), message.messageId(), occurredAt,
                        revocation, text)));
    }
}
