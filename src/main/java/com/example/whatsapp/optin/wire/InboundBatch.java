package com.example.whatsapp.optin.wire;

import java.util.List;

/**
 * What one inbound record holds: one message, or every readable message of a webhook envelope.
 *
 * @param skipped messages of an envelope that could not be read, with why (no contact data)
 */
public record InboundBatch(List<InboundMessage> messages, List<String> skipped) {

    public InboundBatch {
        messages = List.copyOf(messages);
        skipped = List.copyOf(skipped);
    }
}
