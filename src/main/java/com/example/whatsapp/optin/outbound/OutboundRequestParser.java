package com.example.whatsapp.optin.outbound;

import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.ContactIds;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads an OutboundRequest. The {@code message} object is kept as the exact text it was written
 * with (the gate passes it on unchanged), so the value is read as tokens: the object's bytes are
 * those between its opening and closing brace. Unreadable input throws
 * {@link UnreadableOutboundRequestException}.
 */
public final class OutboundRequestParser {

    public static final int MAX_REQUEST_ID_LENGTH = 128;
    public static final int MAX_CAMPAIGN_ID_LENGTH = 128;

    private final ObjectMapper mapper;

    public OutboundRequestParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public OutboundRequest parse(byte[] value) {
        if (value == null) {
            throw new UnreadableOutboundRequestException("the value is null");
        }
        String requestId = null;
        String businessId = null;
        String category = null;
        boolean message = false;
        String to = null;
        String messageText = null;
        String campaignId = null;
        boolean hasCampaignId = false;
        String[] template = null;
        try (JsonParser parser = mapper.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableOutboundRequestException("the value is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "requestId" -> requestId = text(parser, token, field);
                    case "businessId" -> businessId = text(parser, token, field);
                    case "category" -> category = text(parser, token, field);
                    case "campaignId" -> {
                        campaignId = text(parser, token, field);
                        hasCampaignId = campaignId != null;
                    }
                    case "message" -> {
                        if (token != JsonToken.START_OBJECT) {
                            throw new UnreadableOutboundRequestException("message must be an object");
                        }
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        template = new String[2];
                        to = to(parser, template);
                        message = true;
                        int end = (int) parser.currentLocation().getByteOffset();
                        messageText = new String(value, start, end - start, StandardCharsets.UTF_8);
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new UnreadableOutboundRequestException("the value has trailing content");
            }
        } catch (JsonProcessingException e) {
            throw new UnreadableOutboundRequestException("the value is not valid JSON"
                    + (e.getLocation() == null ? "" : " (at character " + e.getLocation().getCharOffset() + ")"));
        } catch (IOException e) {
            throw new UnreadableOutboundRequestException("the value cannot be read: " + e.getClass().getSimpleName());
        }
        if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID_LENGTH) {
            throw new UnreadableOutboundRequestException("requestId must be 1 to " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        if (!ContactIds.isValidBusinessId(businessId)) {
            throw new UnreadableOutboundRequestException("businessId must be " + ContactIds.BUSINESS_ID_RULE);
        }
        if (hasCampaignId && (campaignId.isEmpty() || campaignId.length() > MAX_CAMPAIGN_ID_LENGTH)) {
            throw new UnreadableOutboundRequestException("campaignId must be 1 to " + MAX_CAMPAIGN_ID_LENGTH + " characters");
        }
        MessageCategory messageCategory = MessageCategory.named(category).orElseThrow(() ->
                new UnreadableOutboundRequestException("category must be one of MARKETING, UTILITY, AUTHENTICATION, SERVICE"));
        if (!message) {
            throw new UnreadableOutboundRequestException("message is missing");
        }
        String contactId = to != null ? ContactIds.normalizeContactId(to).orElse(null) : null;
        if (contactId == null) {
            throw new UnreadableOutboundRequestException("message.to must be a WhatsApp id (5 to 20 digits; +, spaces and dashes allowed)");
        }
        String templateName = template[1] == null || "template".equals(template[0]) ? template[1] : null;
        return new OutboundRequest(requestId, businessId, contactId, messageCategory, messageText, value, campaignId,
                templateName);
    }

    /**
     * Reads the message object through its closing brace (token by token: no tree is built for a
     * value passed on as written) and returns its {@code to} when that is a string. As in a tree,
     * the last of repeated {@code to} fields counts. Puts the message's {@code type} and
     * {@code template.name}, when they are strings, in {@code template}.
     */
    private static String to(JsonParser parser, String[] template) throws IOException {
        String to = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "to" -> to = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "type" -> template[0] = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "template" -> {
                    template[1] = null;
                    if (token == JsonToken.START_OBJECT) {
                        template[1] = templateName(parser);
                        continue;
                    }
                }
                default -> { }
            }
            parser.skipChildren();
        }
        return to;
    }

    /** Reads a template object through its closing brace; its {@code name} when that is a non-empty string. */
    private static String templateName(JsonParser parser) throws IOException {
        String name = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean isName = "name".equals(parser.currentName());
            JsonToken token = parser.nextToken();
            if (isName) {
                name = token == JsonToken.VALUE_STRING && !parser.getText().isEmpty() ? parser.getText() : null;
            }
            parser.skipChildren();
        }
        return name;
    }

    /** A string field; null (the JSON literal) counts as missing. */
    private static String text(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new UnreadableOutboundRequestException(field + " must be a string");
        }
        return parser.getText();
    }
}
