package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.consent.TextNormalizer;

import java.util.Optional;

/** The rule of every keyword, a business's or a built-in one. */
public final class KeywordRule {

    public static final int MAX_LENGTH = 64;

    private KeywordRule() {
    }

    /** What is wrong with {@code keyword}, if anything. */
    public static Optional<String> problem(String keyword) {
        if (TextNormalizer.normalize(keyword).isEmpty()) {
            return Optional.of("is empty after normalization");
        }
        if (keyword.codePointCount(0, keyword.length()) > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }
}
