package com.example.whatsapp.optin.events;

import com.example.whatsapp.optin.consent.RevocationTier;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * The contract's ConsentReview, on the consent-reviews topic (key: contact key): a message the
 * revocation detector flagged, waiting for a person ({@code OPEN}), and each decision on it, as the
 * review with its new status.
 *
 * @param occurredAt the message's time
 * @param createdAt  when the review was opened
 * @param decidedAt  when a person decided it; absent while OPEN
 * @param note       what the person noted with the decision; absent when none
 */
@JsonPropertyOrder({"reviewId", "businessId", "contactId", "messageId", "text", "occurredAt", "tier", "rule", "status",
        "createdAt", "decidedAt", "note"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentReview(
        String reviewId,
        String businessId,
        String contactId,
        String messageId,
        String text,
        String occurredAt,
        RevocationTier tier,
        String rule,
        Status status,
        String createdAt,
        String decidedAt,
        String note) {

    public enum Status {
        OPEN, OPTED_OUT, DISMISSED
    }

    public ConsentReview {
        Objects.requireNonNull(reviewId, "reviewId");
        Objects.requireNonNull(businessId, "businessId");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(status, "status");
    }

    public boolean open() {
        return status == Status.OPEN;
    }

    /** This review decided: its new status, when and with what note. */
    public ConsentReview decided(Status decision, String decidedAt, String note) {
        return new ConsentReview(reviewId, businessId, contactId, messageId, text, occurredAt, tier, rule, decision,
                createdAt, decidedAt, note);
    }
}
