package com.example.whatsapp.optin.consent;

/**
 * One change of a contact's consent, in either scope: what its ConsentEvent says, kept in the
 * contact's history.
 *
 * @param keyword         the matched keyword, null unless a message decided
 * @param sourceMessageId null unless a message decided
 * @param sourceRecordId  null unless a consent record decided
 * @param proof           the record's proof object as received (raw JSON), or null
 */
public record ConsentChange(
        String eventId,
        Scope scope,
        ConsentStatus status,
        ConsentStatus previousStatus,
        Trigger trigger,
        String keyword,
        String sourceMessageId,
        String sourceRecordId,
        String proof,
        long occurredAtMillis,
        long processedAtMillis) {
}
