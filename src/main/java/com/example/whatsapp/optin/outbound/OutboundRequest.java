package com.example.whatsapp.optin.outbound;

import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.ContactIds;

/**
 * The contract's OutboundRequest, as read: a message a business intends to send, to pass the gate.
 *
 * @param contactId the message's {@code to}, normalized
 * @param message   the request's {@code message} object exactly as it was written (its JSON text)
 * @param value     the whole record value as it was written: what a re-keyed request carries on
 * @param campaignId   the request's {@code campaignId}, or null
 * @param templateName the message's {@code template.name} when the message is a template, or null
 */
public record OutboundRequest(String requestId, String businessId, String contactId, MessageCategory category,
                              String message, byte[] value, String campaignId, String templateName) {

    public OutboundRequest(String requestId, String businessId, String contactId, MessageCategory category,
                           String message, byte[] value) {
        this(requestId, businessId, contactId, category, message, value, null, null);
    }

    public String contactKey() {
        return ContactIds.contactKey(businessId, contactId);
    }
}
