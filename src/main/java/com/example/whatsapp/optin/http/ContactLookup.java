package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.topology.TopologyNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;

import java.util.Set;

/**
 * Finds a contact's consent: from the local store with an interactive query when this instance
 * owns the key, else names the instance that does. Never guesses: while the key's owner is not
 * known or its store is not ready, the answer is "unavailable".
 */
final class ContactLookup {

    sealed interface Result permits Found, ElsewhereAt, Unavailable {
    }

    /** @param consent null when the contact was never decided */
    record Found(ContactConsent consent) implements Result {
    }

    record ElsewhereAt(HostInfo host) implements Result {
    }

    record Unavailable(String reason) implements Result {
    }

    private final KafkaStreams streams;
    private final HostInfo self;

    ContactLookup(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    Result find(String contactKey) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Unavailable("the service is " + streams.state().name().toLowerCase() + ", not running");
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(TopologyNames.CONTACTS_STORE, contactKey, Serdes.String().serializer());
        } catch (RuntimeException e) {
            return new Unavailable("the owner of the contact is not known yet");
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Unavailable("the owner of the contact is not known yet");
        }
        if (!self.equals(metadata.activeHost())) {
            return new ElsewhereAt(metadata.activeHost());
        }
        StateQueryRequest<ContactConsent> request = StateQueryRequest
                .inStore(TopologyNames.CONTACTS_STORE)
                .withQuery(KeyQuery.<String, ContactConsent>withKey(contactKey))
                .withPartitions(Set.of(metadata.partition()))
                .requireActive();
        StateQueryResult<ContactConsent> result = streams.query(request);
        QueryResult<ContactConsent> partition = result.getPartitionResults().get(metadata.partition());
        if (partition == null) {
            return new Unavailable("the contact's partition is not here right now");
        }
        if (partition.isFailure()) {
            return new Unavailable("the contact's store is not ready: " + partition.getFailureReason());
        }
        return new Found(partition.getResult());
    }
}
