package com.example.whatsapp.optin.consent;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Finds revocations in the customer's own words, in English and the business's language packs,
 * in text that matched no keyword of any kind (exact matching comes first).
 */
public final class RevocationDetector {

    private RevocationDetector() {
    }

    /**
     * The detector of a business: English plus {@code languages} (pack codes, as in the settings).
     *
     * @param optOutKeywords the business's opt-out keywords of every source (built-ins, its own, its packs'),
     *                       as configured: the words a misspelling may be of
     * @param neverFlagged   keywords of the other kinds (opt-in, marketing, help), as configured: never a revocation,
     *                       even when their kind is switched off
     */
    public static RevocationDetector of(List<String> languages, Collection<String> optOutKeywords,
                                        Collection<String> neverFlagged) {
        return new RevocationDetector();
    }

    /** The revocation {@code text} makes, or empty when it is none. */
    public Optional<Revocation> detect(String text) {
        return Optional.empty();
    }
}
