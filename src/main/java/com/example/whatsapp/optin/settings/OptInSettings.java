package com.example.whatsapp.optin.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A business's valid opt-in settings, as the contract's OptInSettings value. Every field but the
 * name and the keywords is optional: absent, it means no language packs, one opt-out text, no
 * confirmation template, the gate requiring an opt-in.
 */
public record OptInSettings(String businessName, List<String> languages, OptOut optOut, OptIn optIn, Outbound outbound) {

    public OptInSettings {
        languages = languages == null ? List.of() : List.copyOf(languages);
        optOut = optOut == null ? OptOut.NONE : optOut;
        optIn = optIn == null ? OptIn.OFF : optIn;
        outbound = outbound == null ? Outbound.DEFAULT : outbound;
    }

    /** Settings with keywords and texts alone: every optional field absent. */
    public OptInSettings(String businessName, OptOut optOut, OptIn optIn) {
        this(businessName, List.of(), optOut, optIn, null);
    }

    /** @param reasonableMeans v3: what revocations in the customer's own words do; absent: {@link ReasonableMeans#DEFAULT} */
    public record OptOut(List<String> keywords, boolean responseEnabled, String responseText,
                         Map<String, String> responseTexts, ReasonableMeans reasonableMeans) {
        public static final OptOut NONE = new OptOut(List.of(), false, null);

        public OptOut {
            keywords = List.copyOf(keywords);
            reasonableMeans = reasonableMeans == null ? ReasonableMeans.DEFAULT : reasonableMeans;
            // Ordered as given, so the settings read back as written.
            responseTexts = responseTexts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(responseTexts));
        }

        public OptOut(List<String> keywords, boolean responseEnabled, String responseText) {
            this(keywords, responseEnabled, responseText, null);
        }

        public OptOut(List<String> keywords, boolean responseEnabled, String responseText, Map<String, String> responseTexts) {
            this(keywords, responseEnabled, responseText, responseTexts, null);
        }
    }

    public record OptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText,
                        Template confirmationTemplate) {
        public static final OptIn OFF = new OptIn(false, List.of(), false, null);

        public OptIn {
            keywords = List.copyOf(keywords);
        }

        public OptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText) {
            this(enabled, keywords, responseEnabled, responseText, null);
        }
    }

    /** A Meta message template: {@code name} and its {@code language} code. */
    public record Template(String name, String language) {
    }

    /** @param requireOptIn whether the outbound gate holds back business-initiated messages to UNKNOWN contacts */
    public record Outbound(boolean requireOptIn) {
        public static final Outbound DEFAULT = new Outbound(true);
    }
}
