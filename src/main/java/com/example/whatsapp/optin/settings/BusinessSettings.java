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
 */
public record BusinessSettings(OptInSettings settings, KeywordMatcher matcher, String optOutReply, String optInReply,
                               Map<String, String> optOutRepliesByLanguage, RevocationDetector detector) {

    public BusinessSettings {
        optOutRepliesByLanguage = Map.copyOf(optOutRepliesByLanguage);
    }

    public static BusinessSettings defaults(List<String> builtInOptOut) {
        return new BusinessSettings(null, KeywordMatcher.of(List.of(), builtInOptOut, List.of()), null, null, Map.of(),
                RevocationDetector.of(List.of(), builtInOptOut, List.of()));
    }

    public static BusinessSettings compile(OptInSettings settings, List<String> builtInOptOut) {
        OptInSettings.OptOut out = settings.optOut();
        OptInSettings.OptIn in = settings.optIn();
        KeywordMatcher matcher = KeywordMatcher.of(out.keywords(), builtInOptOut, settings.languages(),
                in.enabled() ? in.keywords() : List.of());
        String optOutReply = out.responseEnabled() ? render(out.responseText(), settings.businessName()) : null;
        String optInReply = in.enabled() && in.responseEnabled() ? render(in.responseText(), settings.businessName()) : null;
        Map<String, String> byLanguage = new LinkedHashMap<>();
        if (out.responseEnabled()) {
            out.responseTexts().forEach((language, text) -> byLanguage.put(language, render(text, settings.businessName())));
        }
        return new BusinessSettings(settings, matcher, optOutReply, optInReply, byLanguage, detector(settings, builtInOptOut));
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
        List<String> neverFlagged = new ArrayList<>(settings.optIn().keywords());
        return RevocationDetector.of(settings.languages(), optOut, neverFlagged);
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

    private static String render(String template, String businessName) {
        return template.replace("{businessName}", businessName);
    }
}
