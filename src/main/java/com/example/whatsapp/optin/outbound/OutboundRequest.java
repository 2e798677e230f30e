package com.example.whatsapp.optin.outbound;

import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.ContactIds;

/**
 * The contract's OutboundRequest, as read: a message a business intends to send, to pass the gate.
 *
 * @param contactId the message's {@code to}, normalized
 * @param message   the request's {@code message} object exactly as it was written (its JSON text)
 * @param value     the whole record value as it was written: what a re-keyed request carries on
 */
public record OutboundRequest(String requestId, String businessId, String contactId, MessageCategory category,
                              String message, byte[] value) {

    public String contactKey() {
        return ContactIds.contactKey(businessId, contactId);
    }
}
