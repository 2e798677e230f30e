package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.Revocation;
import com.example.whatsapp.optin.consent.Trigger;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A {@link ConsentRequest} as the value of the repartition topic
 * {@code <application.id>-consent-requests-by-contact-repartition}: its own type, so that the
 * domain record can change without changing what is on the topic.
 *
 * <p>Versions of {@code v}: absent (read as 0), the Jackson form of {@code ConsentRequest} written
 * before this type existed, with the same fields; 1, a keyword message; 2, also consent records
 * and marketing preferences ({@code source}, {@code sourceId}, {@code proof}, {@code template}); 3,
 * also a message the revocation detector flagged ({@code revocation}, and {@code reviewText} when it
 * goes to review), and the sources {@code MARKETING_MESSAGE}, {@code PLATFORM} and {@code HELP}
 * (whose {@code direction} is absent). Keyword messages are still written as version 1 and records
 * and preferences as version 2, so that instances of the previous version read them during a
 * rolling upgrade. A new
 * version must keep reading the older ones.
 */
@JsonPropertyOrder({"v", "businessId", "contactId", "messageId", "occurredAtMillis", "direction", "trigger", "keyword", "replyText",
        "source", "sourceId", "proof", "template", "revocation", "reviewText"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentRequestFormat(
        int v,
        String businessId,
        String contactId,
        String messageId,
        long occurredAtMillis,
        Direction direction,
        Trigger trigger,
        String keyword,
        String replyText,
        ConsentRequest.Source source,
        String sourceId,
        String proof,
        ConsentRequest.ReplyTemplate template,
        Revocation revocation,
        String reviewText) {

    public static final int VERSION = 3;
    static final int MESSAGES_VERSION = 1;
    static final int RECORDS_VERSION = 2;

    public static ConsentRequestFormat of(ConsentRequest request) {
        if (request.revocation() != null) {
            return new ConsentRequestFormat(VERSION, request.businessId(), request.contactId(), null, request.occurredAtMillis(),
                    request.direction(), request.trigger(), request.keyword(), request.replyText(), request.source(),
                    request.sourceId(), request.proof(), request.template(), request.revocation(), request.reviewText());
        }
        if (request.source() == ConsentRequest.Source.MESSAGE) {
            return new ConsentRequestFormat(MESSAGES_VERSION, request.businessId(), request.contactId(), request.messageId(),
                    request.occurredAtMillis(), request.direction(), request.trigger(), request.keyword(), request.replyText(),
                    null, null, null, null, null, null);
        }
        int version = switch (request.source()) {
            case RECORD, PREFERENCE -> RECORDS_VERSION;
            default -> VERSION;
        };
        return new ConsentRequestFormat(version, request.businessId(), request.contactId(), null, request.occurredAtMillis(),
                request.direction(), request.trigger(), request.keyword(), request.replyText(), request.source(),
                request.sourceId(), request.proof(), request.template(), null, null);
    }

    public ConsentRequest toRequest() {
        if (v < RECORDS_VERSION || source == null) {
            return new ConsentRequest(businessId, contactId, messageId, occurredAtMillis, direction, trigger, keyword, replyText);
        }
        return new ConsentRequest(businessId, contactId, source, sourceId, occurredAtMillis, direction, trigger, keyword,
                replyText, proof, template, v < VERSION ? null : revocation, v < VERSION ? null : reviewText);
    }
}
