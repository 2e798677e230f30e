package com.example.whatsapp.optin.consent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The contract's consent rule. A keyword message changes a contact's status only when it is not a
 * redelivery, not older than the newest message that already decided anything, and asks for a
 * status the contact does not already have.
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

    public enum Outcome {
        /** The status changed: emit an event (and a reply when enabled). */
        CHANGED,
        /** The message decided the status the contact already had: state advances, no output. */
        UNCHANGED,
        /** The same message id already decided something for this contact. */
        DUPLICATE,
        /** An older message than the newest that already decided something. */
        LATE
    }

    /**
     * @param state    what to store now (the current state when nothing is to be written)
     * @param previous the status before this message
     */
    public record Decision(Outcome outcome, ContactConsent state, ConsentStatus previous) {
    }

    public Decision decide(ContactConsent current, ConsentRequest request) {
        ContactConsent now = current == null ? ContactConsent.UNKNOWN : current;
        for (ContactConsent.DecidedMessage decided : now.recentDecisions()) {
            if (decided.messageId().equals(request.messageId())) {
                return new Decision(Outcome.DUPLICATE, now, now.status());
            }
        }
        if (request.occurredAtMillis() < now.newestDecisionMillis()) {
            return new Decision(Outcome.LATE, now, now.status());
        }
        List<ContactConsent.DecidedMessage> remembered = remember(now, request);
        ConsentStatus wanted = request.direction().resultingStatus();
        long newest = Math.max(now.newestDecisionMillis(), request.occurredAtMillis());
        if (wanted == now.status()) {
            return new Decision(Outcome.UNCHANGED,
                    new ContactConsent(now.status(), now.changedAtMillis(), now.trigger(), now.keyword(),
                            now.sourceMessageId(), newest, remembered),
                    now.status());
        }
        return new Decision(Outcome.CHANGED,
                new ContactConsent(wanted, request.occurredAtMillis(), request.trigger(), request.keyword(),
                        request.messageId(), newest, remembered),
                now.status());
    }

    private List<ContactConsent.DecidedMessage> remember(ContactConsent now, ConsentRequest request) {
        long newest = Math.max(now.newestDecisionMillis(), request.occurredAtMillis());
        long horizon = newest - dedupeWindowMillis;
        List<ContactConsent.DecidedMessage> kept = new ArrayList<>(now.recentDecisions().size() + 1);
        for (ContactConsent.DecidedMessage decided : now.recentDecisions()) {
            if (decided.occurredAtMillis() >= horizon) {
                kept.add(decided);
            }
        }
        kept.add(new ContactConsent.DecidedMessage(request.messageId(), request.occurredAtMillis()));
        if (kept.size() > maxRemembered) {
            kept.sort(Comparator.comparingLong(ContactConsent.DecidedMessage::occurredAtMillis));
            kept = new ArrayList<>(kept.subList(kept.size() - maxRemembered, kept.size()));
        }
        return kept;
    }
}
