package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.KeywordMatcher;

import java.util.List;

/**
 * The settings a business's messages are judged by: its valid settings (or the defaults) with
 * the keyword lookup built once and the confirmation texts rendered once.
 *
 * @param settings null for a business with no settings (the defaults)
 */
public record BusinessSettings(OptInSettings settings, KeywordMatcher matcher, String optOutReply, String optInReply) {

    public static BusinessSettings defaults(List<String> builtInOptOut) {
        return new BusinessSettings(null, KeywordMatcher.of(List.of(), builtInOptOut, List.of()), null, null);
    }

    public static BusinessSettings compile(OptInSettings settings, List<String> builtInOptOut) {
        OptInSettings.OptOut out = settings.optOut();
        OptInSettings.OptIn in = settings.optIn();
        KeywordMatcher matcher = KeywordMatcher.of(out.keywords(), builtInOptOut,
                in.enabled() ? in.keywords() : List.of());
        String optOutReply = out.responseEnabled() ? render(out.responseText(), settings.businessName()) : null;
        String optInReply = in.enabled() && in.responseEnabled() ? render(in.responseText(), settings.businessName()) : null;
        return new BusinessSettings(settings, matcher, optOutReply, optInReply);
    }

    /** The confirmation to send for a change in this direction, or null when its response is off. */
    public String replyFor(Direction direction) {
        return direction == Direction.OPT_OUT ? optOutReply : optInReply;
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
