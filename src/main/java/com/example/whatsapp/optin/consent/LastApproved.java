package com.example.whatsapp.optin.consent;

import java.time.Duration;

/**
 * The last {@code MARKETING} or {@code UTILITY} request the gate approved for a contact: what an
 * opt-out of the contact is attributed to when it follows within {@link #WINDOW}.
 *
 * @param campaignId       the request's {@code campaignId}, or null
 * @param templateName     the message's {@code template.name} when it is a template, or null
 * @param approvedAtMillis the decision's {@code decidedAt}
 */
public record LastApproved(String requestId, String campaignId, String templateName, MessageCategory category,
                           long approvedAtMillis) {

    /** How long before an opt-out an approved request is still its cause. */
    public static final Duration WINDOW = Duration.ofDays(7);

    /** Whether the gate remembers an approved request of this category (the categories campaigns are sent in). */
    public static boolean remembers(MessageCategory category) {
        return category == MessageCategory.MARKETING || category == MessageCategory.UTILITY;
    }

    /**
     * Whether an opt-out that occurred at {@code occurredAtMillis} is attributed to this request:
     * approved within the 7 days before it. A message's time has whole seconds (WhatsApp's
     * {@code timestamp}), so an approval in the same second as the opt-out counts as before it.
     */
    public boolean attributes(long occurredAtMillis) {
        long endOfSecond = Math.floorDiv(occurredAtMillis, 1000L) * 1000L + 999L;
        return approvedAtMillis <= Math.max(occurredAtMillis, endOfSecond)
                && approvedAtMillis >= occurredAtMillis - WINDOW.toMillis();
    }

    /** The campaign it counts for: the campaign id, else the template's name; null when it has neither. */
    public String campaign() {
        return campaignId != null ? campaignId : templateName;
    }
}
