package com.example.whatsapp.optin.inbound;

import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.consent.ContactIds;

import java.util.List;

/**
 * One readable inbound WhatsApp message, reduced to what consent needs.
 *
 * @param timestampSeconds the message's own timestamp, or null when it carried none
 * @param candidates       the texts to match, in the contract's order (empty for other types)
 * @param trigger          how a match would be reported, null for types that never match
 */
public record InboundMessage(
        String businessId,
        String contactId,
        String messageId,
        Long timestampSeconds,
        List<String> candidates,
        Trigger trigger) {

    public InboundMessage {
        candidates = List.copyOf(candidates);
    }

    public String contactKey() {
        return ContactIds.contactKey(businessId, contactId);
    }

    /** The message time in milliseconds, falling back to the Kafka record's timestamp. */
    public long occurredAtMillis(long recordTimestampMillis) {
        return timestampSeconds == null ? recordTimestampMillis : timestampSeconds * 1000L;
    }
}
