package com.example.whatsapp.optin.query;

import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.events.ConsentReview;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.topology.IndexReviews;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Lists reviews from the reviews store: this instance's partitions by an interactive query (IQv2)
 * of the business's key range (or the contact's, in the one partition that holds it), every other
 * instance's by asking it for exactly its partitions over HTTP, as the daily counts do. Each
 * partition gives at most a page; the pages are merged newest first and cut to the limit.
 */
public final class StoreReviews implements ReviewQueries {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String reviewsTopic;
    /** The fleet's admin token, which the instances asked require as the route does; null: none configured. */
    private final String adminToken;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public StoreReviews(KafkaStreams streams, HostInfo self, String reviewsTopic, String adminToken) {
        this.streams = streams;
        this.self = self;
        this.reviewsTopic = reviewsTopic;
        this.adminToken = adminToken == null || adminToken.isEmpty() ? null : adminToken;
    }

    @Override
    public Answer list(String businessId, Filter filter, Optional<Set<Integer>> partitions) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Unavailable("the service is not running yet, or is rebalancing");
        }
        if (partitions.isPresent()) {
            return local(businessId, filter, partitions.get());
        }
        if (filter.contactId() != null) {
            return ofContact(businessId, filter);
        }
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.streamsMetadataForStore(TopologyNames.REVIEWS_STORE);
        } catch (RuntimeException e) {
            return new Unavailable("the owners of the reviews are not known yet");
        }
        List<ConsentReview> merged = new ArrayList<>();
        TreeSet<Integer> answered = new TreeSet<>();
        for (StreamsMetadata instance : instances) {
            Set<Integer> held = instance.topicPartitions().stream().filter(p -> p.topic().equals(reviewsTopic))
                    .map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
            if (held.isEmpty()) {
                continue;
            }
            Answer answer = instance.hostInfo().equals(self)
                    ? local(businessId, filter, held) : ask(instance.hostInfo(), businessId, filter, held);
            if (answer instanceof Unavailable) {
                return answer;
            }
            merged.addAll(((Listed) answer).reviews());
            answered.addAll(held);
        }
        if (answered.isEmpty() || answered.size() != answered.last() + 1) {
            return new Unavailable("some partitions of the reviews have no instance right now");
        }
        return new Listed(page(merged, filter.limit()));
    }

    /** A contact's reviews are in the one partition its key goes to. */
    private Answer ofContact(String businessId, Filter filter) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(TopologyNames.REVIEWS_STORE,
                    ContactIds.contactKey(businessId, filter.contactId()), Serdes.String().serializer());
        } catch (RuntimeException e) {
            metadata = null;
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE) || metadata.activeHost() == null
                || metadata.activeHost().port() <= 0) {
            return new Unavailable("the owner of the contact's reviews is not known yet");
        }
        Set<Integer> partition = Set.of(metadata.partition());
        return self.equals(metadata.activeHost())
                ? local(businessId, filter, partition) : ask(metadata.activeHost(), businessId, filter, partition);
    }

    private Answer local(String businessId, Filter filter, Set<Integer> partitions) {
        String prefix = filter.contactId() == null ? businessId + ":" : IndexReviews.key(businessId, filter.contactId(), "");
        StateQueryRequest<KeyValueIterator<String, ConsentReview>> request = StateQueryRequest
                .inStore(TopologyNames.REVIEWS_STORE)
                .withQuery(RangeQuery.<String, ConsentReview>withRange(prefix, prefix + '\uffff'))
                .withPartitions(partitions)
                .requireActive();
        StateQueryResult<KeyValueIterator<String, ConsentReview>> result = streams.query(request);
        List<ConsentReview> found = new ArrayList<>();
        for (int partition : partitions) {
            QueryResult<KeyValueIterator<String, ConsentReview>> reviews = result.getPartitionResults().get(partition);
            if (reviews == null || reviews.isFailure()) {
                return new Unavailable("the reviews of partition " + partition + " are not ready"
                        + (reviews == null ? "" : ": " + reviews.getFailureReason()));
            }
            List<ConsentReview> ofPartition = new ArrayList<>();
            try (KeyValueIterator<String, ConsentReview> entries = reviews.getResult()) {
                while (entries.hasNext()) {
                    KeyValue<String, ConsentReview> entry = entries.next();
                    if (filter.accepts(entry.value)) {
                        ofPartition.add(entry.value);
                    }
                }
            }
            found.addAll(page(ofPartition, filter.limit()));
        }
        return new Listed(page(found, filter.limit()));
    }

    private static List<ConsentReview> page(List<ConsentReview> reviews, int limit) {
        return reviews.stream().sorted(NEWEST_FIRST).limit(limit).toList();
    }

    private Answer ask(HostInfo owner, String businessId, Filter filter, Set<Integer> partitions) {
        String ownerName = owner.host() + ":" + owner.port();
        StringBuilder path = new StringBuilder("/v1/businesses/").append(encode(businessId)).append("/reviews?status=")
                .append(filter.status() == null ? "ALL" : filter.status().name()).append("&limit=").append(filter.limit());
        if (filter.contactId() != null) {
            path.append("&contactId=").append(encode(filter.contactId()));
        }
        if (filter.reviewId() != null) {
            path.append("&reviewId=").append(encode(filter.reviewId()));
        }
        if (filter.after() != null) {
            path.append("&cursor=").append(filter.after().encode());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + ownerName + path))
                .timeout(Duration.ofSeconds(5))
                .header(ContactQueries.FORWARDED_HEADER, "1")
                .header(DailyStatsQueries.PARTITIONS_HEADER, partitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (adminToken != null) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return new Unavailable("the instance " + ownerName + " could not list its reviews (" + response.statusCode() + ")");
            }
            List<ConsentReview> reviews = new ArrayList<>();
            for (JsonNode review : Json.mapper().readTree(response.body()).path("reviews")) {
                reviews.add(Json.mapper().treeToValue(review, ConsentReview.class));
            }
            return new Listed(reviews);
        } catch (IOException | RuntimeException e) {
            return new Unavailable("the instance " + ownerName + " does not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted while asking " + ownerName);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
