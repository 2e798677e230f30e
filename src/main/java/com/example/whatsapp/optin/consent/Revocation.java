package com.example.whatsapp.optin.consent;

import java.util.Objects;

/**
 * A message that revokes consent in the customer's own words.
 *
 * @param rule the short name of the rule that fired ({@code keyword-with-courtesy}, {@code stop-messaging-me},
 *             {@code remove-from-list}, {@code misspelt-keyword}, ...): the explanation an event and a review carry
 */
public record Revocation(RevocationTier tier, String rule) {

    public Revocation {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(rule, "rule");
    }
}
