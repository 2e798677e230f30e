package com.example.whatsapp.optin.consent;

import com.example.whatsapp.optin.contact.ContactIds;

import java.util.Objects;

/**
 * A message that matched a keyword: everything the decision and its outputs need, so that it can
 * travel to the contact's partition on its own.
 *
 * @param occurredAtMillis the message timestamp (or the record's, when the message had none)
 * @param replyText        the confirmation to send if the status changes, or null when that
 *                         direction's response is off
 */
public record ConsentRequest(
        String businessId,
        String contactId,
        String messageId,
        long occurredAtMillis,
        Direction direction,
        Trigger trigger,
        String keyword,
        String replyText) {

    public ConsentRequest {
        Objects.requireNonNull(businessId, "businessId");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(keyword, "keyword");
    }

    public String contactKey() {
        return ContactIds.contactKey(businessId, contactId);
    }
}
