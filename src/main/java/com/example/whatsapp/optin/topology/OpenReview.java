package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentIds;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ReviewRule;
import com.example.whatsapp.optin.events.ConsentReview;
import com.example.whatsapp.optin.kafka.Timestamps;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.state.ReviewedMessages;
import com.example.whatsapp.optin.state.StoredContacts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.util.Locale;

/**
 * Opens a review for a flagged message ({@link ReviewRule}), against the contact's consent as the
 * decisions of the same task left it, and remembers the message so that a redelivery opens none.
 */
final class OpenReview implements Processor<String, ConsentRequest, String, ConsentReview> {

    private final ReviewRule rule;
    private final ConsentCounters counters;
    private final Clock clock;
    private ProcessorContext<String, ConsentReview> context;
    private StoredContacts contacts;
    private KeyValueStore<String, ReviewedMessages> reviewed;

    OpenReview(ReviewRule rule, ConsentCounters counters, Clock clock) {
        this.rule = rule;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, ConsentReview> context) {
        this.context = context;
        this.contacts = new StoredContacts(context.getStateStore(TopologyNames.CONTACTS_STORE));
        this.reviewed = context.getStateStore(TopologyNames.REVIEWED_MESSAGES_STORE);
    }

    @Override
    public void process(Record<String, ConsentRequest> record) {
        ConsentRequest request = record.value();
        String contactKey = request.contactKey();
        ReviewedMessages known = reviewed.get(contactKey);
        ReviewRule.Decision decision = rule.judge(contacts.get(contactKey), known == null ? null : known.messages(),
                request.messageId(), request.occurredAtMillis());
        if (decision.outcome() != ReviewRule.Outcome.OPEN) {
            counters.revocation(request.revocation().tier().name(),
                    "review-" + decision.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            return;
        }
        reviewed.put(contactKey, new ReviewedMessages(decision.reviewed()));
        counters.revocation(request.revocation().tier().name(), "review-opened");
        context.forward(record.withKey(contactKey).withValue(new ConsentReview(
                ConsentIds.reviewId(contactKey, request.messageId()), request.businessId(), request.contactId(),
                request.messageId(), request.reviewText(), Timestamps.format(request.occurredAtMillis()),
                request.revocation().tier(), request.revocation().rule(), ConsentReview.Status.OPEN,
                Timestamps.format(clock.millis()), null, null)));
    }
}
