package com.example.whatsapp.optin.consent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The contract's consent rule. A keyword message (or a consent record, or a marketing preference)
 * changes a contact's status only when it is not a redelivery, not older than the newest one that
 * already decided anything, and asks for a status the contact does not already have.
 *
 * <p>Message ids are remembered for {@code dedupeWindow} of message time behind the newest
 * decision: a redelivery carries its original timestamp, so once it falls out of that window
 * the lateness rule alone rejects it. At most {@code maxRemembered} ids are kept per contact
 * (the newest), which bounds the state a chatty contact can grow.
 */
public final class ConsentDecider {

    /** The contract's minimum; the configured window ({@code optin.dedupe.window.days}) may be longer. */
    public static final Duration MIN_DEDUPE_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_MAX_REMEMBERED = 64;
    /** How many changes (both scopes) a contact's history keeps, the newest. */
    public static final int HISTORY_LIMIT = 20;

    private final long dedupeWindowMillis;
    private final int maxRemembered;

    public ConsentDecider() {
        this(MIN_DEDUPE_WINDOW, DEFAULT_MAX_REMEMBERED);
    }

    public ConsentDecider(Duration dedupeWindow, int maxRemembered) {
        if (dedupeWindow.compareTo(MIN_DEDUPE_WINDOW) < 0) {
            throw new IllegalArgumentException("the dedupe window must be at least " + MIN_DEDUPE_WINDOW.toDays()
                    + " days, was " + dedupeWindow);
        }
        if (maxRemembered < 1) {
            throw new IllegalArgumentException("maxRemembered must be positive");
        }
        this.dedupeWindowMillis = dedupeWindow.toMillis();
        this.maxRemembered = maxRemembered;
    }

    /** How long message ids are remembered; a review's memory of them is as long. */
    public Duration dedupeWindow() {
        return Duration.ofMillis(dedupeWindowMillis);
    }

    public enum Outcome {
        /** The status changed: emit an event (and a reply when enabled). */
        CHANGED,
        /** The request decided the status the contact already had: state advances, no output. */
        UNCHANGED,
        /** The same id already decided something for this contact (in its id space). */
        DUPLICATE,
        /** Older than the newest request that already decided something (in its scope). */
        LATE,
        /** A HELP message not answered before: answer it; its id is remembered, nothing else changes. */
        ANSWERED
    }

    /**
     * @param state    what to store now (the current state when nothing is to be written)
     * @param previous the status (of the request's scope) before this request
     * @param change   the change, when the outcome is CHANGED; else null
     */
    public record ConsentUpdate(Outcome outcome, ContactConsent state, ConsentStatus previous, ConsentChange change) {
    }

    public ConsentUpdate decide(ContactConsent current, ConsentRequest request) {
        return decide(current, request, request.occurredAtMillis());
    }

