package com.example.whatsapp.optin.consent;

/**
 * What caused a change. Stored by ordinal in the contact store's values: new values go at the end.
 */
public enum Trigger {
    /** A free-text message. */
    KEYWORD,
    /** A quick-reply button or an interactive button/list reply. */
    BUTTON,
    /** Meta's marketing preference ({@code user_preferences} webhook change). */
    USER_PREFERENCES,
    // The ConsentRecord channels.
    WEBSITE_FORM,
    IN_APP,
    SOCIAL_AD,
    QR_CODE,
    SMS,
    EMAIL,
    IMPORT,
    AGENT,
    /** A revocation in the customer's own words ({@link RevocationDetector}), in a business's AUTO mode. */
    REVOCATION,
    /** Meta's own signal: a marketing message failed with error 131050 (the user stopped marketing). */
    PLATFORM;

    /** The ConsentRecord channels, in the contract's order. */
    public static final java.util.List<Trigger> CHANNELS =
            java.util.List.of(WEBSITE_FORM, IN_APP, SOCIAL_AD, QR_CODE, SMS, EMAIL, IMPORT, AGENT);

    public boolean isChannel() {
        return CHANNELS.contains(this);
    }
}
