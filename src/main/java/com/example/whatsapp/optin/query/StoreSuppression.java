package com.example.whatsapp.optin.query;

import com.example.whatsapp.optin.consent.CampaignCounts;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.consent.StatusCounts;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.state.ContactConsentSerde;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Answers the suppression list, its summary and the campaign counts from the stores: this
 * instance's partitions by interactive queries of their active copies, every other instance's by
 * asking it for exactly its partitions over HTTP (like the daily counts). The partitions answered
 * must be all of them, else the answer is {@link Unavailable}.
 *
 * <p>A page is a range scan of the business's keys ({@code <businessId>:}) after the previous
 * page's last contactId in each partition, merged by contactId: the cursor is a contactId, not a
 * position in a partition, so it holds across a rebalance.
 */
public final class StoreSuppression implements SuppressionQueries {

    private final KafkaStreams streams;
    private final HostInfo self;
    /** A topic the contacts' tasks read (their partitions are its partitions). */
    private final String contactsTopic;
    /** The consent-events topic, whose partitions the counts follow. */
    private final String eventsTopic;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public StoreSuppression(KafkaStreams streams, HostInfo self, String contactsTopic, String eventsTopic) {
        this.streams = streams;
        this.self = self;
        this.contactsTopic = contactsTopic;
        this.eventsTopic = eventsTopic;
    }

    // --- the list

    @Override
    public Answer<Page> page(String businessId, Filter filter, String after, int limit, String relayPath,
                             String authorization, Optional<Set<Integer>> partitions) {
        return overEveryPartition(TopologyNames.CONTACTS_STORE, contactsTopic, partitions,
                held -> localPage(businessId, filter, after, limit, held),
                (instance, held) -> remotePage(instance, relayPath, authorization, held),
                (a, b) -> merge(a, b, limit));
    }

    private Answer<Page> localPage(String businessId, Filter filter, String after, int limit, Set<Integer> partitions) {
        String prefix = businessId + ":";
        String from = after == null ? prefix : prefix + after + "\u0000";
        StateQueryRequest<KeyValueIterator<String, byte[]>> request = StateQueryRequest
                .inStore(TopologyNames.CONTACTS_STORE)
                .withQuery(RangeQuery.<String, byte[]>withRange(from, businessId + ";"))
                .withPartitions(partitions)
                .requireActive();
        StateQueryResult<KeyValueIterator<String, byte[]>> result;
        try {
            result = streams.query(request);
        } catch (RuntimeException e) {
            return new Unavailable<>("the contacts cannot be read right now: " + e.getMessage());
        }
        List<KeyValueIterator<String, byte[]>> open = new ArrayList<>();
        try {
            String failure = null;
            for (int partition : partitions) {
                QueryResult<KeyValueIterator<String, byte[]>> part = result.getPartitionResults().get(partition);
                if (part != null && part.isSuccess()) {
                    open.add(part.getResult());
                } else if (failure == null) {
                    failure = "the contacts of partition " + partition + " are not ready"
                            + (part == null ? "" : ": " + part.getFailureReason());
                }
            }
            if (failure != null) {
                return new Unavailable<>(failure);
            }
            // A k-way merge: each partition's iterator is read only as far as the page needs.
            PriorityQueue<Head> heads = new PriorityQueue<>();
            for (KeyValueIterator<String, byte[]> it : open) {
                Head.next(it, filter, heads);
            }
            List<Item> items = new ArrayList<>(Math.min(limit, 1024));
            while (!heads.isEmpty() && items.size() < limit) {
                Head head = heads.poll();
                items.add(new Item(head.key.substring(prefix.length()), head.consent, null));
                Head.next(head.iterator, filter, heads);
            }
            return new Answered<>(new Page(items, !heads.isEmpty()));
        } catch (RuntimeException e) {
            return new Unavailable<>("the contacts cannot be read right now: " + e.getMessage());
        } finally {
            for (KeyValueIterator<String, byte[]> it : open) {
                it.close();
            }
            for (QueryResult<KeyValueIterator<String, byte[]>> part : result.getPartitionResults().values()) {
                if (part.isSuccess() && !open.contains(part.getResult())) {
                    part.getResult().close();
                }
            }
        }
    }

