package com.example.whatsapp.optin.events;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.LastApproved;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.kafka.Timestamps;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.Trigger;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The contract's ConsentEvent, written to the consent-events topic.
 *
 * @param scope          v2: ALL (every v1 event) or MARKETING
 * @param sourceRecordId v2: the consent record's id, or null
 * @param proof          v2: the consent record's proof object as received, or null
 * @param attribution    v3: on an opt-out (either scope), the last MARKETING or UTILITY request approved
 *                       for the contact within the 7 days before it; else null
 */
@JsonPropertyOrder({"eventId", "businessId", "contactId", "status", "previousStatus", "trigger", "keyword",
        "sourceMessageId", "occurredAt", "processedAt", "scope", "sourceRecordId", "proof", "attribution"})
public record ConsentEvent(
        String eventId,
        String businessId,
        String contactId,
        ConsentStatus status,
        ConsentStatus previousStatus,
        Trigger trigger,
        String keyword,
        String sourceMessageId,
        String occurredAt,
        String processedAt,
        Scope scope,
        String sourceRecordId,
        JsonNode proof,
        Attribution attribution) {

    /** The event of a change without attribution (every event that is not an attributed opt-out). */
    public ConsentEvent(String eventId, String businessId, String contactId, ConsentStatus status,
                        ConsentStatus previousStatus, Trigger trigger, String keyword, String sourceMessageId,
                        String occurredAt, String processedAt, Scope scope, String sourceRecordId, JsonNode proof) {
        this(eventId, businessId, contactId, status, previousStatus, trigger, keyword, sourceMessageId, occurredAt,
                processedAt, scope, sourceRecordId, proof, null);
    }

    /** v3: the approved request an opt-out is attributed to; {@code approvedAt} is its {@code decidedAt}. */
    @JsonPropertyOrder({"requestId", "campaignId", "templateName", "category", "approvedAt"})
    public record Attribution(String requestId, String campaignId, String templateName, MessageCategory category,
                              String approvedAt) {

        /** The attribution of an opt-out that occurred at {@code occurredAtMillis}; null when {@code approved} is not its cause. */
        public static Attribution of(LastApproved approved, long occurredAtMillis) {
            if (approved == null || !approved.attributes(occurredAtMillis)) {
                return null;
            }
            return new Attribution(approved.requestId(), approved.campaignId(), approved.templateName(), approved.category(),
                    Timestamps.format(approved.approvedAtMillis()));
        }
    }
}
