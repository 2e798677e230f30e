package com.example.whatsapp.optin.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The contract's ReplyCommand: a ready-to-send Cloud API text (or template) message for the downstream sender. */
@JsonPropertyOrder({"commandId", "businessId", "purpose", "consentEventId", "expiresAt", "message"})
public record ReplyCommand(
        String commandId,
        String businessId,
        Purpose purpose,
        String consentEventId,
        String expiresAt,
        Message message) {

    public enum Purpose {
        OPT_OUT_CONFIRMATION, OPT_IN_CONFIRMATION, MARKETING_OPT_OUT_CONFIRMATION, HELP
    }

    /** A text message (with the {@code context} of the message it answers) or a template message (without). */
    @JsonPropertyOrder({"messaging_product", "recipient_type", "to", "type", "text", "template", "context"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(
            @JsonProperty("messaging_product") String messagingProduct,
            @JsonProperty("recipient_type") String recipientType,
            String to,
            String type,
            Text text,
            Template template,
            Context context) {

        public Message(String messagingProduct, String recipientType, String to, String type, Text text, Context context) {
            this(messagingProduct, recipientType, to, type, text, null, context);
        }
    }

    public record Template(String name, Language language) {
    }

    public record Language(String code) {
    }

    public record Text(String body) {
    }

    public record Context(@JsonProperty("message_id") String messageId) {
    }
}