    /** A partition's next matching contact. */
    private record Head(String key, ContactConsent.Current consent, KeyValueIterator<String, byte[]> iterator)
            implements Comparable<Head> {

        static void next(KeyValueIterator<String, byte[]> it, Filter filter, PriorityQueue<Head> heads) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                ContactConsent.Current consent = ContactConsentSerde.current(entry.value);
                if (consent != null && filter.matches(consent)) {
                    heads.add(new Head(entry.key, consent, it));
                    return;
                }
            }
        }

        @Override
        public int compareTo(Head other) {
            return key.compareTo(other.key);
        }
    }

    private static Page merge(Page a, Page b, int limit) {
        List<Item> all = new ArrayList<>(a.items().size() + b.items().size());
        all.addAll(a.items());
        all.addAll(b.items());
        all.sort((x, y) -> x.contactId().compareTo(y.contactId()));
        boolean more = a.more() || b.more() || all.size() > limit;
        return new Page(all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all, more);
    }

    private Answer<Page> remotePage(HostInfo instance, String relayPath, String authorization, Set<Integer> partitions) {
        return ask(instance, relayPath, authorization, partitions, body -> {
            List<Item> items = new ArrayList<>();
            for (JsonNode contact : body.path("contacts")) {
                items.add(new Item(contact.path("contactId").asText(), null, contact));
            }
            return new Page(items, !body.path("next").isNull() && !body.path("next").isMissingNode());
        });
    }

    // --- the summary

    @Override
    public Answer<StatusCounts> summary(String businessId, Optional<Set<Integer>> partitions) {
        return overEveryPartition(TopologyNames.CONTACTS_PER_STATUS_STORE, eventsTopic, partitions,
                held -> localSummary(businessId, held),
                (instance, held) -> ask(instance, "/v1/businesses/" + encode(businessId) + "/summary", null, held,
                        body -> new StatusCounts(body.path("ALL").path("OPTED_IN").asLong(),
                                body.path("ALL").path("OPTED_OUT").asLong(),
                                body.path("MARKETING").path("OPTED_IN").asLong(),
                                body.path("MARKETING").path("OPTED_OUT").asLong())),
                StatusCounts::plus);
    }

    private Answer<StatusCounts> localSummary(String businessId, Set<Integer> partitions) {
        StateQueryRequest<StatusCounts> request = StateQueryRequest
                .inStore(TopologyNames.CONTACTS_PER_STATUS_STORE)
                .withQuery(KeyQuery.<String, StatusCounts>withKey(businessId))
                .withPartitions(partitions)
                .requireActive();
        StateQueryResult<StatusCounts> result;
        try {
            result = streams.query(request);
        } catch (RuntimeException e) {
            return new Unavailable<>("the counts cannot be read right now: " + e.getMessage());
        }
        StatusCounts sum = StatusCounts.ZERO;
        for (int partition : partitions) {
            QueryResult<StatusCounts> counts = result.getPartitionResults().get(partition);
            if (counts == null || counts.isFailure()) {
                return new Unavailable<>("the counts of partition " + partition + " are not ready"
                        + (counts == null ? "" : ": " + counts.getFailureReason()));
            }
            if (counts.getResult() != null) {
                sum = sum.plus(counts.getResult());
            }
        }
        return new Answered<>(sum);
    }

    // --- the campaigns

    @Override
    public Answer<Map<String, CampaignCounts>> campaigns(String businessId, LocalDate from, LocalDate to,
                                                         String authorization, Optional<Set<Integer>> partitions) {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        String path = "/v1/businesses/" + encode(businessId) + "/campaigns?days=" + days + "&to=" + to;
        return overEveryPartition(TopologyNames.CAMPAIGNS_PER_DAY_STORE, eventsTopic, partitions,
                held -> localCampaigns(businessId, from, to, held),
                (instance, held) -> ask(instance, path, authorization, held, body -> {
                    Map<String, CampaignCounts> counts = new HashMap<>();
                    for (JsonNode c : body.path("campaigns")) {
                        String key = CampaignCounts.key(businessId, text(c.path("campaignId")), text(c.path("templateName")));
                        if (key != null) {
                            counts.merge(key, new CampaignCounts(c.path("approved").asLong(), c.path("suppressed").asLong(),
                                    c.path("optOuts").asLong()), CampaignCounts::plus);
                        }
                    }
                    return counts;
                }),
                StoreSuppression::sum);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Map<String, CampaignCounts> sum(Map<String, CampaignCounts> a, Map<String, CampaignCounts> b) {
        Map<String, CampaignCounts> sum = new LinkedHashMap<>(a);
        b.forEach((key, counts) -> sum.merge(key, counts, CampaignCounts::plus));
        return sum;
    }

    private Answer<Map<String, CampaignCounts>> localCampaigns(String businessId, LocalDate from, LocalDate to,
                                                               Set<Integer> partitions) {
        Map<String, CampaignCounts> sum = new HashMap<>();
        for (int partition : partitions) {
            ReadOnlyWindowStore<String, CampaignCounts> store;
            try {
                store = streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.CAMPAIGNS_PER_DAY_STORE,
                        QueryableStoreTypes.<String, CampaignCounts>windowStore()).withPartition(partition));
            } catch (RuntimeException e) {
                return new Unavailable<>("the campaign counts of partition " + partition + " are not ready: " + e.getMessage());
            }
            try (KeyValueIterator<Windowed<String>, CampaignCounts> days = store.fetch(CampaignCounts.firstKey(businessId),
                    CampaignCounts.lastKey(businessId), DailyCounts.startOf(from), DailyCounts.startOf(to))) {
                while (days.hasNext()) {
                    KeyValue<Windowed<String>, CampaignCounts> day = days.next();
                    sum.merge(day.key.key(), day.value, CampaignCounts::plus);
                }
            } catch (RuntimeException e) {
                return new Unavailable<>("the campaign counts of partition " + partition + " cannot be read: " + e.getMessage());
            }
        }
        return new Answered<>(sum);
    }

    // --- every partition, wherever it is

    /**
     * Answers from every partition of {@code store}: {@code partitions} present (another instance
     * asked) only those, from this instance; else this instance's own and every other instance's,
     * asked over HTTP, combined. Unavailable unless the partitions answered are all of them.
     */
    private <T> Answer<T> overEveryPartition(String store, String topic, Optional<Set<Integer>> partitions,
                                             Function<Set<Integer>, Answer<T>> local,
                                             BiFunction<HostInfo, Set<Integer>, Answer<T>> remote, BinaryOperator<T> combine) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Unavailable<>("the service is not running yet, or is rebalancing");
        }
        if (partitions.isPresent()) {
            return local.apply(partitions.get());
        }
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.streamsMetadataForStore(store);
        } catch (RuntimeException e) {
            return new Unavailable<>("the owners of the store are not known yet");
        }
        T sum = null;
        TreeSet<Integer> answered = new TreeSet<>();
        for (StreamsMetadata instance : instances) {
            Set<Integer> held = instance.topicPartitions().stream().filter(p -> p.topic().equals(topic))
                    .map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
            if (held.isEmpty()) {
                continue;
            }
            Answer<T> answer = instance.hostInfo().equals(self) ? local.apply(held) : remote.apply(instance.hostInfo(), held);
            if (answer instanceof Unavailable<T> unavailable) {
                return unavailable;
            }
            T value = ((Answered<T>) answer).value();
            sum = sum == null ? value : combine.apply(sum, value);
            answered.addAll(held);
        }
        if (answered.isEmpty() || answered.size() != answered.last() + 1) {
            return new Unavailable<>("some partitions have no instance right now");
        }
        return new Answered<>(sum);
    }

    private <T> Answer<T> ask(HostInfo instance, String path, String authorization, Set<Integer> partitions,
                              Function<JsonNode, T> read) {
        String name = instance.host() + ":" + instance.port();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + name + path))
                .timeout(Duration.ofSeconds(10))
                .header(ContactQueries.FORWARDED_HEADER, "1")
                .header(DailyStatsQueries.PARTITIONS_HEADER,
                        partitions.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return new Unavailable<>("the instance " + name + " could not answer for its partitions ("
                        + response.statusCode() + ")");
            }
            return new Answered<>(read.apply(Json.mapper().readTree(response.body())));
        } catch (IOException | RuntimeException e) {
            return new Unavailable<>("the instance " + name + " does not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable<>("interrupted while asking " + name);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
