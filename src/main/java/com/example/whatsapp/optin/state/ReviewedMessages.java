package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.consent.ContactConsent;

import java.util.List;

/**
 * The values of the reviewed-messages store ({@code <application.id>-consent-reviewed-messages-changelog}):
 * per contact, the message ids that opened a review, with their times. JSON: a store written only
 * when a review opens, which is rare.
 */
public record ReviewedMessages(List<ContactConsent.DecidedMessage> messages) {

    public ReviewedMessages {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
