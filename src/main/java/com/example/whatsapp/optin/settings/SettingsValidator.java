package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.LanguagePacks;
import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.consent.TextNormalizer;
import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one validator of OptInSettings, used by the topology and by every writer of settings. It
 * reports every problem, not just the first, each with the path of its field and the name of its rule.
 */
public final class SettingsValidator {

    public static final int MAX_KEYWORDS = 100;
    public static final int MAX_RESPONSE_TEXT_LENGTH = 4096;
    public static final int MAX_BUSINESS_NAME_LENGTH = 256;
    /** How the problems name a record's key, the businessId of the settings topic's records. */
    public static final String RECORD_KEY = "the key";

    /** How strictly a value is read: the one switch between the topic's records and a person's input. */
    public enum Strictness {
        /** A settings record: unknown fields are ignored (the contract's rule, so producers may add fields). */
        TOPIC,
        /**
         * Settings a person writes (HTTP, the command line): an unknown field is a typo that would
         * silently change nothing, and opt-in enabled with no keyword can never opt anyone in.
         */
        PEOPLE
    }

    private static final List<String> FIELDS = List.of("businessId", "businessName", "optOut", "optIn", "languages",
            "outbound");
    private static final List<String> OPT_OUT_FIELDS = List.of("keywords", "responseEnabled", "responseText",
            "responseTexts");
    private static final List<String> OPT_IN_FIELDS = List.of("enabled", "keywords", "responseEnabled", "responseText",
            "confirmationTemplate");
    private static final List<String> TEMPLATE_FIELDS = List.of("name", "language");
    private static final List<String> OUTBOUND_FIELDS = List.of("requireOptIn");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]{1,512}");
    private static final Pattern TEMPLATE_LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    /** A list or object that breaks its rules in more entries than this is not listed entry by entry. */
    private static final int MAX_PROBLEMS_PER_FIELD = 10;
    /** A code or key longer than this is named by its length, not echoed. */
    private static final int MAX_ECHOED = 16;
    /** An unknown field this close to a known one (ignoring case) is offered as a "did you mean". */
    private static final int LIKELY_MISSPELLING = 2;

    private final List<String> builtInOptOut;

    public SettingsValidator(List<String> builtInOptOut) {
        this.builtInOptOut = List.copyOf(builtInOptOut);
    }

    public List<String> builtInOptOut() {
        return builtInOptOut;
    }

    /** Either valid settings or the list of every problem found. */
    public record Result(OptInSettings settings, List<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }

        /** Every problem's message, in order. */
        public List<String> messages() {
            return Problem.messages(problems);
        }
    }

    /** Validates a settings record: the businessId is its key. */
    public Result validate(String businessId, String json) {
        return validate(businessId, json, RECORD_KEY, Strictness.TOPIC);
    }

    /**
     * Validates settings a person gives ({@link Strictness#PEOPLE}).
     *
     * @param businessIdGiven where the person gave the businessId, as the problems name it:
     *                        "the path", "--business"
     */
    public Result validate(String businessId, String json, String businessIdGiven) {
        return validate(businessId, json, businessIdGiven, Strictness.PEOPLE);
    }

    /**
     * @param businessIdGiven where the businessId came from, as the problems name it:
     *                        {@value #RECORD_KEY}, "the path", "--business"
     */
    public Result validate(String businessId, String json, String businessIdGiven, Strictness strictness) {
        if (json == null) {
            return invalid(List.of(unreadable("the value is null")));
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            return invalid(List.of(unreadable("the value is not valid JSON" + where)));
        }
        return validate(businessId, root, businessIdGiven, strictness);
    }

    public Result validate(String businessId, JsonNode root) {
        return validate(businessId, root, RECORD_KEY, Strictness.TOPIC);
    }

    private Result validate(String businessId, JsonNode root, String businessIdGiven, Strictness strictness) {
        List<Problem> problems = new ArrayList<>();
        if (!ContactIds.isValidBusinessId(businessId)) {
            problems.add(new Problem("businessId", "business-id",
                    businessIdGiven + " is not a valid businessId (" + ContactIds.BUSINESS_ID_RULE + ")"));
        }
        if (root == null || !root.isObject()) {
            problems.add(unreadable("the value is not a JSON object"));
            return invalid(problems);
        }
        if (strictness == Strictness.PEOPLE) {
            unknownFields(root, "", FIELDS, problems);
        }
        JsonNode idNode = root.get("businessId");
        if (idNode != null && !idNode.isNull() && !(idNode.isTextual() && idNode.textValue().equals(businessId))) {
            problems.add(new Problem("businessId", "business-id",
                    "businessId in the value does not equal " + businessIdGiven));
        }
        String businessName = text(root, "businessName", "businessName", problems);
        if (absent(root, "businessName")) {
            problems.add(new Problem("businessName", "required", "businessName is required"));
        } else if (businessName != null && (businessName.isEmpty() || length(businessName) > MAX_BUSINESS_NAME_LENGTH)) {
            problems.add(new Problem("businessName", "length",
                    "businessName must be 1 to " + MAX_BUSINESS_NAME_LENGTH + " characters"));
        }

        List<String> languages = languages(root, strictness, problems);

        OptInSettings.OptOut optOut = OptInSettings.OptOut.NONE;
        JsonNode optOutNode = root.get("optOut");
        if (optOutNode != null && !optOutNode.isNull()) {
            if (!optOutNode.isObject()) {
                problems.add(new Problem("optOut", "type", "optOut must be an object"));
            } else {
                if (strictness == Strictness.PEOPLE) {
                    unknownFields(optOutNode, "optOut.", OPT_OUT_FIELDS, problems);
                }
                List<String> keywords = keywords(optOutNode, "optOut.keywords", problems);
                boolean responseEnabled = bool(optOutNode, "responseEnabled", "optOut.responseEnabled", problems);
                String responseText = responseText(optOutNode, "optOut", responseEnabled, problems);
                Map<String, String> responseTexts = responseTexts(optOutNode, languages, problems);
                optOut = new OptInSettings.OptOut(keywords, responseEnabled, responseText, responseTexts);
            }
        }
        OptInSettings.OptIn optIn = OptInSettings.OptIn.OFF;
        JsonNode optInNode = root.get("optIn");
        if (optInNode != null && !optInNode.isNull()) {
            if (!optInNode.isObject()) {
                problems.add(new Problem("optIn", "type", "optIn must be an object"));
            } else {
                if (strictness == Strictness.PEOPLE) {
                    unknownFields(optInNode, "optIn.", OPT_IN_FIELDS, problems);
                }
                boolean enabled = bool(optInNode, "enabled", "optIn.enabled", problems);
                List<String> keywords = keywords(optInNode, "optIn.keywords", problems);
                if (strictness == Strictness.PEOPLE && enabled && keywords.isEmpty() && emptyOrAbsent(optInNode.get("keywords"))) {
                    problems.add(new Problem("optIn.keywords", "opt-in-without-keywords",
                            "optIn.enabled is true but optIn.keywords is empty: no message could opt in"));
                }
                boolean responseEnabled = bool(optInNode, "responseEnabled", "optIn.responseEnabled", problems);
                String responseText = responseText(optInNode, "optIn", responseEnabled, problems);
                OptInSettings.Template template = confirmationTemplate(optInNode, strictness, problems);
                optIn = new OptInSettings.OptIn(enabled, keywords, responseEnabled, responseText, template);
            }
        }
        OptInSettings.Outbound outbound = outbound(root, strictness, problems);
        checkCollisions(optOut.keywords(), languages,
                optInNode != null && optInNode.isObject() ? optInNode.get("keywords") : null, problems);
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        return new Result(new OptInSettings(businessName, languages, optOut, optIn, outbound), List.of());
    }

    /**
     * Each opt-in keyword that is also an opt-out keyword, named by its place in optIn.keywords.
     *
     * @param optInKeywords the optIn.keywords as given; a list of too many is not checked
     */
    private void checkCollisions(List<String> optOut, List<String> languages, JsonNode optInKeywords,
                                 List<Problem> problems) {
        if (optInKeywords == null || !optInKeywords.isArray() || optInKeywords.size() > MAX_KEYWORDS) {
            return;
        }
        Map<String, String> outNormalized = new HashMap<>();
        for (String keyword : builtInOptOut) {
            outNormalized.putIfAbsent(TextNormalizer.normalize(keyword), "built-in \"" + keyword + "\"");
        }
        for (String keyword : optOut) {
            outNormalized.putIfAbsent(TextNormalizer.normalize(keyword), "opt-out keyword \"" + keyword + "\"");
        }
        for (String language : languages) {
            for (String keyword : LanguagePacks.keywords(language)) {
                outNormalized.putIfAbsent(TextNormalizer.normalize(keyword),
                        "keyword \"" + keyword + "\" of the language pack " + language);
            }
        }
        for (int i = 0; i < optInKeywords.size(); i++) {
            if (!optInKeywords.get(i).isTextual()) {
                continue;
            }
            String keyword = optInKeywords.get(i).textValue();
            String normalized = TextNormalizer.normalize(keyword);
            String clash = outNormalized.get(normalized);
            if (clash != null && !normalized.isEmpty()) {
                problems.add(new Problem("optIn.keywords[" + i + "]", "keyword-collision",
                        "opt-in keyword \"" + keyword + "\" is also an opt-out keyword (" + clash + ")"));
            }
        }
    }

    /**
     * The listed language packs, each once, in the order given. A code listed twice counts once on
     * the topic (the contract does not forbid it); from a person it is a slip worth naming.
     */
    private static List<String> languages(JsonNode root, Strictness strictness, List<Problem> problems) {
        JsonNode node = root.get("languages");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new Problem("languages", "type",
                    "languages must be an array of language codes (" + String.join(", ", LanguagePacks.codes()) + ")"));
            return List.of();
        }
        List<String> languages = new ArrayList<>();
        int before = problems.size();
        for (int i = 0; i < node.size(); i++) {
            if (problems.size() - before == MAX_PROBLEMS_PER_FIELD) {
                problems.add(new Problem("languages", "too-many-problems",
                        "languages: the entries after languages[" + (i - 1) + "] are not checked"));
                break;
            }
            JsonNode item = node.get(i);
            String where = "languages[" + i + "]";
            if (!item.isTextual()) {
                problems.add(new Problem(where, "type", where + " must be a string"));
                continue;
            }
            String code = item.textValue();
            if (!LanguagePacks.exists(code)) {
                problems.add(new Problem(where, "language-pack",
                        where + " " + echo(code) + " is not a language pack; " + didYouMean(code)));
            } else if (languages.contains(code)) {
                if (strictness == Strictness.PEOPLE) {
                    problems.add(new Problem(where, "duplicate", where + " \"" + code + "\" is listed twice"));
                }
            } else {
                languages.add(code);
            }
        }
        return languages;
    }

    private static String echo(String code) {
        return code.length() > MAX_ECHOED ? "a code of " + length(code) + " characters" : "\"" + code + "\"";
    }

    /**
     * A pack the unknown code most likely meant: the same in another case or with a region
     * ({@code ES}, {@code pt_BR}), or a three-letter code one edit away ({@code fra}). A two-letter
     * code is never "corrected" to another language ({@code en} is not {@code es}).
     */
    private static String didYouMean(String code) {
        String lower = code.toLowerCase(Locale.ROOT);
        String withoutRegion = lower.split("[-_]", 2)[0];
        if (LanguagePacks.exists(withoutRegion)) {
            return "did you mean " + withoutRegion + "?";
        }
        String closest = ClosestName.among(lower, LanguagePacks.codes());
        if (lower.length() > 2 && ClosestName.distance(lower, closest) <= 1) {
            return "did you mean " + closest + "?";
        }
        return "the packs are " + String.join(", ", LanguagePacks.codes());
    }

    /** Per-language opt-out texts; every key a listed language. */
    private static Map<String, String> responseTexts(JsonNode optOut, List<String> languages, List<Problem> problems) {
        JsonNode node = optOut.get("responseTexts");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(new Problem("optOut.responseTexts", "type",
                    "optOut.responseTexts must be an object of texts by language code"));
            return Map.of();
        }
        Map<String, String> texts = new LinkedHashMap<>();
        int before = problems.size();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            if (problems.size() - before >= MAX_PROBLEMS_PER_FIELD) {
                problems.add(new Problem("optOut.responseTexts", "too-many-problems",
                        "optOut.responseTexts: the other texts are not checked"));
                break;
            }
            Map.Entry<String, JsonNode> entry = fields.next();
            String language = entry.getKey();
            boolean echoed = language.length() <= MAX_ECHOED;
            String where = echoed ? "optOut.responseTexts." + language
                    : "optOut.responseTexts (a key of " + length(language) + " characters)";
            String path = echoed ? where : "optOut.responseTexts";
            if (!languages.contains(language)) {
                problems.add(new Problem(path, "response-text-language", where + ": not one of languages"
                        + (languages.isEmpty() ? " (none listed)" : " (" + String.join(", ", languages) + ")")));
            }
            JsonNode text = entry.getValue();
            if (!text.isTextual()) {
                problems.add(new Problem(path, "type", where + " must be a string"));
                continue;
            }
            if (text.textValue().isEmpty() || length(text.textValue()) > MAX_RESPONSE_TEXT_LENGTH) {
                problems.add(new Problem(path, "length",
                        where + " must be 1 to " + MAX_RESPONSE_TEXT_LENGTH + " characters"));
            }
            texts.put(language, text.textValue());
        }
        return texts;
    }

    private static OptInSettings.Template confirmationTemplate(JsonNode optIn, Strictness strictness, List<Problem> problems) {
        JsonNode node = optIn.get("confirmationTemplate");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(new Problem("optIn.confirmationTemplate", "type",
                    "optIn.confirmationTemplate must be an object with name and language"));
            return null;
        }
        if (strictness == Strictness.PEOPLE) {
            unknownFields(node, "optIn.confirmationTemplate.", TEMPLATE_FIELDS, problems);
        }
        String name = templatePart(node, "name", TEMPLATE_NAME, problems);
        String language = templatePart(node, "language", TEMPLATE_LANGUAGE, problems);
        return name == null || language == null ? null : new OptInSettings.Template(name, language);
    }

    private static String templatePart(JsonNode template, String field, Pattern rule, List<Problem> problems) {
        String path = "optIn.confirmationTemplate." + field;
        String value = text(template, field, path, problems);
        if (value == null) {
            if (absent(template, field)) {
                problems.add(new Problem(path, "required", path + " is required"));
            }
            return null;
        }
        if (!rule.matcher(value).matches()) {
            problems.add(new Problem(path, "pattern", path + " must match " + rule.pattern()));
            return null;
        }
        return value;
    }

    private static OptInSettings.Outbound outbound(JsonNode root, Strictness strictness, List<Problem> problems) {
        JsonNode node = root.get("outbound");
        if (node == null || node.isNull()) {
            return OptInSettings.Outbound.DEFAULT;
        }
        if (!node.isObject()) {
            problems.add(new Problem("outbound", "type", "outbound must be an object"));
            return OptInSettings.Outbound.DEFAULT;
        }
        if (strictness == Strictness.PEOPLE) {
            unknownFields(node, "outbound.", OUTBOUND_FIELDS, problems);
        }
        JsonNode requireOptIn = node.get("requireOptIn");
        if (requireOptIn == null || requireOptIn.isNull()) {
            return OptInSettings.Outbound.DEFAULT;
        }
        if (!requireOptIn.isBoolean()) {
            problems.add(new Problem("outbound.requireOptIn", "type", "outbound.requireOptIn must be true or false"));
            return OptInSettings.Outbound.DEFAULT;
        }
        return new OptInSettings.Outbound(requireOptIn.booleanValue());
    }

    /** Each field of {@code object} not in {@code known}, named by its path, with the known one it resembles. */
    private static void unknownFields(JsonNode object, String prefix, List<String> known, List<Problem> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (known.contains(name)) {
                continue;
            }
            String closest = ClosestName.among(name, known);
            if (ClosestName.distance(name.toLowerCase(Locale.ROOT), closest.toLowerCase(Locale.ROOT))
                    <= LIKELY_MISSPELLING) {
                problems.add(new Problem(prefix + name, "unknown-field",
                        "unknown field " + prefix + name + "; did you mean " + prefix + closest + "?"));
            } else {
                problems.add(new Problem(prefix + name, "unknown-field", "unknown field " + prefix + name + "; the fields "
                        + (prefix.isEmpty() ? "are " : "of " + prefix.substring(0, prefix.length() - 1) + " are ")
                        + String.join(", ", known)));
            }
        }
    }

    private static boolean emptyOrAbsent(JsonNode node) {
        return node == null || node.isNull() || (node.isArray() && node.isEmpty());
    }

    private static List<String> keywords(JsonNode parent, String path, List<Problem> problems) {
        JsonNode node = parent.get("keywords");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new Problem(path, "type", path + " must be an array of strings"));
            return List.of();
        }
        if (node.size() > MAX_KEYWORDS) {
            problems.add(new Problem(path, "too-many",
                    path + " has " + node.size() + " keywords; at most " + MAX_KEYWORDS + " are allowed"));
            return List.of();
        }
        List<String> keywords = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String where = path + "[" + i + "]";
            if (!item.isTextual()) {
                problems.add(new Problem(where, "type", where + " must be a string"));
                continue;
            }
            String keyword = item.textValue();
            KeywordRule.problem(keyword).ifPresent(problem -> problems.add(new Problem(where, "keyword",
                    where + " " + problem)));
            keywords.add(keyword);
        }
        return keywords;
    }

    private static String responseText(JsonNode parent, String path, boolean enabled, List<Problem> problems) {
        String text = text(parent, "responseText", path + ".responseText", problems);
        if (text == null) {
            if (enabled && absent(parent, "responseText")) {
                problems.add(new Problem(path + ".responseText", "required",
                        path + ".responseText is required when " + path + ".responseEnabled is true"));
            }
            return null;
        }
        if (text.isEmpty() || length(text) > MAX_RESPONSE_TEXT_LENGTH) {
            problems.add(new Problem(path + ".responseText", "length",
                    path + ".responseText must be 1 to " + MAX_RESPONSE_TEXT_LENGTH + " characters"));
        }
        return text;
    }

    private static boolean absent(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull();
    }

    /** The field's text; null when it is absent, or not a string (a problem then). */
    private static String text(JsonNode parent, String field, String path, List<Problem> problems) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new Problem(path, "type", path + " must be a string"));
            return null;
        }
        return node.textValue();
    }

    private static boolean bool(JsonNode parent, String field, String path, List<Problem> problems) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.add(new Problem(path, "type", path + " must be true or false"));
            return false;
        }
        return node.booleanValue();
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** A problem of the value as a whole: its path is empty. */
    private static Problem unreadable(String message) {
        return new Problem("", "unreadable", message);
    }

    private static Result invalid(List<Problem> problems) {
        return new Result(null, List.copyOf(problems));
    }
}
