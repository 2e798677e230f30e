package com.example.whatsapp.optin.wire;

import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.Trigger;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A {@link ConsentRequest} as the value of the repartition topic
 * {@code <application.id>-consent-requests-by-contact-repartition}: its own type, so that the
 * domain record can change without changing what is on the topic.
 *
 * <p>Versions of {@code v}: absent (read as 0), the Jackson form of {@code ConsentRequest} written
 * before this type existed, with the same fields; 1, this one. During a rolling upgrade old and
 * new instances read each other's records from the topic, so a new version must keep reading the
 * older ones.
 */
@JsonPropertyOrder({"v", "businessId", "contactId", "messageId", "occurredAtMillis", "direction", "trigger", "keyword", "replyText"})
public record ConsentRequestRecord(
        int v,
        String businessId,
        String contactId,
        String messageId,
        long occurredAtMillis,
        Direction direction,
        Trigger trigger,
        String keyword,
        String replyText) {

    public static final int VERSION = 1;

    public static ConsentRequestRecord of(ConsentRequest request) {
        return new ConsentRequestRecord(VERSION, request.businessId(), request.contactId(), request.messageId(),
                request.occurredAtMillis(), request.direction(), request.trigger(), request.keyword(), request.replyText());
    }

    public ConsentRequest toRequest() {
        return new ConsentRequest(businessId, contactId, messageId, occurredAtMillis, direction, trigger, keyword, replyText);
    }
}
