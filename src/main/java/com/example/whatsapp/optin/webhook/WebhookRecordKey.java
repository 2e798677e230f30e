package com.example.whatsapp.optin.webhook;

import com.example.whatsapp.optin.inbound.InboundBatch;
import com.example.whatsapp.optin.inbound.InboundMessage;
import com.example.whatsapp.optin.inbound.InboundParser;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.inbound.UnreadableInboundException;

/**
 * The record key of a signed webhook body: the contact key when every message in it belongs to
 * one contact (the common webhook: one message), so that the topology takes the record as it is,
 * with no repartition; null otherwise (several contacts, no message, unreadable), and the
 * topology re-keys each message itself. Read, after the signature check, with the topology's own
 * parser, so the key is exactly the one it compares.
 */
public final class WebhookRecordKey {

    private static final InboundParser PARSER = new InboundParser(Json.mapper());

    private WebhookRecordKey() {
    }

    public static String of(byte[] body) {
        InboundBatch batch;
        try {
            batch = PARSER.parse(body);
        } catch (UnreadableInboundException unreadable) {
            return null;
        }
        String key = null;
        for (InboundMessage message : batch.messages()) {
            if (key == null) {
                key = message.contactKey();
            } else if (!key.equals(message.contactKey())) {
                return null;
            }
        }
        return key;
    }
}
