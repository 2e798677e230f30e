package com.example.whatsapp.optin.wire;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.Trigger;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The contract's ConsentEvent, written to the consent-events topic. */
@JsonPropertyOrder({"eventId", "businessId", "contactId", "status", "previousStatus", "trigger", "keyword",
        "sourceMessageId", "occurredAt", "processedAt"})
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
        String processedAt) {
}
