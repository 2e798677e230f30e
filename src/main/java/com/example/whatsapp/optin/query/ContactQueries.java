package com.example.whatsapp.optin.query;

import com.example.whatsapp.optin.consent.ContactConsent;

import java.util.Locale;
import java.util.Optional;

/**
 * A contact's consent, wherever its store lives: in this instance's store, or in the store of
 * the instance that owns the contact's partition, or, while that owner cannot answer, a standby
 * copy that holds every change committed before the lookup began. Never a guess: while no copy
 * can answer so, the answer is {@link Unavailable}.
 */
public interface ContactQueries {

    /** Names the instance whose store answered: host:port of its application.server. */
    String SERVED_BY_HEADER = "X-Optin-Served-By";
    /** Marks a lookup one instance asked of the contact's owner; the owner never sends it on. */
    String FORWARDED_HEADER = "X-Optin-Forwarded";
    /**
     * Which copy of the contact's store answered: {@code active}, or {@code standby} when the
     * active copy could not answer and a copy that holds every committed change did.
     */
    String SERVED_FROM_HEADER = "X-Optin-Served-From";

    /** The copy of the contact's store an answer came from. */
    enum ServedFrom {
        /** The instance that decides the contact's changes. */
        ACTIVE,
        /**
         * Another copy (a standby, or an active copy still restoring) that had read every change
         * committed before the lookup began: while the active cannot answer, no newer committed
         * truth exists.
         */
        STANDBY;

        public String headerValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    sealed interface Answer permits Found, Relayed, Unavailable {
    }

    /** @param consent null when the contact was never decided */
    record Found(ContactConsent consent, String servedBy, ServedFrom servedFrom) implements Answer {
        /** An answer of the active copy. */
        public Found(ContactConsent consent, String servedBy) {
            this(consent, servedBy, ServedFrom.ACTIVE);
        }
    }

    /** The owning (or standby) instance's HTTP answer, to pass on as it came. */
    record Relayed(int status, Optional<String> contentType, byte[] body, Optional<String> retryAfter,
                   Optional<String> servedBy, Optional<String> servedFrom) implements Answer {
        public Relayed(int status, Optional<String> contentType, byte[] body, Optional<String> retryAfter,
                       Optional<String> servedBy) {
            this(status, contentType, body, retryAfter, servedBy, Optional.empty());
        }
    }

    record Unavailable(String reason) implements Answer {
    }

    /**
     * @param contactId normalized
     * @param ownerPath the path and query to ask the owning instance when it is another one: the
     *                  route being answered, so every per-contact route is relayed as itself
     * @param forwarded true when another instance asked: answered from this instance's own copy
     *                  (active, or one holding every committed change), never sent on again
     */
    Answer find(String businessId, String contactId, String ownerPath, boolean forwarded);

    /** The contact lookup itself. */
    default Answer find(String businessId, String contactId, boolean forwarded) {
        return find(businessId, contactId, "/v1/businesses/" + businessId + "/contacts/" + contactId, forwarded);
    }
}
