package com.example.whatsapp.optin.outbound;

import com.example.whatsapp.optin.kafka.Timestamps;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.OutboundGate;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * The contract's OutboundDecision, written to the approved or the suppressed topic.
 *
 * @param reason  null when approved
 * @param message the request's message object, written exactly as the request had it
 * @param campaignId the request's {@code campaignId}; absent when it has none, so decisions without one keep their shape
 */
@JsonPropertyOrder({"requestId", "businessId", "contactId", "category", "decision", "reason", "status",
        "marketingStatus", "decidedAt", "message", "campaignId"})
public record OutboundDecision(
        String requestId,
        String businessId,
        String contactId,
        MessageCategory category,
        OutboundGate.Verdict decision,
        OutboundGate.Reason reason,
        ConsentStatus status,
        ConsentStatus marketingStatus,
        String decidedAt,
        @JsonRawValue String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) String campaignId) {

    public OutboundDecision(String requestId, String businessId, String contactId, MessageCategory category,
                            OutboundGate.Verdict decision, OutboundGate.Reason reason, ConsentStatus status,
                            ConsentStatus marketingStatus, String decidedAt, String message) {
        this(requestId, businessId, contactId, category, decision, reason, status, marketingStatus, decidedAt, message, null);
    }

    /** @param consent the contact's consent the decision was made against; null when never decided */
    public static OutboundDecision of(OutboundRequest request, ContactConsent consent, OutboundGate.Ruling decision,
                                      long decidedAtMillis) {
        ContactConsent c = consent == null ? ContactConsent.UNKNOWN : consent;
        return new OutboundDecision(request.requestId(), request.businessId(), request.contactId(), request.category(),
                decision.verdict(), decision.reason(), c.status(), c.marketingStatus(),
                Timestamps.format(decidedAtMillis), request.message(), request.campaignId());
    }
}
