package com.example.whatsapp.optin.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The contract's ReplyCommand: a ready-to-send Cloud API text message for the downstream sender. */
@JsonPropertyOrder({"commandId", "businessId", "purpose", "consentEventId", "expiresAt", "message"})
public record ReplyCommand(
        String commandId,
        String businessId,
        Purpose purpose,
        String consentEventId,
        String expiresAt,
        Message message) {

    public enum Purpose {
        OPT_OUT_CONFIRMATION, OPT_IN_CONFIRMATION
    }

    @JsonPropertyOrder({"messaging_product", "recipient_type", "to", "type", "text", "context"})
    public record Message(
            @JsonProperty("messaging_product") String messagingProduct,
            @JsonProperty("recipient_type") String recipientType,
            String to,
            String type,
            Text text,
            Context context) {
    }

    public record Text(String body) {
    }

    public record Context(@JsonProperty("message_id") String messageId) {
    }
}
