package com.example.whatsapp.optin.inbound;

import java.util.List;

/**
 * What one inbound record holds: one message, or every readable message, marketing preference and
 * status of a webhook envelope.
 *
 * @param skipped     messages (or preferences, or statuses) of an envelope that could not be read, with why (no contact data)
 * @param preferences Meta's marketing preferences ({@code user_preferences} changes)
 * @param statuses    the statuses of sent messages ({@code messages} changes' {@code statuses})
 */
public record InboundBatch(List<InboundMessage> messages, List<String> skipped, List<MarketingPreference> preferences,
                           List<PlatformStatus> statuses) {

    public InboundBatch {
        messages = List.copyOf(messages);
        skipped = List.copyOf(skipped);
        preferences = List.copyOf(preferences);
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }

    public InboundBatch(List<InboundMessage> messages, List<String> skipped, List<MarketingPreference> preferences) {
        this(messages, skipped, preferences, List.of());
    }

    public InboundBatch(List<InboundMessage> messages, List<String> skipped) {
        this(messages, skipped, List.of());
    }

    /** Meta's error code for "this recipient has chosen to stop receiving marketing messages from your business". */
    public static final long MARKETING_STOPPED_CODE = 131050L;

    /**
     * One item of a change's {@code statuses}: what Meta reports of a message the business sent.
     *
     * @param contactId        {@code recipient_id} normalized; null when it is missing or not a WhatsApp id
     * @param id               the sent message's id, or null
     * @param status           {@code sent}, {@code delivered}, {@code read}, {@code failed}, ...; or null
     * @param timestampSeconds the status's time; null when it carried none
     * @param errorCodes       the whole-number {@code code} of each {@code errors[]} item, in order
     */
    public record PlatformStatus(String businessId, String contactId, String id, String status, Long timestampSeconds,
                                 List<Long> errorCodes) {
        public PlatformStatus {
            errorCodes = errorCodes == null ? List.of() : List.copyOf(errorCodes);
        }

        /** A failed send because the user stopped the business's marketing messages (error 131050). */
        public boolean stopsMarketing() {
            return "failed".equals(status) && errorCodes.contains(MARKETING_STOPPED_CODE);
        }
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
