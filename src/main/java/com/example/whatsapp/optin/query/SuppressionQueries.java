package com.example.whatsapp.optin.query;

import com.example.whatsapp.optin.consent.CampaignCounts;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.StatusCounts;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The suppression list (a business's contacts by status, in pages), its summary, and the
 * campaign counts, each over every partition, wherever each partition lives. Never a partial
 * answer: while a partition cannot be read, the answer is {@link Unavailable}.
 */
public interface SuppressionQueries {

    /** Which contacts a page lists: those whose status in {@code scope} is {@code status}, changed at or after {@code changedSinceMillis}. */
    record Filter(Scope scope, ConsentStatus status, Long changedSinceMillis) {

        public boolean matches(ContactConsent.Current c) {
            boolean marketing = scope == Scope.MARKETING;
            if ((marketing ? c.marketingStatus() : c.status()) != status) {
                return false;
            }
            return changedSinceMillis == null
                    || (marketing ? c.marketingChangedAtMillis() : c.changedAtMillis()) >= changedSinceMillis;
        }
    }

    /**
     * A contact of a page: from this instance's store ({@code consent}), or as another instance
     * rendered it ({@code relayed}, the lookup body).
     */
    record Item(String contactId, ContactConsent.Current consent, JsonNode relayed) {
    }

    sealed interface Answer<T> permits Answered, Unavailable {
    }

    record Answered<T>(T value) implements Answer<T> {
    }

    record Unavailable<T>(String reason) implements Answer<T> {
    }

    /** @param more whether contacts follow the last one */
    record Page(List<Item> items, boolean more) {
    }

    /**
     * @param after         the last contactId of the previous page, or null for the first page
     * @param relayPath     the route and query to ask another instance, as this instance was asked
     * @param authorization the caller's Authorization header, passed on to the other instances
     * @param partitions    empty: every partition; present: only these, from this instance's own store
     */
    Answer<Page> page(String businessId, Filter filter, String after, int limit, String relayPath, String authorization,
                      Optional<Set<Integer>> partitions);

    Answer<StatusCounts> summary(String businessId, Optional<Set<Integer>> partitions);

    /** @return per campaign key ({@link CampaignCounts#key}), the counts of the days from {@code from} to {@code to} */
    /** @param authorization the caller's Authorization header, passed on to the other instances */
    Answer<Map<String, CampaignCounts>> campaigns(String businessId, LocalDate from, LocalDate to, String authorization,
                                                  Optional<Set<Integer>> partitions);
}
