package com.example.whatsapp.optin.consent;

import java.util.List;

/**
 * A contact's consent as kept in the state store: its status (scope ALL), decided by messages and
 * consent records; its marketing status, decided by Meta's marketing preferences; and its latest
 * changes of both.
 *
 * @param changedAtMillis      when the current status was decided (message or record time); 0 while UNKNOWN
 * @param trigger              what decided the current status
 * @param keyword              the keyword that decided it, null unless a message did
 * @param sourceMessageId      the message that decided it, null unless a message did
 * @param newestDecisionMillis time of the newest message or record that decided anything, changed or not
 * @param recentDecisions      messages that decided something, kept to drop redeliveries
 * @param sourceRecordId       the consent record that decided the current status, null unless one did
 * @param recentRecords        consent records that decided something, apart from the messages: a record
 *                             never counts as a redelivery of a message, nor the reverse
 * @param marketing            the marketing status, with its own ordering and redelivery memory
 * @param history              the latest changes of both scopes, oldest first, at most {@link ConsentDecider#HISTORY_LIMIT}
 * @param lastApproved         the last MARKETING or UTILITY request the gate approved, or null: what an opt-out is attributed to
 */
public record ContactConsent(
        ConsentStatus status,
        long changedAtMillis,
        Trigger trigger,
        String keyword,
        String sourceMessageId,
        long newestDecisionMillis,
        List<DecidedMessage> recentDecisions,
        String sourceRecordId,
        List<DecidedMessage> recentRecords,
        Marketing marketing,
        List<ConsentChange> history,
        LastApproved lastApproved) {

    public static final ContactConsent UNKNOWN =
            new ContactConsent(ConsentStatus.UNKNOWN, 0L, null, null, null, Long.MIN_VALUE, List.of());

    public ContactConsent {
        recentDecisions = recentDecisions == null ? List.of() : List.copyOf(recentDecisions);
        recentRecords = recentRecords == null ? List.of() : List.copyOf(recentRecords);
        marketing = marketing == null ? Marketing.UNKNOWN : marketing;
        history = history == null ? List.of() : List.copyOf(history);
    }

    public ContactConsent(ConsentStatus status, long changedAtMillis, Trigger trigger, String keyword, String sourceMessageId,
                          long newestDecisionMillis, List<DecidedMessage> recentDecisions, String sourceRecordId,
                          List<DecidedMessage> recentRecords, Marketing marketing, List<ConsentChange> history) {
        this(status, changedAtMillis, trigger, keyword, sourceMessageId, newestDecisionMillis, recentDecisions,
                sourceRecordId, recentRecords, marketing, history, null);
    }

    /** A contact decided by messages only (the state of version 1). */
    public ContactConsent(ConsentStatus status, long changedAtMillis, Trigger trigger, String keyword, String sourceMessageId,
                          long newestDecisionMillis, List<DecidedMessage> recentDecisions) {
        this(status, changedAtMillis, trigger, keyword, sourceMessageId, newestDecisionMillis, recentDecisions,
                null, List.of(), Marketing.UNKNOWN, List.of());
    }

    public ContactConsent withLastApproved(LastApproved approved) {
        return new ContactConsent(status, changedAtMillis, trigger, keyword, sourceMessageId, newestDecisionMillis,
                recentDecisions, sourceRecordId, recentRecords, marketing, history, approved);
    }

    /** The contact's marketing status (Meta's marketing preference), apart from {@link #status()}. */
    public ConsentStatus marketingStatus() {
        return marketing.status();
    }

    /** When the marketing status was decided (preference time); 0 while UNKNOWN. */
    public long marketingChangedAtMillis() {
        return marketing.changedAtMillis();
    }

    /** What the contact's lookup shows of it: both statuses and what decided them, not how the rule got there. */
    public Current current() {
        return new Current(status, changedAtMillis, trigger, keyword, sourceMessageId, sourceRecordId, marketing.status(),
                marketing.changedAtMillis());
    }

    /**
     * The contact's statuses and what decided them, without the rule's memory (the recent decisions
     * and records, the marketing preferences, the history, the last approved request): what a list
     * of contacts shows and filters on.
     */
    public record Current(ConsentStatus status, long changedAtMillis, Trigger trigger, String keyword, String sourceMessageId,
                          String sourceRecordId, ConsentStatus marketingStatus, long marketingChangedAtMillis) {
    }

    /** A message id (or record id, or preference id) that decided something, with its time. */
    public record DecidedMessage(String messageId, long occurredAtMillis) {
    }

    /**
     * The marketing status and what the consent rule needs for it.
     *
     * @param recentPreferences preference ids ({@code <value>@<timestamp>}) that decided something
     */
    public record Marketing(ConsentStatus status, long changedAtMillis, long newestDecisionMillis,
                            List<DecidedMessage> recentPreferences) {

        public static final Marketing UNKNOWN = new Marketing(ConsentStatus.UNKNOWN, 0L, Long.MIN_VALUE, List.of());

        public Marketing {
            recentPreferences = recentPreferences == null ? List.of() : List.copyOf(recentPreferences);
        }
    }
}
