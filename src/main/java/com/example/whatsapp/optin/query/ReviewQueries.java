package com.example.whatsapp.optin.query;

import com.example.whatsapp.optin.events.ConsentReview;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A business's reviews, newest first, from every partition of the consent-reviews topic, wherever
 * each partition's store lives. Never a partial list: while a partition cannot be read, the
 * answer is {@link Unavailable}.
 */
public interface ReviewQueries {

    /** Newest message first; among messages of the same time, by review id (descending), so the order is total. */
    Comparator<ConsentReview> NEWEST_FIRST = Comparator.comparing(ConsentReview::occurredAt)
            .thenComparing(ConsentReview::reviewId).reversed();

    sealed interface Answer permits Listed, Unavailable {
    }

    /** @param reviews at most the filter's limit, newest first */
    record Listed(List<ConsentReview> reviews) implements Answer {
    }

    record Unavailable(String reason) implements Answer {
    }

    /**
     * What to list.
     *
     * @param status    null: every status
     * @param contactId null: every contact (normalized when given)
     * @param reviewId  null: every review
     * @param after     null: from the newest; else only the reviews after this one in {@link #NEWEST_FIRST}
     */
    record Filter(ConsentReview.Status status, String contactId, String reviewId, Cursor after, int limit) {

        public boolean accepts(ConsentReview review) {
            return (status == null || review.status() == status)
                    && (contactId == null || contactId.equals(review.contactId()))
                    && (reviewId == null || reviewId.equals(review.reviewId()))
                    && (after == null || after.before(review));
        }
    }

    /** A position in {@link #NEWEST_FIRST}: the last review of a page. Opaque to clients. */
    record Cursor(String occurredAt, String reviewId) {

        public static Cursor of(ConsentReview review) {
            return new Cursor(review.occurredAt(), review.reviewId());
        }

        /** True when {@code review} comes after this position. */
        boolean before(ConsentReview review) {
            int byTime = review.occurredAt().compareTo(occurredAt);
            return byTime < 0 || byTime == 0 && review.reviewId().compareTo(reviewId) < 0;
        }

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((occurredAt + "|" + reviewId).getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor a page handed out; empty when {@code given} is not one. */
        public static Optional<Cursor> decode(String given) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(given), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                if (bar <= 0 || bar == text.length() - 1) {
                    return Optional.empty();
                }
                return Optional.of(new Cursor(text.substring(0, bar), text.substring(bar + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * @param partitions empty: every partition, from whichever instance holds it; present: only
     *                   these, from this instance's own store (another instance asked)
     */
    Answer list(String businessId, Filter filter, Optional<Set<Integer>> partitions);
}
