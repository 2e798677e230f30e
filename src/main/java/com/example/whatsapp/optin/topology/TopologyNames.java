package com.example.whatsapp.optin.topology;

/**
 * Every processor, store and internal topic name. Internal topics and stores derive from these, so
 * they must never change once deployed: a renamed store loses its changelog.
 */
public final class TopologyNames {

    public static final String SETTINGS_SOURCE = "settings-source";
    public static final String VALIDATE_SETTINGS = "validate-settings";
    public static final String VALID_SETTINGS_SINK = "valid-settings-sink";

    public static final String INBOUND_SOURCE = "inbound-source";
    public static final String AWAIT_SETTINGS = "await-settings";
    /** Its changelog is {@code <application.id>-messages-awaiting-settings-changelog}. */
    public static final String AWAITING_SETTINGS_STORE = "messages-awaiting-settings";
    public static final String MATCH_KEYWORDS = "match-keywords";
    public static final String ROUTE = "route-";
    public static final String ALREADY_KEYED_BY_CONTACT = "keyed-by-contact";
    public static final String NEEDS_REKEY = "needs-rekey";
    public static final String REKEY_BY_CONTACT = "key-by-contact";
    /** The repartition topic is {@code <application.id>-consent-requests-by-contact-repartition}. */
    public static final String REQUESTS_BY_CONTACT = "consent-requests-by-contact";
    public static final String ALL_REQUESTS = "all-consent-requests";

    // Revocations in the customer's own words: the flagged messages that go to review leave the
    // requests here, in the task that holds their contacts' consent.
    public static final String BY_PURPOSE = "purpose-";
    public static final String FOR_REVIEW = "for-review";
    public static final String TO_DECIDE = "to-decide";
    /** Reads {@link #CONTACTS_STORE}, never writes it. */
    public static final String OPEN_REVIEW = "open-review";
    /** Its changelog is {@code <application.id>-consent-reviewed-messages-changelog}. */
    public static final String REVIEWED_MESSAGES_STORE = "consent-reviewed-messages";
    public static final String CONSENT_REVIEWS_SINK = "consent-reviews-sink";
    // The reviews as the HTTP API lists them: the consent-reviews topic read back, decisions included.
    public static final String CONSENT_REVIEWS_SOURCE = "consent-reviews-source";
    public static final String INDEX_REVIEWS = "index-reviews";
    /**
     * Keyed {@code <businessId>:<contactId>:<reviewId>}, partitioned as the topic (by contact key); its
     * changelog is {@code <application.id>-consent-reviews-changelog}.
     */
    public static final String REVIEWS_STORE = "consent-reviews";

    public static final String DECIDE_CONSENT = "decide-consent";
    /** Its changelog is {@code <application.id>-consent-contacts-changelog}. */
    public static final String CONTACTS_STORE = "consent-contacts";

    /** Every change has an event; the answer to HELP has none. */
    public static final String WITH_EVENT = "with-event";
    public static final String TO_CONSENT_EVENT = "to-consent-event";
    public static final String CONSENT_EVENTS_SINK = "consent-events-sink";
    public static final String WITH_REPLY = "with-reply";
    public static final String TO_REPLY_COMMAND = "to-reply-command";
    public static final String REPLY_COMMANDS_SINK = "reply-commands-sink";

    // The outbound gate: its requests join the consent sub-topology, whose task holds their contacts.
    public static final String OUTBOUND_SOURCE = "outbound-requests-source";
    public static final String AWAIT_SETTINGS_OUTBOUND = "await-settings-outbound";
    /** Its changelog is {@code <application.id>-outbound-requests-awaiting-settings-changelog}. */
    public static final String OUTBOUND_AWAITING_SETTINGS_STORE = "outbound-requests-awaiting-settings";
    public static final String OUTBOUND_ROUTE = "outbound-route-";
    public static final String OUTBOUND_REKEY_BY_CONTACT = "outbound-key-by-contact";
    /** The repartition topic is {@code <application.id>-outbound-requests-by-contact-repartition}. */
    public static final String OUTBOUND_BY_CONTACT = "outbound-requests-by-contact";
    public static final String ALL_OUTBOUND = "all-outbound-requests";
    /** Reads {@link #CONTACTS_STORE}; writes only a contact's last approved MARKETING or UTILITY request. */
    public static final String JUDGE_OUTBOUND = "judge-outbound";
    public static final String OUTBOUND_VERDICT = "outbound-verdict-";
    public static final String APPROVED = "approved";
    public static final String SUPPRESSED = "suppressed";
    public static final String OUTBOUND_APPROVED_SINK = "outbound-approved-sink";
    public static final String OUTBOUND_SUPPRESSED_SINK = "outbound-suppressed-sink";

    /** The repartition topic the outbound requests take to their contact's partition. */
    public static String outboundRepartitionTopic(String applicationId) {
        return applicationId + "-" + OUTBOUND_BY_CONTACT + "-repartition";
    }
    // Consent records, merged into the inbound matches before routing, so that they use the
    // same repartition topic and the same contact store.
    public static final String CONSENT_RECORDS_SOURCE = "consent-records-source";
    public static final String RAW_RECORDS = "raw-consent-records";
    public static final String AWAIT_SETTINGS_RECORDS = "await-settings-records";
    /** Its changelog is {@code <application.id>-consent-records-awaiting-settings-changelog}. */
    public static final String RECORDS_AWAITING_SETTINGS_STORE = "consent-records-awaiting-settings";
    public static final String JUDGE_RECORDS = "judge-consent-records";
    public static final String RECORD_VERDICT = "consent-record-verdict-";
    public static final String VALID = "valid";
    public static final String REJECTED = "rejected";
    public static final String TO_RECORD_DEAD_LETTER = "to-consent-record-dead-letter";
    public static final String RECORDS_DEAD_LETTER_SINK = "consent-records-dead-letter-sink";
    public static final String TO_RECORD_REQUEST = "to-consent-record-request";
    public static final String WITH_RECORDS = "with-consent-records";

    // The console's daily counts: the consent-events topic read back, so every change counts, whatever made it.
    public static final String CONSENT_EVENTS_SOURCE = "consent-events-source";
    public static final String COUNT_CHANGES_PER_DAY = "count-changes-per-day";
    /** A window store of one-day windows; its changelog is {@code <application.id>-consent-changes-per-day-changelog}. */
    public static final String CHANGES_PER_DAY_STORE = "consent-changes-per-day";

    // The suppression list's summary and the campaign counts, beside the daily counts: the outputs read back.
    public static final String COUNT_CONSENT_OUTCOMES = "count-consent-outcomes";
    /** A key-value store by businessId; its changelog is {@code <application.id>-contacts-per-status-changelog}. */
    public static final String CONTACTS_PER_STATUS_STORE = "contacts-per-status";
    public static final String OUTBOUND_APPROVED_SOURCE = "outbound-approved-source";
    public static final String OUTBOUND_SUPPRESSED_SOURCE = "outbound-suppressed-source";
    public static final String ALL_DECISIONS = "all-outbound-decisions";
    public static final String COUNT_CAMPAIGN_DECISIONS = "count-campaign-decisions";
    /** A window store of one-day windows; its changelog is {@code <application.id>-campaigns-per-day-changelog}. */
    public static final String CAMPAIGNS_PER_DAY_STORE = "campaigns-per-day";

    private TopologyNames() {
    }

    /** The changelog topic Kafka Streams keeps for {@code store}. */
    public static String changelogOf(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }
}
