package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.KeywordMatch;
import com.example.whatsapp.optin.consent.KeywordMatcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a business's messages are judged by: its valid settings (or the defaults) with
 * the keyword lookup built once and the confirmation texts rendered once.
 *
 * @param settings                null for a business with no settings (the defaults)
 * @param optOutRepliesByLanguage the opt-out confirmation for a keyword of a language pack, by language;
 *                                empty when the opt-out response is off
 * @param marketingOptOutReply    the answer to a marketing opt-out, or null
 * @param helpReply               the answer to HELP, or null (HELP then gets none)
 */
public record BusinessSettings(OptInSettings settings, KeywordMatcher matcher, String optOutReply, String optInReply,
                               Map<String, String> optOutRepliesByLanguage, String marketingOptOutReply, String helpReply) {

    public BusinessSettings {
        optOutRepliesByLanguage = Map.copyOf(optOutRepliesByLanguage);
    }

    /** A business without settings: the built-in opt-out keywords, and the default marketing and HELP keywords, unanswered. */
    public static BusinessSettings defaults(List<String> builtInOptOut) {
        return new BusinessSettings(null, KeywordMatcher.of(new KeywordMatcher.Keywords(List.of(), builtInOptOut, List.of(),
                OptInSettings.DEFAULT_MARKETING_OPT_OUT, List.of(), List.of(), OptInSettings.DEFAULT_HELP)),
                null, null, Map.of(), null, null);
    }

    public static BusinessSettings compile(OptInSettings settings, List<String> builtInOptOut) {
        OptInSettings.OptOut out = settings.optOut();
        OptInSettings.OptIn in = settings.optIn();
        // The marketing keywords work whether or not opt-in is on: they decide the marketing status only.
        KeywordMatcher matcher = KeywordMatcher.of(new KeywordMatcher.Keywords(out.keywords(), builtInOptOut,
                settings.languages(), settings.marketingOptOutKeywords(), settings.marketingOptInKeywords(),
                in.enabled() ? in.keywords() : List.of(), settings.helpKeywords()));
        String optOutReply = out.responseEnabled() ? render(out.responseText(), settings.businessName()) : null;
        String optInReply = in.enabled() && in.responseEnabled() ? render(in.responseText(), settings.businessName()) : null;
        Map<String, String> byLanguage = new LinkedHashMap<>();
        if (out.responseEnabled()) {
            out.responseTexts().forEach((language, text) -> byLanguage.put(language, render(text, settings.businessName())));
        }
        String marketingReply = out.marketingResponseText() == null ? null
                : render(out.marketingResponseText(), settings.businessName());
        String helpReply = settings.help().responseText() == null ? null
                : render(settings.help().responseText(), settings.businessName());
        return new BusinessSettings(settings, matcher, optOutReply, optInReply, byLanguage, marketingReply, helpReply);
    }

    /** The confirmation to send for a change in this direction, or null when its response is off. */
    public String replyFor(Direction direction) {
        return direction == Direction.OPT_OUT ? optOutReply : optInReply;
    }

    /**
     * The confirmation to send for a change this match asks for, or null when its response is off:
     * in the language of the pack the keyword came from, when the business has a text for it.
     */
    public String replyFor(KeywordMatch match) {
        switch (match.kind()) {
            case MARKETING_OPT_OUT:
                return marketingOptOutReply;
            case MARKETING_OPT_IN:
                return null;
            case HELP:
                return helpReply;
            default:
                break;
        }
        if (match.language() != null && match.direction() == Direction.OPT_OUT) {
            String inLanguage = optOutRepliesByLanguage.get(match.language());
            if (inLanguage != null) {
                return inLanguage;
            }
        }
        return replyFor(match.direction());
    }

    /** Whether the outbound gate holds back business-initiated messages to contacts never decided. */
    public boolean requireOptIn() {
        return settings == null || settings.outbound().requireOptIn();
    }

    /** The template that confirms opt-ins arriving as consent records, or null when there is none. */
    public OptInSettings.Template confirmationTemplate() {
        return settings == null ? null : settings.optIn().confirmationTemplate();
    }

    /** Whether an opt-in record's proof must mention WhatsApp; the business's name it must always name. */
    public boolean proofMustMentionWhatsApp() {
        return settings == null || settings.optIn().proofMustMentionWhatsApp();
    }

    private static String render(String template, String businessName) {
        return template.replace("{businessName}", businessName);
    }
}
