package com.example.whatsapp.optin.consent;

/** What a consent status is about: the business's messages at all, or only its marketing (Meta's preference). */
public enum Scope {
    ALL, MARKETING
}
