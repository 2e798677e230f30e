package com.example.whatsapp.optin.inbound;

import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.consent.ContactIds;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads an inbound record's value: a flat InboundMessage (with businessId) or a whole Cloud API
 * webhook envelope. Unreadable input throws {@link UnreadableInboundException}; inside a readable
 * envelope an unreadable message is skipped and reported in the batch.
 *
 * <p>One streaming pass over the value's tokens keeps the fields that matter, with the type
 * problems found in them; the rules are applied once the whole value has been read. So, as with a
 * JSON tree, a syntax error anywhere wins over every other problem and a repeated key replaces
 * the earlier value, and the rules see the fields in their own order, whatever the document's.
 */
public final class InboundParser {

    /** Epoch seconds of 9999-12-31T23:59:59Z: beyond it no ISO-8601 timestamp has four digits. */
    public static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;

    private static final String TIMESTAMP_TYPE = "timestamp must be epoch seconds, as a string of digits or a whole number";
    private static final String TIMESTAMP_RANGE = "timestamp is out of range";

    private final JsonFactory factory;
    private final boolean failOnTrailingTokens;

    public InboundParser(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
        this.failOnTrailingTokens = mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public InboundBatch parse(byte[] value) {
        if (value == null) {
            throw new UnreadableInboundException("the value is null");
        }
        Root root;
        try (JsonParser p = factory.createParser(value)) {
            root = readRoot(p);
        } catch (JsonProcessingException e) {
            throw notJson(e.getLocation());
        } catch (IOException e) {
            throw new UnreadableInboundException("the value cannot be read: " + e.getClass().getSimpleName());
        }
        return root.batch();
    }

    /** The root object as read: a flat message's fields, and whether it is an envelope (with its entries). */
    private record Root(MessageFields flat, boolean envelope, List<Entry> entries) {

        InboundBatch batch() {
            return envelope ? readEnvelope(entries) : new InboundBatch(List.of(flat.toMessage(null)), List.of());
        }
    }

    private Root readRoot(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new UnreadableInboundException("the value is empty");
        }
        if (t != JsonToken.START_OBJECT) {
            skip(p, t);
            expectEnd(p);
            throw new UnreadableInboundException("the value is not a JSON object");
        }
        MessageFields flat = new MessageFields();
        boolean envelope = false;
        List<Entry> entries = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "entry" -> {
                    envelope = true;
                    entries = readArray(p, v, InboundParser::readEntry);
                }
                case "object" -> {
                    envelope = true;
                    skip(p, v);
                }
                default -> flat.read(name, p, v);
            }
        }
        expectEnd(p);
        return new Root(flat, envelope, entries);
    }

    private void expectEnd(JsonParser p) throws IOException {
        if (failOnTrailingTokens && p.nextToken() != null) {
            throw notJson(p.currentTokenLocation());
        }
    }

    private static UnreadableInboundException notJson(JsonLocation location) {
        String where = location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return new UnreadableInboundException("the value is not valid JSON" + where);
    }

    // The envelope, as read: null stands for "not an array" (entries, changes) or "not an object" (a change's value).

    private record Entry(boolean object, List<Change> changes) {
    }

    private record Change(boolean object, String field, boolean fieldNotText, Value value) {
    }

    /** A change's value: its lists are null when absent or null, and flagged when not arrays. */
    private record Value(List<MessageFields> messages, boolean messagesNotArray,
                         List<PreferenceFields> preferences, boolean preferencesNotArray,
                         List<StatusFields> statuses, boolean statusesNotArray, String phoneNumberId) {
    }

    /** Reads one item of an array, given its first token. */
    private interface ItemReader<T> {
        T read(JsonParser p, JsonToken first) throws IOException;
    }

    /** The items of an array, or null (the value skipped) when it is not an array. */
    private static <T> List<T> readArray(JsonParser p, JsonToken t, ItemReader<T> reader) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            skip(p, t);
            return null;
        }
        List<T> items = new ArrayList<>(1);
        for (JsonToken item = p.nextToken(); item != null && item != JsonToken.END_ARRAY; item = p.nextToken()) {
            items.add(reader.read(p, item));
        }
        return items;
    }

    private static Entry readEntry(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            skip(p, t);
            return new Entry(false, null);
        }
        List<Change> changes = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (name.equals("changes")) {
                changes = readArray(p, v, InboundParser::readChange);
            } else {
                skip(p, v);
            }
        }
        return new Entry(true, changes);
    }

    private static Change readChange(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            skip(p, t);
            return new Change(false, null, false, null);
        }
        String field = null;
        boolean fieldNotText = false;
        Value value = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "field" -> {
                    field = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    fieldNotText = v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL;
                    skip(p, v);
                }
                case "value" -> value = readValue(p, v);
                default -> skip(p, v);
            }
        }
        return new Change(true, field, fieldNotText, value);
    }

    private static Value readValue(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            skip(p, t);
            return null;
        }
        List<MessageFields> messages = null;
        List<PreferenceFields> preferences = null;
        List<StatusFields> statuses = null;
        boolean messagesNotArray = false;
        boolean preferencesNotArray = false;
        boolean statusesNotArray = false;
        String phoneNumberId = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "messages" -> {
                    messagesNotArray = v != JsonToken.START_ARRAY && v != JsonToken.VALUE_NULL;
                    messages = readArray(p, v, (q, item) -> readFields(q, item, new MessageFields()));
                }
                case "user_preferences" -> {
                    preferencesNotArray = v != JsonToken.START_ARRAY && v != JsonToken.VALUE_NULL;
                    preferences = readArray(p, v, (q, item) -> readFields(q, item, new PreferenceFields()));
                }
                case "statuses" -> {
                    statusesNotArray = v != JsonToken.START_ARRAY && v != JsonToken.VALUE_NULL;
                    statuses = readArray(p, v, (q, item) -> readFields(q, item, new StatusFields()));
                }
                case "metadata" -> phoneNumberId = readPhoneNumberId(p, v);
                default -> skip(p, v);
            }
        }
        return new Value(messages, messagesNotArray, preferences, preferencesNotArray, statuses, statusesNotArray,
                phoneNumberId);
    }

    /** metadata.phone_number_id when it is a string, else null. */
    private static String readPhoneNumberId(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            skip(p, t);
            return null;
        }
        String phoneNumberId = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (name.equals("phone_number_id")) {
                phoneNumberId = v == JsonToken.VALUE_STRING ? p.getText() : null;
            }
            skip(p, v);
        }
        return phoneNumberId;
    }

    /** An array item read into new fields; an item that is no object is flagged so. */
    private static <F extends Fields> F readFields(JsonParser p, JsonToken item, F fields) throws IOException {
        if (item == JsonToken.START_OBJECT) {
            fields.readObject(p);
        } else {
            fields.notObject = true;
            skip(p, item);
        }
        return fields;
    }


    private static InboundBatch readEnvelope(List<Entry> entries) {
        if (entries == null) {
            throw new UnreadableInboundException("envelope: entry must be an array");
        }
        List<InboundMessage> messages = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<InboundBatch.MarketingPreference> preferences = new ArrayList<>();
        List<InboundBatch.PlatformStatus> statuses = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            Entry entry = entries.get(e);
            if (!entry.object()) {
                throw new UnreadableInboundException("envelope: entry[" + e + "] must be an object");
            }
            if (entry.changes() == null) {
                throw new UnreadableInboundException("envelope: entry[" + e + "].changes must be an array");
            }
            for (int c = 0; c < entry.changes().size(); c++) {
                Change change = entry.changes().get(c);
                if (!change.object()) {
                    throw new UnreadableInboundException("envelope: " + path(e, c) + " must be an object");
                }
                if (change.fieldNotText()) {
                    throw new UnreadableInboundException("envelope: " + path(e, c) + ".field must be a string");
                }
                if ("user_preferences".equals(change.field())) {
                    collectPreferences(change.value(), path(e, c) + ".value", preferences, skipped);
                }
                if ("messages".equals(change.field())) {
                    collectMessages(change.value(), path(e, c) + ".value", messages, skipped);
                    collectStatuses(change.value(), path(e, c) + ".value", statuses, skipped);
                }
            }
        }
        return new InboundBatch(messages, skipped, preferences, statuses);
    }

    private static String path(int entry, int change) {
        return "entry[" + entry + "].changes[" + change + "]";
    }

    private static void collectMessages(Value value, String path, List<InboundMessage> out, List<String> skipped) {
        List<MessageFields> list = items(value, path, "messages", value == null ? null : value.messages(),
                value != null && value.messagesNotArray());
        if (list == null) {
            return;
        }
        String businessId = businessId(value, path);
        for (int m = 0; m < list.size(); m++) {
            try {
                out.add(list.get(m).toMessage(businessId));
            } catch (UnreadableInboundException bad) {
                skipped.add(path + ".messages[" + m + "]: " + bad.getMessage());
            }
        }
    }

    /**
     * Meta's marketing preferences: items of category {@code marketing_messages} with value
     * {@code stop} or {@code resume}; other categories and values are ignored, an unreadable item
     * is skipped like an unreadable message.
     */
    private static void collectPreferences(Value value, String path, List<InboundBatch.MarketingPreference> out,
                                           List<String> skipped) {
        List<PreferenceFields> list = items(value, path, "user_preferences", value == null ? null : value.preferences(),
                value != null && value.preferencesNotArray());
        if (list == null) {
            return;
        }
        String businessId = businessId(value, path);
        for (int p = 0; p < list.size(); p++) {
            try {
                InboundBatch.MarketingPreference preference = list.get(p).toPreference(businessId);
                if (preference != null) {
                    out.add(preference);
                }
            } catch (UnreadableInboundException bad) {
                skipped.add(path + ".user_preferences[" + p + "]: " + bad.getMessage());
            }
        }
    }

    /**
     * The statuses of sent messages (field {@code messages}, list {@code statuses}): every readable
     * one, to be counted; an unreadable item is skipped like an unreadable message.
     */
    private static void collectStatuses(Value value, String path, List<InboundBatch.PlatformStatus> out, List<String> skipped) {
        List<StatusFields> list = items(value, path, "statuses", value == null ? null : value.statuses(),
                value != null && value.statusesNotArray());
        if (list == null) {
            return;
        }
        String businessId = businessId(value, path);
        for (int s = 0; s < list.size(); s++) {
            try {
                out.add(list.get(s).toStatus(businessId));
            } catch (UnreadableInboundException bad) {
                skipped.add(path + ".statuses[" + s + "]: " + bad.getMessage());
            }
        }
    }

    /** The non-empty list {@code field} of a change's value, or null when it has none. */
    private static <T> List<T> items(Value value, String path, String field, List<T> list, boolean notArray) {
        if (value == null) {
            throw new UnreadableInboundException("envelope: " + path + " must be an object");
        }
        if (notArray) {
            throw new UnreadableInboundException("envelope: " + path + "." + field + " must be an array");
        }
        return list == null || list.isEmpty() ? null : list;
    }

    /** The businessId of a change: its value's {@code metadata.phone_number_id}. */
    private static String businessId(Value value, String path) {
        String phoneNumberId = value.phoneNumberId();
        if (phoneNumberId == null || !ContactIds.isValidBusinessId(phoneNumberId)) {
            throw new UnreadableInboundException("envelope: " + path + ".metadata.phone_number_id is missing or not a valid businessId");
        }
        return phoneNumberId;
    }

    /**
     * The fields of a JSON object as read: each field's value, or a bit in {@code problems} when it
     * has the wrong JSON type. The bits are in the order the rules report them, so the lowest one
     * set is the problem to report; reading a field again clears its bits, since the last value wins.
     */
    private abstract static class Fields {
        int problems;
        boolean notObject;

        void readObject(JsonParser p) throws IOException {
            String name;
            while ((name = p.nextFieldName()) != null) {
                read(name, p, p.nextToken());
            }
        }

        abstract void read(String name, JsonParser p, JsonToken t) throws IOException;

        /** The string value, or null when null; any other type sets {@code bit}. */
        String text(JsonParser p, JsonToken t, int bit) throws IOException {
            problems &= ~bit;
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t != JsonToken.VALUE_NULL) {
                problems |= bit;
                skip(p, t);
            }
            return null;
        }

        /** True at the start of an object to read; a value neither object nor null sets {@code bit}. */
        boolean object(JsonParser p, JsonToken t, int bit) throws IOException {
            if (t == JsonToken.START_OBJECT) {
                return true;
            }
            if (t != JsonToken.VALUE_NULL) {
                problems |= bit;
                skip(p, t);
            }
            return false;
        }

        /** Epoch seconds: a whole number that fits a long, or a string of 1 to 12 digits. */
        Long timestamp(JsonParser p, JsonToken t, int typeBit, int rangeBit) throws IOException {
            problems &= ~(typeBit | rangeBit);
            long seconds;
            if (t == JsonToken.VALUE_NULL) {
                return null;
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                seconds = p.getLongValue();
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getBigIntegerValue().bitLength() < Long.SIZE) {
                seconds = p.getBigIntegerValue().longValue();
            } else if (t == JsonToken.VALUE_STRING && isDigits(p.getText())) {
                seconds = Long.parseLong(p.getText()); // the same String: the parser keeps it
            } else {
                problems |= typeBit;
                skip(p, t);
                return null;
            }
            if (seconds < 0 || seconds > MAX_TIMESTAMP_SECONDS) {
                problems |= rangeBit;
                return null;
            }
            return seconds;
        }

        void throwFirstProblem(int found, String[] problemMessages) {
            if (notObject) {
                throw new UnreadableInboundException(notObjectMessage());
            }
            if (found != 0) {
                throw new UnreadableInboundException(problemMessages[Integer.numberOfTrailingZeros(found)]);
            }
        }

        abstract String notObjectMessage();
    }

    /** A message's fields; {@link #toMessage} applies the contract's rules. */
    private static final class MessageFields extends Fields {
        private static final int BUSINESS_ID = 1;
        private static final int FROM = 1 << 1;
        private static final int ID = 1 << 2;
        private static final int TIMESTAMP = 1 << 3;
        private static final int TIMESTAMP_OUT_OF_RANGE = 1 << 4;
        private static final int TYPE = 1 << 5;
        private static final int TEXT = 1 << 6;
        private static final int BODY = 1 << 7;
        private static final int BUTTON = 1 << 8;
        private static final int PAYLOAD = 1 << 9;
        private static final int BUTTON_TEXT = 1 << 10;
        private static final int INTERACTIVE = 1 << 11;
        private static final int INTERACTIVE_TYPE = 1 << 12;
        private static final int BUTTON_REPLY = 1 << 13;
        private static final int LIST_REPLY = 1 << 14;
        private static final int BUTTON_REPLY_ID = 1 << 15;
        private static final int BUTTON_REPLY_TITLE = 1 << 16;
        private static final int LIST_REPLY_ID = 1 << 17;
        private static final int LIST_REPLY_TITLE = 1 << 18;
        private static final int ALL_INTERACTIVE = INTERACTIVE | INTERACTIVE_TYPE
                | BUTTON_REPLY | BUTTON_REPLY_ID | BUTTON_REPLY_TITLE | LIST_REPLY | LIST_REPLY_ID | LIST_REPLY_TITLE;
        private static final String[] PROBLEMS = {
                "businessId must be a string", "from must be a string", "id must be a string", TIMESTAMP_TYPE, TIMESTAMP_RANGE,
                "type must be a string", "text must be an object", "body must be a string", "button must be an object",
                "payload must be a string", "text must be a string", "interactive must be an object", "type must be a string",
                "button_reply must be an object", "list_reply must be an object",
                "id must be a string", "title must be a string", "id must be a string", "title must be a string"};

        String businessId;
        String from;
        String id;
        Long timestamp;
        String type;
        String body;
        String payload;
        String buttonText;
        /** button_reply id and title, then list_reply id and title. */
        final String[] replies = new String[4];

        @Override
        void read(String name, JsonParser p, JsonToken t) throws IOException {
            switch (name) {
                case "businessId" -> businessId = text(p, t, BUSINESS_ID);
                case "from" -> from = text(p, t, FROM);
                case "id" -> id = text(p, t, ID);
                case "timestamp" -> timestamp = timestamp(p, t, TIMESTAMP, TIMESTAMP_OUT_OF_RANGE);
                case "type" -> type = text(p, t, TYPE);
                case "text" -> readText(p, t);
                case "button" -> readButton(p, t);
                case "interactive" -> readInteractive(p, t);
                default -> skip(p, t);
            }
        }

        private void readText(JsonParser p, JsonToken t) throws IOException {
            body = null;
            problems &= ~(TEXT | BODY);
            if (!object(p, t, TEXT)) {
                return;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (name.equals("body")) {
                    body = text(p, v, BODY);
                } else {
                    skip(p, v);
                }
            }
        }

        private void readButton(JsonParser p, JsonToken t) throws IOException {
            payload = null;
            buttonText = null;
            problems &= ~(BUTTON | PAYLOAD | BUTTON_TEXT);
            if (!object(p, t, BUTTON)) {
                return;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "payload" -> payload = text(p, v, PAYLOAD);
                    case "text" -> buttonText = text(p, v, BUTTON_TEXT);
                    default -> skip(p, v);
                }
            }
        }

        private void readInteractive(JsonParser p, JsonToken t) throws IOException {
            Arrays.fill(replies, null);
            problems &= ~ALL_INTERACTIVE;
            if (!object(p, t, INTERACTIVE)) {
                return;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> text(p, v, INTERACTIVE_TYPE);
                    case "button_reply" -> readReply(p, v, 0, BUTTON_REPLY, BUTTON_REPLY_ID, BUTTON_REPLY_TITLE);
                    case "list_reply" -> readReply(p, v, 2, LIST_REPLY, LIST_REPLY_ID, LIST_REPLY_TITLE);
                    default -> skip(p, v);
                }
            }
        }

        private void readReply(JsonParser p, JsonToken t, int slot, int objectBit, int idBit, int titleBit) throws IOException {
            replies[slot] = null;
            replies[slot + 1] = null;
            problems &= ~(objectBit | idBit | titleBit);
            if (!object(p, t, objectBit)) {
                return;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "id" -> replies[slot] = text(p, v, idBit);
                    case "title" -> replies[slot + 1] = text(p, v, titleBit);
                    default -> skip(p, v);
                }
            }
        }

        @Override
        String notObjectMessage() {
            return "the message is not a JSON object";
        }

        /**
         * Wrong JSON types first, in the rules' order whatever the order of the fields, then the
         * contract's rules.
         *
         * @param envelopeBusinessId the envelope's phone_number_id, or null for a flat message
         */
        InboundMessage toMessage(String envelopeBusinessId) {
            throwFirstProblem(envelopeBusinessId == null ? problems : problems & ~BUSINESS_ID, PROBLEMS);
            String businessId = envelopeBusinessId != null ? envelopeBusinessId : this.businessId;
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
                candidates = new ArrayList<>(4);
                for (String reply : replies) {
                    addIfPresent(candidates, reply);
                }
                trigger = Trigger.BUTTON;
            }
            return new InboundMessage(businessId, contactId.get(), id, timestamp, candidates, trigger);
        }
    }

    /** A {@code user_preferences} item's fields; {@link #toPreference} applies the rules. */
    private static final class PreferenceFields extends Fields {
        private static final int CATEGORY = 1;
        private static final int VALUE = 1 << 1;
        private static final int WA_ID = 1 << 2;
        private static final int TIMESTAMP = 1 << 3;
        private static final int TIMESTAMP_OUT_OF_RANGE = 1 << 4;
        private static final String[] PROBLEMS = {
                "category must be a string", "value must be a string", "wa_id must be a string", TIMESTAMP_TYPE, TIMESTAMP_RANGE};

        String category;
        String choice;
        String waId;
        Long timestamp;

        @Override
        void read(String name, JsonParser p, JsonToken t) throws IOException {
            switch (name) {
                case "category" -> category = text(p, t, CATEGORY);
                case "value" -> choice = text(p, t, VALUE);
                case "wa_id" -> waId = text(p, t, WA_ID);
                case "timestamp" -> timestamp = timestamp(p, t, TIMESTAMP, TIMESTAMP_OUT_OF_RANGE);
                default -> skip(p, t);
            }
        }

        @Override
        String notObjectMessage() {
            return "the preference is not a JSON object";
        }

        /** The marketing preference, or null for another category or value. */
        InboundBatch.MarketingPreference toPreference(String businessId) {
            throwFirstProblem(problems, PROBLEMS);
            if (!"marketing_messages".equals(category) || !("stop".equals(choice) || "resume".equals(choice))) {
                return null;
            }
            Optional<String> contactId = ContactIds.normalizeContactId(waId);
            if (contactId.isEmpty()) {
                throw new UnreadableInboundException("wa_id is missing or not a WhatsApp id (5 to 20 digits)");
            }
            return new InboundBatch.MarketingPreference(businessId, contactId.get(), choice, timestamp);
        }
    }

    /**
     * A {@code statuses} item's fields, only those the contract needs ({@code id}, {@code status},
     * {@code timestamp}, {@code recipient_id} and each {@code errors[].code}); {@link #toStatus}
     * applies the rules. Error items that are no object and codes that are no whole number are
     * passed over: the status still counts, under no code.
     */
    private static final class StatusFields extends Fields {
        private static final int ID = 1;
        private static final int STATUS = 1 << 1;
        private static final int TIMESTAMP = 1 << 2;
        private static final int TIMESTAMP_OUT_OF_RANGE = 1 << 3;
        private static final int RECIPIENT_ID = 1 << 4;
        private static final int ERRORS = 1 << 5;
        private static final String[] PROBLEMS = {
                "id must be a string", "status must be a string", TIMESTAMP_TYPE, TIMESTAMP_RANGE,
                "recipient_id must be a string", "errors must be an array"};

        String id;
        String status;
        Long timestamp;
        String recipientId;
        List<Long> errorCodes = List.of();

        @Override
        void read(String name, JsonParser p, JsonToken t) throws IOException {
            switch (name) {
                case "id" -> id = text(p, t, ID);
                case "status" -> status = text(p, t, STATUS);
                case "timestamp" -> timestamp = timestamp(p, t, TIMESTAMP, TIMESTAMP_OUT_OF_RANGE);
                case "recipient_id" -> recipientId = text(p, t, RECIPIENT_ID);
                case "errors" -> readErrors(p, t);
                default -> skip(p, t);
            }
        }

        private void readErrors(JsonParser p, JsonToken t) throws IOException {
            problems &= ~ERRORS;
            errorCodes = List.of();
            if (t != JsonToken.START_ARRAY) {
                if (t != JsonToken.VALUE_NULL) {
                    problems |= ERRORS;
                    skip(p, t);
                }
                return;
            }
            List<Long> codes = new ArrayList<>(1);
            for (JsonToken item = p.nextToken(); item != null && item != JsonToken.END_ARRAY; item = p.nextToken()) {
                if (item != JsonToken.START_OBJECT) {
                    skip(p, item);
                    continue;
                }
                Long code = null;
                String name;
                while ((name = p.nextFieldName()) != null) {
                    JsonToken v = p.nextToken();
                    if (name.equals("code")) {
                        code = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                                ? p.getLongValue() : null;
                    }
                    skip(p, v);
                }
                if (code != null) {
                    codes.add(code);
                }
            }
            errorCodes = codes;
        }

        @Override
        String notObjectMessage() {
            return "the status is not a JSON object";
        }

        /** The status; one that stops marketing must name its message and a valid recipient. */
        InboundBatch.PlatformStatus toStatus(String businessId) {
            throwFirstProblem(problems, PROBLEMS);
            Optional<String> contactId = ContactIds.normalizeContactId(recipientId);
            InboundBatch.PlatformStatus read = new InboundBatch.PlatformStatus(businessId, contactId.orElse(null), id, status,
                    timestamp, errorCodes);
            if (read.stopsMarketing()) {
                if (id == null || id.isBlank()) {
                    throw new UnreadableInboundException("id is missing or blank");
                }
                if (contactId.isEmpty()) {
                    throw new UnreadableInboundException("recipient_id is missing or not a WhatsApp id (5 to 20 digits)");
                }
            }
            return read;
        }
    }

    /**
     * Passes over a value the reader does not need. Its strings are still decoded (without being
     * kept), so malformed UTF-8 and over-long strings fail as they would anywhere else.
     */
    private static void skip(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            decode(p);
            return;
        }
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken n = p.nextToken();
            if (n == null) {
                return;
            } else if (n == JsonToken.START_OBJECT || n == JsonToken.START_ARRAY) {
                depth++;
            } else if (n == JsonToken.END_OBJECT || n == JsonToken.END_ARRAY) {
                depth--;
            } else if (n == JsonToken.VALUE_STRING) {
                decode(p);
            }
        }
    }

    private static void decode(JsonParser p) throws IOException {
        if (p.getTextLength() > p.streamReadConstraints().getMaxStringLength()) {
            p.getText(); // throws the constraint's own exception
        }
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
}
