package com.example.whatsapp.optin.events;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.Revocation;
import com.example.whatsapp.optin.consent.Trigger;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The contract's ConsentEvent, written to the consent-events topic.
 *
 * @param scope          v2: ALL (every v1 event) or MARKETING
 * @param sourceRecordId v2: the consent record's id, or null
 * @param proof          v2: the consent record's proof object as received, or null
 * @param detection      v3: {@code {"tier","rule"}} of a {@code REVOCATION}; absent from every other event, so
 *                       that the events a v2 consumer reads carry no field it does not know
 */
@JsonPropertyOrder({"eventId", "businessId", "contactId", "status", "previousStatus", "trigger", "keyword",
        "sourceMessageId", "occurredAt", "processedAt", "scope", "sourceRecordId", "proof", "detection"})
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Revocation detection) {

    public ConsentEvent(String eventId, String businessId, String contactId, ConsentStatus status,
                        ConsentStatus previousStatus, Trigger trigger, String keyword, String sourceMessageId,
                        String occurredAt, String processedAt, Scope scope, String sourceRecordId, JsonNode proof) {
        this(eventId, businessId, contactId, status, previousStatus, trigger, keyword, sourceMessageId, occurredAt,
                processedAt, scope, sourceRecordId, proof, null);
    }
}
