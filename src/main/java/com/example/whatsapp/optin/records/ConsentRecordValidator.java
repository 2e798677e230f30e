package com.example.whatsapp.optin.records;

import com.example.whatsapp.optin.inbound.InboundParser;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.consent.TextNormalizer;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.settings.OptInSettings;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's ConsentRecord rules, all in one place for the records topic, the HTTP route and
 * the import: every problem of a record is found, each named by its field and its rule. The proof rule is
 * checked against the business's current settings; without a registry (the import, which does not
 * read the settings) the rules that need them are left to the service.
 */
public final class ConsentRecordValidator {

    /** A record may be at most this far ahead of the service's clock. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    public static final int MAX_RECORD_ID = 128;
    public static final int MAX_CONSENT_TEXT = 4096;
    public static final int MAX_PROOF_FIELD = 1024;
    private static final String WHATSAPP = "whatsapp";

    /**
     * @param request  the valid record as a consent request, or null when there are problems
     * @param recordId the record's id when it has a readable one (to name it in answers), else null
     */
    public record Result(ConsentRequest request, String recordId, List<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }

        /** Every problem, in one line. */
        public String message() {
            return Problem.oneLine(problems);
        }
    }

    private final SettingsRegistry settings;
    private final Clock clock;

    /** @param settings the business settings the proof rule is checked against; null leaves those rules out */
    public ConsentRecordValidator(SettingsRegistry settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Result validate(byte[] value) {
        if (value == null) {
            return invalid(unreadable("the value is null"));
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            return invalid(unreadable("the value is not valid JSON"));
        } catch (IOException e) {
            return invalid(unreadable("the value cannot be read"));
        }
        return validate(root, null);
    }

    /**
     * @param pathBusinessId the business the record was sent for (HTTP), or null: then the record names it
     */
    public Result validate(JsonNode root, String pathBusinessId) {
        if (root == null || !root.isObject()) {
            return invalid(unreadable("the record is not a JSON object"));
        }
        List<Problem> problems = new ArrayList<>();
        String recordId = text(root, "recordId", problems);
        if (recordId == null) {
            missing(root, "recordId", problems);
        } else if (recordId.isEmpty() || recordId.length() > MAX_RECORD_ID) {
            problems.add(new Problem("recordId", "recordId", "recordId must be 1 to " + MAX_RECORD_ID + " characters"));
            recordId = null;
        }
        String businessId = text(root, "businessId", problems);
        if (pathBusinessId != null) {
            if (businessId != null && !businessId.equals(pathBusinessId)) {
                problems.add(new Problem("businessId", "businessId",
                        "businessId must be the path's, " + pathBusinessId));
            }
            businessId = pathBusinessId;
        } else if (businessId == null) {
            missing(root, "businessId", problems);
        } else if (!ContactIds.isValidBusinessId(businessId)) {
            problems.add(new Problem("businessId", "businessId", "businessId must be " + ContactIds.BUSINESS_ID_RULE));
            businessId = null;
        }
        String rawContact = text(root, "contactId", problems);
        String contactId = null;
        if (rawContact == null) {
            missing(root, "contactId", problems);
        } else {
            contactId = ContactIds.normalizeContactId(rawContact).orElse(null);
            if (contactId == null) {
                problems.add(new Problem("contactId", "contactId", "contactId is not a WhatsApp id (5 to 20 digits)"));
            }
        }
        String status = text(root, "status", problems);
        Direction direction = null;
        if ("OPTED_IN".equals(status)) {
            direction = Direction.OPT_IN;
        } else if ("OPTED_OUT".equals(status)) {
            direction = Direction.OPT_OUT;
        } else if (status != null || !wrongType(root, "status")) {
            problems.add(new Problem("status", "status", "status must be OPTED_IN or OPTED_OUT"));
        }
        String channelName = text(root, "channel", problems);
        Trigger channel = channel(channelName);
        if (channel == null && !wrongType(root, "channel")) {
            problems.add(new Problem("channel", "channel", "channel must be one of " + String.join(", ",
                    Trigger.CHANNELS.stream().map(Enum::name).toList())));
        }
        Long occurredAt = occurredAt(root.get("occurredAt"), problems);
        if (occurredAt != null && occurredAt > clock.millis() + MAX_AHEAD.toMillis()) {
            problems.add(new Problem("occurredAt", "occurredAt-future",
                    "occurredAt is more than " + MAX_AHEAD.toMinutes()
                    + " minutes after the service's clock"));
            occurredAt = null;
        }
        String proof = proof(root.get("proof"), direction, businessId, problems);
        if (!problems.isEmpty()) {
            return new Result(null, recordId, List.copyOf(problems));
        }
        ConsentRequest.ReplyTemplate template = null;
        if (direction == Direction.OPT_IN && settings != null) {
            OptInSettings.Template t = settings.forBusiness(businessId).confirmationTemplate();
            template = t == null ? null : new ConsentRequest.ReplyTemplate(t.name(), t.language());
        }
        return new Result(ConsentRequest.record(businessId, contactId, recordId, occurredAt, direction, channel, proof, template),
                recordId, List.of());
    }

    private String proof(JsonNode node, Direction direction, String businessId, List<Problem> problems) {
        if (node == null || node.isNull()) {
            if (direction == Direction.OPT_IN) {
                problems.add(new Problem("proof", "proof", "proof is required for OPTED_IN"));
            }
            return null;
        }
        if (!node.isObject()) {
            problems.add(new Problem("proof", "proof", "proof must be an object"));
            return null;
        }
        JsonNode consentText = node.get("consentText");
        String text = null;
        if (consentText == null || consentText.isNull()) {
            problems.add(new Problem("proof.consentText", "proof", "proof.consentText is missing"));
        } else if (!consentText.isTextual()) {
            problems.add(new Problem("proof.consentText", "proof", "proof.consentText must be a string"));
        } else if (consentText.textValue().isEmpty() || consentText.textValue().length() > MAX_CONSENT_TEXT) {
            problems.add(new Problem("proof.consentText", "proof",
                    "proof.consentText must be 1 to " + MAX_CONSENT_TEXT + " characters"));
        } else {
            text = consentText.textValue();
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("consentText") || field.getValue().isNull()) {
                continue;
            }
            if (!field.getValue().isTextual() || field.getValue().textValue().length() > MAX_PROOF_FIELD) {
                problems.add(new Problem("proof." + field.getKey(), "proof",
                        "proof." + field.getKey() + " must be a string of at most "
                        + MAX_PROOF_FIELD + " characters"));
            }
        }
        if (direction == Direction.OPT_IN && text != null) {
            String normalized = TextNormalizer.normalize(text);
            if (!normalized.contains(WHATSAPP)) {
                problems.add(new Problem("proof.consentText", "proof-whatsapp",
                        "proof.consentText does not mention WhatsApp"));
            }
            if (settings != null && businessId != null) {
                Optional<OptInSettings> current = settings.configured(businessId);
                if (current.isEmpty()) {
                    problems.add(new Problem("businessId", "no-settings", "business " + businessId
                            + " has no settings: it cannot take an opt-in record"));
                } else if (!normalized.contains(TextNormalizer.normalize(current.get().businessName()))) {
                    problems.add(new Problem("proof.consentText", "proof-business-name",
                            "proof.consentText does not name the business ("
                            + current.get().businessName() + ")"));
                }
            }
        }
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long occurredAt(JsonNode node, List<Problem> problems) {
        String rule = "occurredAt must be an ISO-8601 instant with Z or an offset, or epoch seconds as a number";
        if (node == null || node.isNull()) {
            problems.add(new Problem("occurredAt", "occurredAt", "occurredAt is missing"));
            return null;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || node.longValue() < 0 || node.longValue() > InboundParser.MAX_TIMESTAMP_SECONDS) {
                problems.add(new Problem("occurredAt", "occurredAt", "occurredAt is out of range"));
                return null;
            }
            return node.longValue() * 1000L;
        }
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                problems.add(new Problem("occurredAt", "occurredAt", rule));
                return null;
            }
        }
        problems.add(new Problem("occurredAt", "occurredAt", rule));
        return null;
    }

    private static Trigger channel(String name) {
        if (name == null) {
            return null;
        }
        for (Trigger channel : Trigger.CHANNELS) {
            if (channel.name().equals(name)) {
                return channel;
            }
        }
        return null;
    }

    /** A string field, or null when absent; a value of another JSON type is a problem of that field. */
    private static String text(JsonNode root, String field, List<Problem> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new Problem(field, field, field + " must be a string"));
            return null;
        }
        return node.textValue();
    }

    private static boolean wrongType(JsonNode root, String field) {
        return root.hasNonNull(field) && !root.get(field).isTextual();
    }

    private static void missing(JsonNode root, String field, List<Problem> problems) {
        if (!wrongType(root, field)) {
            problems.add(new Problem(field, field, field + " is missing"));
        }
    }

    /** A problem of the value as a whole: its path is empty. */
    private static Problem unreadable(String message) {
        return new Problem("", "unreadable", message);
    }

    private static Result invalid(Problem problem) {
        return new Result(null, null, List.of(problem));
    }
}
