package com.example.whatsapp.optin.query;

import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.contact.ContactIds;
import com.example.whatsapp.optin.topology.TopologyNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Answers from the contacts store with an interactive query (IQv2) when this instance owns the
 * contact's partition, else asks the owning instance over its HTTP API (its application.server).
 */
public final class StoreContactQueries implements ContactQueries {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String selfName;
    private final BooleanSupplier hasRun;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** @param hasRun true once Kafka Streams has been RUNNING: before, the service is starting */
    public StoreContactQueries(KafkaStreams streams, HostInfo self, BooleanSupplier hasRun) {
        this.streams = streams;
        this.self = self;
        this.selfName = self.host() + ":" + self.port();
        this.hasRun = hasRun;
    }

    @Override
    public Answer find(String businessId, String contactId, String ownerPath, boolean forwarded) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new Unavailable(notRunning(state));
        }
        String contactKey = ContactIds.contactKey(businessId, contactId);
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
            return forwarded ? new Unavailable("the contact's owner is moving") : askOwner(metadata.activeHost(), ownerPath);
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
        return new Found(partition.getResult(), selfName);
    }

    private String notRunning(KafkaStreams.State state) {
        if (state == KafkaStreams.State.CREATED || state == KafkaStreams.State.REBALANCING && !hasRun.getAsBoolean()) {
            return "the service is starting";
        }
        return switch (state) {
            case REBALANCING -> "the service is rebalancing";
            case PENDING_SHUTDOWN, NOT_RUNNING -> "the service is stopping";
            default -> "the service has failed";
        };
    }

    private Answer askOwner(HostInfo owner, String ownerPath) {
        String ownerName = owner.host() + ":" + owner.port();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ownerName + ownerPath))
                .timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, "1")
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Unavailable("the instance that owns the contact (" + ownerName + ") does not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted while asking the instance that owns the contact (" + ownerName + ")");
        }
        return new Relayed(response.statusCode(), response.headers().firstValue("Content-Type"), response.body(),
                response.headers().firstValue("Retry-After"), response.headers().firstValue(SERVED_BY_HEADER));
    }
}
