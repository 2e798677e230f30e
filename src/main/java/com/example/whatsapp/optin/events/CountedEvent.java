package com.example.whatsapp.optin.events;

/**
 * The fields of a ConsentEvent that the counts read (the daily counts, the contacts per status,
 * the attributed opt-outs); every other field is ignored, so the counts read events of any version.
 *
 * @param scope          null on an event without a scope, which means {@code ALL}
 * @param previousStatus the status before the change
 * @param attribution    the approved request an opt-out is attributed to, or null
 */
public record CountedEvent(String businessId, String status, String scope, String occurredAt, String previousStatus,
                           Attribution attribution) {

    public CountedEvent(String businessId, String status, String scope, String occurredAt) {
        this(businessId, status, scope, occurredAt, null, null);
    }

    /** The fields of an attribution that name its campaign. */
    public record Attribution(String campaignId, String templateName) {
    }
}
