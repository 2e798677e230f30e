package com.example.whatsapp.optin.query;

import com.example.whatsapp.optin.consent.ContactConsent;

import java.util.Optional;

/**
 * A contact's consent, wherever its store lives: in this instance's store, or in the store of
 * the instance that owns the contact's partition. Never a guess: while the owner or its store is
 * not ready, the answer is {@link Unavailable}.
 */
public interface ContactQueries {

    /** Names the instance whose store answered: host:port of its application.server. */
    String SERVED_BY_HEADER = "X-Optin-Served-By";
    /** Marks a lookup one instance asked of the contact's owner; the owner never sends it on. */
    String FORWARDED_HEADER = "X-Optin-Forwarded";

    sealed interface Answer permits Found, Relayed, Unavailable {
    }

    /** @param consent null when the contact was never decided */
    record Found(ContactConsent consent, String servedBy) implements Answer {
    }

    /** The owning instance's HTTP answer, to pass on as it came. */
    record Relayed(int status, Optional<String> contentType, byte[] body, Optional<String> retryAfter,
                   Optional<String> servedBy) implements Answer {
    }

    record Unavailable(String reason) implements Answer {
    }

    /**
     * @param contactId normalized
     * @param ownerPath the path and query to ask the owning instance when it is another one: the
     *                  route being answered, so every per-contact route is relayed as itself
     * @param forwarded true when another instance asked: the lookup is not sent on again
     */
    Answer find(String businessId, String contactId, String ownerPath, boolean forwarded);

    /** The contact lookup itself. */
    default Answer find(String businessId, String contactId, boolean forwarded) {
        return find(businessId, contactId, "/v1/businesses/" + businessId + "/contacts/" + contactId, forwarded);
    }
}
