package com.example.whatsapp.optin.consent;

public enum Trigger {
    /** A free-text message. */
    KEYWORD,
    /** A quick-reply button or an interactive button/list reply. */
    BUTTON
}
