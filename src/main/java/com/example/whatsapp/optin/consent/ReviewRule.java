package com.example.whatsapp.optin.consent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a message the revocation detector flagged opens a review. A review asks a person to opt
 * the contact out, so it follows the consent rule's conditions: not for a contact already opted
 * out, not for a message older than the newest one that decided anything for the contact (a
 * late-delivered message never overrides a newer decision), and once per message id: a redelivered
 * message opens no second review. Opening a review decides nothing, so the reviewed ids are
 * remembered apart from the deciding ones, for the same window.
 */
public final class ReviewRule {

    public enum Outcome {
        OPEN, DUPLICATE, LATE, ALREADY_OPTED_OUT
    }

    /** @param reviewed what to remember now: the ids given, with this one when it opens a review */
    public record Decision(Outcome outcome, List<ContactConsent.DecidedMessage> reviewed) {
    }

    private final long windowMillis;
    private final int maxRemembered;

    public ReviewRule(Duration window, int maxRemembered) {
        if (window.compareTo(ConsentDecider.MIN_DEDUPE_WINDOW) < 0) {
            throw new IllegalArgumentException("the review memory must be at least " + ConsentDecider.MIN_DEDUPE_WINDOW.toDays()
                    + " days, was " + window);
        }
        this.windowMillis = window.toMillis();
        this.maxRemembered = maxRemembered;
    }

    /**
     * @param consent  the contact's consent, null when never decided
     * @param reviewed the message ids that opened a review for this contact, with their times
     */
    public Decision judge(ContactConsent consent, List<ContactConsent.DecidedMessage> reviewed, String messageId,
                          long occurredAtMillis) {
        ContactConsent now = consent == null ? ContactConsent.UNKNOWN : consent;
        List<ContactConsent.DecidedMessage> known = reviewed == null ? List.of() : reviewed;
        if (contains(known, messageId) || contains(now.recentDecisions(), messageId)) {
            return new Decision(Outcome.DUPLICATE, known);
        }
        if (occurredAtMillis < now.newestDecisionMillis()) {
            return new Decision(Outcome.LATE, known);
        }
        if (now.status() == ConsentStatus.OPTED_OUT) {
            return new Decision(Outcome.ALREADY_OPTED_OUT, known);
        }
        long newest = occurredAtMillis;
        for (ContactConsent.DecidedMessage m : known) {
            newest = Math.max(newest, m.occurredAtMillis());
        }
        long horizon = newest - windowMillis;
        List<ContactConsent.DecidedMessage> kept = new ArrayList<>(known.size() + 1);
        for (ContactConsent.DecidedMessage m : known) {
            if (m.occurredAtMillis() >= horizon) {
                kept.add(m);
            }
        }
        kept.add(new ContactConsent.DecidedMessage(messageId, occurredAtMillis));
        if (kept.size() > maxRemembered) {
            kept.sort(Comparator.comparingLong(ContactConsent.DecidedMessage::occurredAtMillis));
            kept = new ArrayList<>(kept.subList(kept.size() - maxRemembered, kept.size()));
        }
        return new Decision(Outcome.OPEN, List.copyOf(kept));
    }

    private static boolean contains(List<ContactConsent.DecidedMessage> messages, String messageId) {
        for (ContactConsent.DecidedMessage m : messages) {
            if (m.messageId().equals(messageId)) {
                return true;
            }
        }
        return false;
    }
}
