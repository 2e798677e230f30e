package com.example.whatsapp.optin.inbound;

import java.util.List;

/**
 * What one inbound record holds: one message, or every readable message and marketing preference
 * of a webhook envelope.
 *
 * @param skipped     messages (or preferences) of an envelope that could not be read, with why (no contact data)
 * @param preferences Meta's marketing preferences ({@code user_preferences} changes)
 */
public record InboundBatch(List<InboundMessage> messages, List<String> skipped, List<MarketingPreference> preferences) {

    public InboundBatch {
        messages = List.copyOf(messages);
        skipped = List.copyOf(skipped);
        preferences = List.copyOf(preferences);
    }

    public InboundBatch(List<InboundMessage> messages, List<String> skipped) {
        this(messages, skipped, List.of());
    }

    /**
     * One {@code user_preferences} item of category {@code marketing_messages}.
     *
     * @param value            {@code stop} or {@code resume}
     * @param timestampSeconds the preference's time; null when it carried none
     */
    public record MarketingPreference(String businessId, String contactId, String value, Long timestampSeconds) {
    }
}
