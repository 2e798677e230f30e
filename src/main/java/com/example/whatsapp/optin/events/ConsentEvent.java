package com.example.whatsapp.optin.events;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.LastApproved;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.kafka.Timestamps;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.Revocation;
import com.example.whatsapp.optin.consent.Trigger;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The contract's ConsentEvent, written to the consent-events topic.
 *
 * @param scope          ALL or MARKETING
 * @param sourceRecordId the consent record's id, or null
 * @param proof          the consent record's proof object as received, or null
 * @param detection      {@code {"tier","rule"}} of a {@code REVOCATION}; absent from every other event, so
 *                       that the events an older consumer reads carry no field it does not know
 * @param attribution    on an opt-out (either scope), the last MARKETING or UTILITY request approved
 *                       for the contact within the 7 days before it; else null
 */
@JsonPropertyOrder({"eventId", "businessId", "contactId", "status", "previousStatus", "trigger", "keyword",
        "sourceMessageId", "occurredAt", "processedAt", "scope", "sourceRecordId", "proof", "detection", "attribution"})
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Revocation detection,
        Attribution attribution) {

    /** The event of a change that is neither a detected revocation nor an attributed opt-out. */
    public ConsentEvent(String eventId, String businessId, String contactId, ConsentStatus status,
                        ConsentStatus previousStatus, Trigger trigger, String keyword, String sourceMessageId,
                        String occurredAt, String processedAt, Scope scope, String sourceRecordId, JsonNode proof) {
        this(eventId, businessId, contactId, status, previousStatus, trigger, keyword, sourceMessageId, occurredAt,
                processedAt, scope, sourceRecordId, proof, null, null);
    }

    /** The approved request an opt-out is attributed to; {@code approvedAt} is its {@code decidedAt}. */
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
