package com.example.whatsapp.optin.consent;


import java.util.Objects;

/**
 * Something that asks for a consent status, with everything the decision and its outputs need, so
 * that it can travel to the contact's partition on its own: a message that matched a keyword, a
 * consent record from another channel, Meta's marketing preference or failed-send signal, or a
 * HELP message to answer.
 *
 * @param source           where it comes from, and so which id space {@code sourceId} belongs to
 * @param sourceId         the message id, the record's {@code recordId}, the preference's {@code <value>@<timestamp>},
 *                         or the failed send's {@code 131050@<status id>}
 * @param direction        what it asks for; null for HELP
 * @param occurredAtMillis the message timestamp (or the record's, when the message had none), the record's occurredAt
 * @param keyword          the matched keyword as configured; null unless a message
 * @param replyText        the text confirmation to send if the status changes, or null
 * @param proof            a record's proof object as received (raw JSON), or null
 * @param template         the template confirmation to send if a record opts the contact in, or null
 * @param revocation       what the revocation detector found in a message that matched no keyword, or null
 * @param reviewText       the message's text when it goes to review instead of deciding anything; else null
 */
public record ConsentRequest(
        String businessId,
        String contactId,
        Source source,
        String sourceId,
        long occurredAtMillis,
        Direction direction,
        Trigger trigger,
        String keyword,
        String replyText,
        String proof,
        ReplyTemplate template,
        Revocation revocation,
        String reviewText) {

    /**
     * Where a request comes from. Messages that matched an opt-out or opt-in keyword, and consent
     * records, decide the status (scope ALL); the others decide the marketing status, except HELP,
     * which only asks for an answer, once per message id.
     */
    public enum Source {
        MESSAGE, RECORD, PREFERENCE,
        /** A message that matched a marketing opt-out or opt-in keyword. */
        MARKETING_MESSAGE,
        /** Meta's failed-send status with error 131050. */
        PLATFORM,
        /** A message that matched a HELP keyword, for a business with a help text. */
        HELP
    }

    /** The prefix of a failed-send signal's id: {@code 131050@<status id>}. */
    public static final String PLATFORM_ID_PREFIX = "131050@";

    /** A Meta message template to send as the confirmation. */
    public record ReplyTemplate(String name, String language) {
        public ReplyTemplate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(language, "language");
        }
    }

    public ConsentRequest {
        Objects.requireNonNull(businessId, "businessId");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceId, "sourceId");
        if (source != Source.HELP) {
            Objects.requireNonNull(direction, "direction");
        }
        Objects.requireNonNull(trigger, "trigger");
        if ((source == Source.MESSAGE && revocation == null) || source == Source.MARKETING_MESSAGE || source == Source.HELP) {
            Objects.requireNonNull(keyword, "keyword");
        }
        if (reviewText != null && (source != Source.MESSAGE || revocation == null)) {
            throw new IllegalArgumentException("only a message the revocation detector flagged goes to review");
        }
    }

    public ConsentRequest(String businessId, String contactId, Source source, String sourceId, long occurredAtMillis,
                          Direction direction, Trigger trigger, String keyword, String replyText, String proof,
                          ReplyTemplate template) {
        this(businessId, contactId, source, sourceId, occurredAtMillis, direction, trigger, keyword, replyText, proof,
                template, null, null);
    }

    /** A text message the detector found a revocation in, deciding an opt-out as a keyword would (AUTO). */
    public static ConsentRequest revocation(String businessId, String contactId, String messageId, long occurredAtMillis,
                                            Revocation revocation, String replyText) {
        return new ConsentRequest(businessId, contactId, Source.MESSAGE, messageId, occurredAtMillis, Direction.OPT_OUT,
                Trigger.REVOCATION, null, replyText, null, null, Objects.requireNonNull(revocation, "revocation"), null);
    }

    /** A text message the detector flagged, for a person to review: it decides nothing. */
    public static ConsentRequest review(String businessId, String contactId, String messageId, long occurredAtMillis,
                                        Revocation revocation, String text) {
        return new ConsentRequest(businessId, contactId, Source.MESSAGE, messageId, occurredAtMillis, Direction.OPT_OUT,
                Trigger.REVOCATION, null, null, null, null, Objects.requireNonNull(revocation, "revocation"),
                Objects.requireNonNull(text, "text"));
    }

    /** Whether this message goes to review rather than to the consent decision. */
    public boolean forReview() {
        return reviewText != null;
    }

    /** A message that matched {@code keyword}. */
    public ConsentRequest(String businessId, String contactId, String messageId, long occurredAtMillis, Direction direction,
                          Trigger trigger, String keyword, String replyText) {
        this(businessId, contactId, Source.MESSAGE, messageId, occurredAtMillis, direction, trigger, keyword, replyText,
                null, null);
    }

    /** A valid consent record. */
    public static ConsentRequest record(String businessId, String contactId, String recordId, long occurredAtMillis,
                                        Direction direction, Trigger channel, String proof, ReplyTemplate template) {
        return new ConsentRequest(businessId, contactId, Source.RECORD, recordId, occurredAtMillis, direction, channel,
                null, null, proof, template);
    }

    /** Meta's marketing preference: {@code value} is {@code stop} or {@code resume}. */
    public static ConsentRequest marketingPreference(String businessId, String contactId, String value, long timestampSeconds) {
        Direction direction = "stop".equals(value) ? Direction.OPT_OUT : Direction.OPT_IN;
        return new ConsentRequest(businessId, contactId, Source.PREFERENCE, value + "@" + timestampSeconds,
                timestampSeconds * 1000L, direction, Trigger.USER_PREFERENCES, null, null, null, null);
    }

    /** A message that matched a marketing keyword: it decides the marketing status. */
    public static ConsentRequest marketingMessage(String businessId, String contactId, String messageId, long occurredAtMillis,
                                                  Direction direction, Trigger trigger, String keyword, String replyText) {
        return new ConsentRequest(businessId, contactId, Source.MARKETING_MESSAGE, messageId, occurredAtMillis, direction,
                trigger, keyword, replyText, null, null);
    }

    /** Meta's failed send with error 131050: the user stopped the business's marketing messages. */
    public static ConsentRequest platformStop(String businessId, String contactId, String statusId, long timestampSeconds) {
        return new ConsentRequest(businessId, contactId, Source.PLATFORM, PLATFORM_ID_PREFIX + statusId,
                timestampSeconds * 1000L, Direction.OPT_OUT, Trigger.PLATFORM, null, null, null, null);
    }

    /** A message that matched a HELP keyword: {@code replyText} answers it. */
    public static ConsentRequest help(String businessId, String contactId, String messageId, long occurredAtMillis,
                                      Trigger trigger, String keyword, String replyText) {
        Objects.requireNonNull(replyText, "replyText");
        return new ConsentRequest(businessId, contactId, Source.HELP, messageId, occurredAtMillis, null, trigger, keyword,
                replyText, null, null);
    }

    /** The status the request decides; null for HELP, which decides none. */
    public Scope scope() {
        return switch (source) {
            case MESSAGE, RECORD -> Scope.ALL;
            case PREFERENCE, MARKETING_MESSAGE, PLATFORM -> Scope.MARKETING;
            case HELP -> null;
        };
    }

    /** The message's id (for a failed send, the failed message's), or null when no message is its source. */
    public String messageId() {
        return switch (source) {
            case MESSAGE, MARKETING_MESSAGE, HELP -> sourceId;
            case PLATFORM -> sourceId.substring(PLATFORM_ID_PREFIX.length());
            case RECORD, PREFERENCE -> null;
        };
    }

    /** The record's id, or null when the request is not a consent record. */
    public String recordId() {
        return source == Source.RECORD ? sourceId : null;
    }

    public String contactKey() {
        return ContactIds.contactKey(businessId, contactId);
    }
}
