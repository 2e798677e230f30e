package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.KeywordMatch;
import com.example.whatsapp.optin.consent.KeywordMatcher;
import com.example.whatsapp.optin.consent.LanguagePacks;
import com.example.whatsapp.optin.consent.RevocationDetector;

import java.util.ArrayList;
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
 * @param detector                the business's revocation detector (English and its language packs), built once
 * @param marketingOptOutReply    the answer to a marketing opt-out, or null
 * @param helpReply               the answer to HELP, or null (HELP then gets none)
 */
public record BusinessSettings(OptInSettings settings, KeywordMatcher matcher, String optOutReply, String optInReply,
                               Map<String, String> optOutRepliesByLanguage, RevocationDetector detector,
                               String marketingOptOutReply, String helpReply) {

    public BusinessSettings {
        optOutRepliesByLanguage = Map.copyOf(optOutRepliesByLanguage);
    }

    /** A business without settings: the built-in opt-out keywords, and the default marketing and HELP keywords, unanswered. */
    public static BusinessSettings defaults(List<String> builtInOptOut) {
        return new BusinessSettings(null, KeywordMatcher.of(new KeywordMatcher.Keywords(List.of(), builtInOptOut, List.of(),
                OptInSettings.DEFAULT_MARKETING_OPT_OUT, List.of(), List.of(), OptInSettings.DEFAULT_HELP)),
                null, null, Map.of(), RevocationDetector.of(List.of(), builtInOptOut, neverFlagged(null)), null, null);
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
        return new BusinessSettings(settings, matcher, optOutReply, optInReply, byLanguage, detector(settings, builtInOptOut),
                marketingReply, helpReply);
    }

    /**
     * The detector of these settings: a misspelling may be of any opt-out keyword the business has
     * (built-in, its own, its packs'); a keyword of another kind is never a revocation, even when
     * that kind is switched off.
     */
    private static RevocationDetector detector(OptInSettings settings, List<String> builtInOptOut) {
        List<String> optOut = new ArrayList<>(builtInOptOut);
        optOut.addAll(settings.optOut().keywords());
        settings.languages().forEach(language -> optOut.addAll(LanguagePacks.keywords(language)));
        return RevocationDetector.of(settings.languages(), optOut, neverFlagged(settings));
    }

    /** The keywords of the other kinds (opt-in, marketing, HELP; defaults included): never a revocation. */
    private static List<String> neverFlagged(OptInSettings settings) {
        if (settings == null) {
            List<String> words = new ArrayList<>(OptInSettings.DEFAULT_MARKETING_OPT_OUT);
            words.addAll(OptInSettings.DEFAULT_HELP);
            return words;
        }
        List<String> words = new ArrayList<>(settings.optIn().keywords());
        words.addAll(settings.marketingOptOutKeywords());
        words.addAll(settings.marketingOptInKeywords());
        words.addAll(settings.helpKeywords());
        return words;
    }

    /** What the business does with a revocation in the customer's own words. */
    public ReasonableMeans reasonableMeans() {
        return settings == null ? ReasonableMeans.DEFAULT : settings.optOut().reasonableMeans();
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
