package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.consent.ContactConsent;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The contacts store, whose values are kept as {@link ContactConsentSerde}'s bytes: the processors
 * read and write whole states through this, while a list of contacts reads only the statuses
 * ({@link ContactConsentSerde#current}) from the same bytes.
 */
public final class StoredContacts {

    private final KeyValueStore<String, byte[]> store;

    public StoredContacts(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** @return null when the contact was never decided */
    public ContactConsent get(String contactKey) {
        return ContactConsentSerde.decode(store.get(contactKey));
    }

    public void put(String contactKey, ContactConsent consent) {
        store.put(contactKey, ContactConsentSerde.encode(consent));
    }
}
