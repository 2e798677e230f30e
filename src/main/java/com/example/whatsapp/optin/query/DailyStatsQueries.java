package com.example.whatsapp.optin.query;

import com.example.whatsapp.optin.consent.DailyCounts;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A business's consent changes per UTC day, summed over every partition of the consent-events
 * topic, wherever each partition's counts live. Never a partial sum: while a partition's counts
 * cannot be read, the answer is {@link Unavailable}.
 */
public interface DailyStatsQueries {

    /** The partitions of the counts one instance is asked for by another, and answers alone. */
    String PARTITIONS_HEADER = "X-Optin-Partitions";

    sealed interface Answer permits Counted, Unavailable {
    }

    /** @param byDay the days with any change; the others are zero */
    record Counted(Map<LocalDate, DailyCounts> byDay) implements Answer {
    }

    record Unavailable(String reason) implements Answer {
    }

    /**
     * @param from       the first day, inclusive
     * @param to         the last day, inclusive
     * @param partitions empty: every partition, from whichever instance holds it; present: only
     *                   these, from this instance's own store (another instance asked)
     */
    Answer count(String businessId, LocalDate from, LocalDate to, Optional<Set<Integer>> partitions);
}
