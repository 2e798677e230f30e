package com.example.whatsapp.optin.consent;

/** A message matched {@code keyword}, spelled as configured. */
public record KeywordMatch(Direction direction, String keyword) {
}
