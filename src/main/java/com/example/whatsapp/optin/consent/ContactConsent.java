package com.example.whatsapp.optin.consent;

import java.util.List;

/**
 * A contact's consent as kept in the state store.
 *
 * @param changedAtMillis      when the current status was decided (message time); 0 while UNKNOWN
 * @param newestDecisionMillis timestamp of the newest message that decided anything, changed or not
 * @param recentDecisions      messages that decided something, kept to drop redeliveries
 */
public record ContactConsent(
        ConsentStatus status,
        long changedAtMillis,
        Trigger trigger,
        String keyword,
        String sourceMessageId,
        long newestDecisionMillis,
        List<DecidedMessage> recentDecisions) {

    public static final ContactConsent UNKNOWN =
            new ContactConsent(ConsentStatus.UNKNOWN, 0L, null, null, null, Long.MIN_VALUE, List.of());

    public ContactConsent {
        recentDecisions = List.copyOf(recentDecisions);
    }

    /**
     * The contact's marketing status (Meta's marketing preference), apart from {@link #status()}.
     * Always UNKNOWN until marketing preferences are decided (issue 11 gives it its own state).
     */
    public ConsentStatus marketingStatus() {
        return ConsentStatus.UNKNOWN;
    }

    /** A message id that decided something, with its message time. */
    public record DecidedMessage(String messageId, long occurredAtMillis) {
    }
}
