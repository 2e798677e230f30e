package com.example.whatsapp.optin.inbound;

import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.consent.ContactIds;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inbound parser as it was before it streamed: reads the value as a Jackson tree, then applies
 * the rules. Kept, unchanged, as the oracle that {@link InboundParser} must agree with on every value.
 */
public final class TreeInboundParser {

    /** Epoch seconds of 9999-12-31T23:59:59Z: beyond it no ISO-8601 timestamp has four digits. */
    static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;

    /** A reader with its tree deserializer found once, not looked up again for every record. */
    private final ObjectReader reader;

    public TreeInboundParser(ObjectMapper mapper) {
        this.reader = mapper.readerFor(JsonNode.class);
    }

    public InboundBatch parse(byte[] value) {
        if (value == null) {
            throw new UnreadableInboundException("the value is null");
        }
        JsonNode root;
        try {
            root = reader.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UnreadableInboundException("the value is not valid JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new UnreadableInboundException("the value cannot be read: " + e.getClass().getSimpleName());
        }
        if (root == null || root.isMissingNode()) {
            throw new UnreadableInboundException("the value is empty");
        }
        if (!root.isObject()) {
            throw new UnreadableInboundException("the value is not a JSON object");
        }
        if (root.has("entry") || root.has("object")) {
            return parseEnvelope(root);
        }
        return new InboundBatch(List.of(parseMessage(root, null)), List.of());
    }

    private InboundBatch parseEnvelope(JsonNode root) {
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            throw new UnreadableInboundException("envelope: entry must be an array");
        }
        List<InboundMessage> messages = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<InboundBatch.MarketingPreference> preferences = new ArrayList<>();
        List<InboundBatch.PlatformStatus> statuses = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            JsonNode entry = entries.get(e);
            if (!entry.isObject()) {
                throw new UnreadableInboundException("envelope: entry[" + e + "] must be an object");
            }
            JsonNode changes = entry.get("changes");
            if (changes == null || !changes.isArray()) {
                throw new UnreadableInboundException("envelope: entry[" + e + "].changes must be an array");
            }
            for (int c = 0; c < changes.size(); c++) {
                String path = "entry[" + e + "].changes[" + c + "]";
                JsonNode change = changes.get(c);
                if (!change.isObject()) {
                    throw new UnreadableInboundException("envelope: " + path + " must be an object");
                }
                JsonNode field = change.get("field");
                if (field != null && !field.isNull() && !field.isTextual()) {
                    throw new UnreadableInboundException("envelope: " + path + ".field must be a string");
                }
                if (field != null && "user_preferences".equals(field.textValue())) {
                    collectPreferences(change.get("value"), path + ".value", preferences, skipped);
                }
                if (field == null || !"messages".equals(field.textValue())) {
                    continue;
                }
                collectMessages(change.get("value"), path + ".value", messages, skipped);
                collectStatuses(change.get("value"), path + ".value", statuses, skipped);
            }
        }
        return new InboundBatch(messages, skipped, preferences, statuses);
    }

    private void collectMessages(JsonNode value, String path, List<InboundMessage> out, List<String> skipped) {
        JsonNode list = items(value, path, "messages");
        if (list == null) {
            return;
        }
        String businessId = businessId(value, path);
        for (int m = 0; m < list.size(); m++) {
            try {
                out.add(parseMessage(list.get(m), businessId));
            } catch (UnreadableInboundException bad) {
                skipped.add(path + ".messages[" + m + "]: " + bad.getMessage());
            }
        }
    }

    /**
     * Statuses: every readable one; a failed one with error 131050 must name its message and a
     * valid recipient. Error items that are no object, and codes that are no whole number, count as no code.
     */
    private void collectStatuses(JsonNode value, String path, List<InboundBatch.PlatformStatus> out, List<String> skipped) {
        JsonNode list = items(value, path, "statuses");
        if (list == null) {
            return;
        }
        String businessId = businessId(value, path);
        for (int s = 0; s < list.size(); s++) {
            JsonNode item = list.get(s);
            try {
                if (!item.isObject()) {
                    throw new UnreadableInboundException("the status is not a JSON object");
                }
                String id = optionalText(item, "id");
                String status = optionalText(item, "status");
                Long timestamp = timestamp(item.get("timestamp"));
                String recipientId = optionalText(item, "recipient_id");
                JsonNode errors = item.get("errors");
                List<Long> codes = new ArrayList<>();
                if (errors != null && !errors.isNull()) {
                    if (!errors.isArray()) {
                        throw new UnreadableInboundException("errors must be an array");
                    }
                    for (JsonNode error : errors) {
                        JsonNode code = error.isObject() ? error.get("code") : null;
                        if (code != null && code.isIntegralNumber() && code.canConvertToLong()) {
                            codes.add(code.longValue());
                        }
                    }
                }
                Optional<String> contactId = ContactIds.normalizeContactId(recipientId);
                boolean stopsMarketing = "failed".equals(status) && codes.contains(131050L);
                if (stopsMarketing && (id == null || id.isBlank())) {
                    throw new UnreadableInboundException("id is missing or blank");
                }
                if (stopsMarketing && contactId.isEmpty()) {
                    throw new UnreadableInboundException("recipient_id is missing or not a WhatsApp id (5 to 20 digits)");
                }
                out.add(new InboundBatch.PlatformStatus(businessId, contactId.orElse(null), id, status, timestamp, codes));
            } catch (UnreadableInboundException bad) {
                skipped.add(path + ".statuses[" + s + "]: " + bad.getMessage());
            }
        }
    }

    /** The non-empty array {@code field} of a change's value, or null when it has none. */
    private static JsonNode items(JsonNode value, String path, String field) {
        if (value == null || !value.isObject()) {
            throw new UnreadableInboundException("envelope: " + path + " must be an object");
        }
        JsonNode list = value.get(field);
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            throw new UnreadableInboundException("envelope: " + path + "." + field + " must be an array");
        }
        return list.isEmpty() ? null : list;
    }

    /** The businessId of a change: its value's {@code metadata.phone_number_id}. */
    private static String businessId(JsonNode value, String path) {
        JsonNode metadata = value.get("metadata");
        JsonNode phoneNumberId = metadata == null || !metadata.isObject() ? null : metadata.get("phone_number_id");
        if (phoneNumberId == null || !phoneNumberId.isTextual() || !ContactIds.isValidBusinessId(phoneNumberId.textValue())) {
            throw new UnreadableInboundException("envelope: " + path + ".metadata.phone_number_id is missing or not a valid businessId");
        }
        return phoneNumberId.textValue();
    }

    /**
     * Meta's marketing preferences: items of category {@code marketing_messages} with value
     * {@code stop} or {@code resume}; other categories and values are ignored, an unreadable item
     * is skipped like an unreadable message.
     */
    private void collectPreferences(JsonNode value, String path, List<InboundBatch.MarketingPreference> out,
                                    List<String> skipped) {
        JsonNode list = items(value, path, "user_preferences");
        if (list == null) {
            return;
        }
        String businessId = businessId(value, path);
        for (int p = 0; p < list.size(); p++) {
            JsonNode item = list.get(p);
            try {
                if (!item.isObject()) {
                    throw new UnreadableInboundException("the preference is not a JSON object");
                }
                String category = optionalText(item, "category");
                String choice = optionalText(item, "value");
                String waId = optionalText(item, "wa_id");
                Long timestamp = timestamp(item.get("timestamp"));
                if (!"marketing_messages".equals(category) || !("stop".equals(choice) || "resume".equals(choice))) {
                    continue;
                }
                Optional<String> contactId = ContactIds.normalizeContactId(waId);
                if (contactId.isEmpty()) {
                    throw new UnreadableInboundException("wa_id is missing or not a WhatsApp id (5 to 20 digits)");
                }
                out.add(new InboundBatch.MarketingPreference(businessId, contactId.get(), choice, timestamp));
            } catch (UnreadableInboundException bad) {
                skipped.add(path + ".user_preferences[" + p + "]: " + bad.getMessage());
            }
        }
    }

    /**
     * Reads every field first (wrong JSON types are reported before missing values, whatever the
     * order of the fields), then applies the contract's rules.
     *
     * @param envelopeBusinessId the envelope's phone_number_id, or null for a flat message
     */
    private InboundMessage parseMessage(JsonNode node, String envelopeBusinessId) {
        if (!node.isObject()) {
            throw new UnreadableInboundException("the message is not a JSON object");
        }
        String businessId = envelopeBusinessId != null ? envelopeBusinessId : optionalText(node, "businessId");
        String from = optionalText(node, "from");
        String id = optionalText(node, "id");
        Long timestamp = timestamp(node.get("timestamp"));
        String type = optionalText(node, "type");
        String body = optionalText(optionalObject(node, "text"), "body");
        JsonNode button = optionalObject(node, "button");
        String payload = optionalText(button, "payload");
        String buttonText = optionalText(button, "text");
        List<String> replyCandidates = replyCandidates(optionalObject(node, "interactive"));

        if (businessId == null) {
            throw new UnreadableInboundException("businessId is missing");
        }
        if (!ContactIds.isValidBusinessId(businessId)) {
            throw new UnreadableInboundException("businessId is not valid (" + ContactIds.BUSINESS_ID_RULE + ")");
        }
        if (from == null) {
            throw new UnreadableInboundException("from is missing");
        }
        Optional<String> contactId = ContactIds.normalizeContactId(from);
        if (contactId.isEmpty()) {
            throw new UnreadableInboundException("from is not a WhatsApp id (5 to 20 digits)");
        }
        if (id == null || id.isBlank()) {
            throw new UnreadableInboundException("id is missing or blank");
        }
        List<String> candidates = List.of();
        Trigger trigger = null;
        if ("text".equals(type)) {
            candidates = body == null ? List.of() : List.of(body);
            trigger = Trigger.KEYWORD;
        } else if ("button".equals(type)) {
            candidates = new ArrayList<>(2);
            addIfPresent(candidates, payload);
            addIfPresent(candidates, buttonText);
            trigger = Trigger.BUTTON;
        } else if ("interactive".equals(type)) {
            candidates = replyCandidates;
            trigger = Trigger.BUTTON;
        }
        return new InboundMessage(businessId, contactId.get(), id, timestamp, candidates, trigger);
    }

    private static List<String> replyCandidates(JsonNode interactive) {
        optionalText(interactive, "type");
        List<String> candidates = new ArrayList<>(4);
        for (JsonNode reply : new JsonNode[] {optionalObject(interactive, "button_reply"), optionalObject(interactive, "list_reply")}) {
            addIfPresent(candidates, optionalText(reply, "id"));
            addIfPresent(candidates, optionalText(reply, "title"));
        }
        return candidates;
    }

    private static Long timestamp(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        long seconds;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            seconds = node.longValue();
        } else if (node.isTextual() && isDigits(node.textValue())) {
            seconds = Long.parseLong(node.textValue());
        } else {
            throw new UnreadableInboundException("timestamp must be epoch seconds, as a string of digits or a whole number");
        }
        if (seconds < 0 || seconds > MAX_TIMESTAMP_SECONDS) {
            throw new UnreadableInboundException("timestamp is out of range");
        }
        return seconds;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 12) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }

    private static String optionalText(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new UnreadableInboundException(field + " must be a string");
        }
        return node.textValue();
    }

    private static JsonNode optionalObject(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new UnreadableInboundException(field + " must be an object");
        }
        return node;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