    /**
     * The contract's rule, for the status of the request's scope: messages and consent records
     * decide the status (one order by time, their ids apart); marketing preferences, marketing
     * keywords and Meta's failed-send signal the marketing status (its own order and ids). A HELP
     * message is answered once per message id and decides nothing.
     *
     * @param processedAtMillis when the change is processed, for its event and the history
     */
    public ConsentUpdate decide(ContactConsent current, ConsentRequest request, long processedAtMillis) {
        ContactConsent now = current == null ? ContactConsent.UNKNOWN : current;
        boolean marketing = request.scope() == Scope.MARKETING;
        ConsentStatus status = marketing ? now.marketingStatus() : now.status();
        long newestDecision = marketing ? now.marketing().newestDecisionMillis() : now.newestDecisionMillis();
        // HELP shares the messages' ids: one message is one kind, and a redelivered one must not be answered twice.
        List<ContactConsent.DecidedMessage> remembered = switch (request.source()) {
            case MESSAGE, HELP -> now.recentDecisions();
            case RECORD -> now.recentRecords();
            case PREFERENCE, MARKETING_MESSAGE, PLATFORM -> now.marketing().recentPreferences();
        };
        for (ContactConsent.DecidedMessage decided : remembered) {
            if (decided.messageId().equals(request.sourceId())) {
                return new ConsentUpdate(Outcome.DUPLICATE, now, status, null);
            }
        }
        if (request.source() == ConsentRequest.Source.HELP) {
            // Answered whatever its time: it decides nothing, so it neither is late nor makes others late.
            List<ContactConsent.DecidedMessage> kept =
                    remember(remembered, Math.max(now.newestDecisionMillis(), request.occurredAtMillis()), request);
            return new ConsentUpdate(Outcome.ANSWERED, new ContactConsent(now.status(), now.changedAtMillis(), now.trigger(),
                    now.keyword(), now.sourceMessageId(), now.newestDecisionMillis(), kept, now.sourceRecordId(),
                    now.recentRecords(), now.marketing(), now.history(), now.lastApproved()), status, null);
        }
        if (request.occurredAtMillis() < newestDecision) {
            return new ConsentUpdate(Outcome.LATE, now, status, null);
        }
        long newest = Math.max(newestDecision, request.occurredAtMillis());
        List<ContactConsent.DecidedMessage> kept = remember(remembered, newest, request);
        ConsentStatus wanted = request.direction().resultingStatus();
        boolean changed = wanted != status;
        ConsentChange change = !changed ? null : new ConsentChange(ConsentIds.eventId(request), request.scope(), wanted, status,
                request.trigger(), request.keyword(), request.messageId(), request.recordId(), request.proof(),
                request.occurredAtMillis(), processedAtMillis);
        List<ConsentChange> history = changed ? append(now.history(), change) : now.history();
        ContactConsent next;
        if (marketing) {
            ContactConsent.Marketing m = now.marketing();
            next = new ContactConsent(now.status(), now.changedAtMillis(), now.trigger(), now.keyword(), now.sourceMessageId(),
                    now.newestDecisionMillis(), now.recentDecisions(), now.sourceRecordId(), now.recentRecords(),
                    new ContactConsent.Marketing(wanted, changed ? request.occurredAtMillis() : m.changedAtMillis(), newest, kept),
                    history);
        } else {
            List<ContactConsent.DecidedMessage> messages = request.source() == ConsentRequest.Source.MESSAGE ? kept : now.recentDecisions();
            List<ContactConsent.DecidedMessage> records = request.source() == ConsentRequest.Source.RECORD ? kept : now.recentRecords();
            next = changed
                    ? new ContactConsent(wanted, request.occurredAtMillis(), request.trigger(), request.keyword(),
                    request.messageId(), newest, messages, request.recordId(), records, now.marketing(), history)
                    : new ContactConsent(now.status(), now.changedAtMillis(), now.trigger(), now.keyword(), now.sourceMessageId(),
                    newest, messages, now.sourceRecordId(), records, now.marketing(), history);
        }
        if (now.lastApproved() != null) {
            next = next.withLastApproved(now.lastApproved());
        }
        return new ConsentUpdate(changed ? Outcome.CHANGED : Outcome.UNCHANGED, next, status, change);
    }

    private static List<ConsentChange> append(List<ConsentChange> history, ConsentChange change) {
        int from = Math.max(0, history.size() + 1 - HISTORY_LIMIT);
        List<ConsentChange> next = new ArrayList<>(history.size() + 1 - from);
        next.addAll(history.subList(from, history.size()));
        next.add(change);
        return next;
    }

    private List<ContactConsent.DecidedMessage> remember(List<ContactConsent.DecidedMessage> remembered, long newest,
                                                         ConsentRequest request) {
        long horizon = newest - dedupeWindowMillis;
        List<ContactConsent.DecidedMessage> kept = new ArrayList<>(remembered.size() + 1);
        for (ContactConsent.DecidedMessage decided : remembered) {
            if (decided.occurredAtMillis() >= horizon) {
                kept.add(decided);
            }
        }
        kept.add(new ContactConsent.DecidedMessage(request.sourceId(), request.occurredAtMillis()));
        if (kept.size() > maxRemembered) {
            kept.sort(Comparator.comparingLong(ContactConsent.DecidedMessage::occurredAtMillis));
            kept = new ArrayList<>(kept.subList(kept.size() - maxRemembered, kept.size()));
        }
        return kept;
    }
}
