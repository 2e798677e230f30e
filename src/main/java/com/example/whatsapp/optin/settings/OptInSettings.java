package com.example.whatsapp.optin.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A business's valid opt-in settings, as the contract's OptInSettings value. Every field but the
 * name and the keywords is optional: absent, it means no language packs, one opt-out text, no
 * confirmation template, the gate requiring an opt-in, the marketing opt-out keyword
 * {@code STOP PROMOTIONS}, the HELP keywords {@code HELP} and {@code INFO} without an answer, and a
 * proof that mentions WhatsApp.
 */
public record OptInSettings(String businessName, List<String> languages, OptOut optOut, OptIn optIn, Outbound outbound,
                            Help help) {

    /** {@code optOut.marketingKeywords} when absent. */
    public static final List<String> DEFAULT_MARKETING_OPT_OUT = List.of("STOP PROMOTIONS");
    /** {@code help.keywords} when absent. */
    public static final List<String> DEFAULT_HELP = List.of("HELP", "INFO");

    public OptInSettings {
        languages = languages == null ? List.of() : List.copyOf(languages);
        optOut = optOut == null ? OptOut.NONE : optOut;
        optIn = optIn == null ? OptIn.OFF : optIn;
        outbound = outbound == null ? Outbound.DEFAULT : outbound;
        help = help == null ? Help.NONE : help;
    }

    public OptInSettings(String businessName, List<String> languages, OptOut optOut, OptIn optIn, Outbound outbound) {
        this(businessName, languages, optOut, optIn, outbound, null);
    }

    /** Settings with keywords and texts alone: every optional field absent. */
    public OptInSettings(String businessName, OptOut optOut, OptIn optIn) {
        this(businessName, List.of(), optOut, optIn, null);
    }

    /**
     * @param reasonableMeans       what revocations in the customer's own words do; absent: {@link ReasonableMeans#DEFAULT}
     * @param marketingKeywords     the marketing opt-out keywords as given; null when absent (the default applies)
     * @param marketingResponseText the answer to a marketing opt-out, or null
     */
    public record OptOut(List<String> keywords, boolean responseEnabled, String responseText,
                         Map<String, String> responseTexts, ReasonableMeans reasonableMeans, List<String> marketingKeywords,
                         String marketingResponseText) {
        public static final OptOut NONE = new OptOut(List.of(), false, null);

        public OptOut {
            keywords = List.copyOf(keywords);
            reasonableMeans = reasonableMeans == null ? ReasonableMeans.DEFAULT : reasonableMeans;
            // Ordered as given, so the settings read back as written.
            responseTexts = responseTexts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(responseTexts));
            marketingKeywords = marketingKeywords == null ? null : List.copyOf(marketingKeywords);
        }

        public OptOut(List<String> keywords, boolean responseEnabled, String responseText) {
            this(keywords, responseEnabled, responseText, null);
        }

        public OptOut(List<String> keywords, boolean responseEnabled, String responseText, Map<String, String> responseTexts) {
            this(keywords, responseEnabled, responseText, responseTexts, null);
        }

        public OptOut(List<String> keywords, boolean responseEnabled, String responseText, Map<String, String> responseTexts,
                      ReasonableMeans reasonableMeans) {
            this(keywords, responseEnabled, responseText, responseTexts, reasonableMeans, null, null);
        }
    }

    /**
     * @param marketingKeywords        the marketing opt-in keywords; null when absent (none)
     * @param proofMustMentionWhatsApp whether an opt-in record's proof must mention WhatsApp (besides the business)
     */
    public record OptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText,
                        Template confirmationTemplate, List<String> marketingKeywords, boolean proofMustMentionWhatsApp) {
        public static final OptIn OFF = new OptIn(false, List.of(), false, null);

        public OptIn {
            keywords = List.copyOf(keywords);
            marketingKeywords = marketingKeywords == null ? null : List.copyOf(marketingKeywords);
        }

        public OptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText,
                     Template confirmationTemplate) {
            this(enabled, keywords, responseEnabled, responseText, confirmationTemplate, null, true);
        }

        public OptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText) {
            this(enabled, keywords, responseEnabled, responseText, null);
        }
    }

    /**
     * @param keywords     the HELP keywords as given; null when absent (the default applies)
     * @param responseText the answer to HELP; null when absent: HELP is then not answered
     */
    public record Help(List<String> keywords, String responseText) {
        public static final Help NONE = new Help(null, null);

        public Help {
            keywords = keywords == null ? null : List.copyOf(keywords);
        }
    }

    /**
     * The marketing opt-out keywords in effect: the business's list, else the default without the
     * words the business lists in another kind (a default yields to an explicit list).
     */
    public List<String> marketingOptOutKeywords() {
        if (optOut.marketingKeywords() != null) {
            return optOut.marketingKeywords();
        }
        return withoutListed(DEFAULT_MARKETING_OPT_OUT, optOut.keywords(), listed(optIn.marketingKeywords()), optIn.keywords(),
                listed(help.keywords()));
    }

    /** The marketing opt-in keywords in effect: the business's list, else none. */
    public List<String> marketingOptInKeywords() {
        return listed(optIn.marketingKeywords());
    }

    /** The HELP keywords in effect: the business's list, else the default without the words it lists in another kind. */
    public List<String> helpKeywords() {
        if (help.keywords() != null) {
            return help.keywords();
        }
        return withoutListed(DEFAULT_HELP, optOut.keywords(), listed(optOut.marketingKeywords()),
                listed(optIn.marketingKeywords()), optIn.keywords());
    }

    private static List<String> listed(List<String> keywords) {
        return keywords == null ? List.of() : keywords;
    }

    @SafeVarargs
    private static List<String> withoutListed(List<String> defaults, List<String>... lists) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (List<String> list : lists) {
            for (String keyword : list) {
                taken.add(com.example.whatsapp.optin.consent.TextNormalizer.normalize(keyword));
            }
        }
        return defaults.stream().filter(word -> !taken.contains(com.example.whatsapp.optin.consent.TextNormalizer.normalize(word)))
                .toList();
    }

    /** A Meta message template: {@code name} and its {@code language} code. */
    public record Template(String name, String language) {
    }

    /** @param requireOptIn whether the outbound gate holds back business-initiated messages to UNKNOWN contacts */
    public record Outbound(boolean requireOptIn) {
        public static final Outbound DEFAULT = new Outbound(true);
    }
}
