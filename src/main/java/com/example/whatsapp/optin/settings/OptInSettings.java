package com.example.whatsapp.optin.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** A business's valid opt-in settings, as the contract's OptInSettings value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"businessName", "optOut", "optIn"})
public record OptInSettings(String businessName, OptOut optOut, OptIn optIn) {

    public OptInSettings {
        optOut = optOut == null ? OptOut.NONE : optOut;
        optIn = optIn == null ? OptIn.OFF : optIn;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"keywords", "responseEnabled", "responseText"})
    public record OptOut(List<String> keywords, boolean responseEnabled, String responseText) {
        public static final OptOut NONE = new OptOut(List.of(), false, null);

        public OptOut {
            keywords = List.copyOf(keywords);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"enabled", "keywords", "responseEnabled", "responseText"})
    public record OptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText) {
        public static final OptIn OFF = new OptIn(false, List.of(), false, null);

        public OptIn {
            keywords = List.copyOf(keywords);
        }
    }
}
