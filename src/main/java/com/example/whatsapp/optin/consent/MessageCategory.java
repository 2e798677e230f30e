package com.example.whatsapp.optin.consent;

import java.util.Optional;

/** What a business means to send: Meta's template categories, or a reply inside the service window. */
public enum MessageCategory {
    MARKETING, UTILITY, AUTHENTICATION, SERVICE;

    /** The category named exactly (upper case, as the contract spells it), or empty. */
    public static Optional<MessageCategory> named(String name) {
        if (name != null) {
            for (MessageCategory category : values()) {
                if (category.name().equals(name)) {
                    return Optional.of(category);
                }
            }
        }
        return Optional.empty();
    }
}
