package com.example.whatsapp.optin.query;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.WindowStoreIterator;

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
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Sums a business's daily counts over every partition: this instance's partitions by an
 * interactive query (IQv2) of the window store, every other instance's by asking it for exactly
 * its partitions over HTTP. The partitions answered must be all of them (0 to the highest any
 * instance holds), else the answer is {@link Unavailable}.
 */
public final class StoreDailyStats implements DailyStatsQueries {

    private static final Logger log = LoggerFactory.getLogger(StoreDailyStats.class);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String eventsTopic;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** @param eventsTopic the consent-events topic, whose partitions the counts follow */
    public StoreDailyStats(KafkaStreams streams, HostInfo self, String eventsTopic) {
        this.streams = streams;
        this.self = self;
        this.eventsTopic = eventsTopic;
    }

    @Override
    public Answer count(String businessId, LocalDate from, LocalDate to, Optional<Set<Integer>> partitions) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Unavailable("the service is not running yet, or is rebalancing");
        }
        if (partitions.isPresent()) {
            return local(businessId, from, to, partitions.get());
        }
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.streamsMetadataForStore(TopologyNames.CHANGES_PER_DAY_STORE);
        } catch (RuntimeException e) {
            StoreFailures.log(log, "The owners of the daily counts are not known yet", e);
            return new Unavailable("the owners of the counts are not known yet");
        }
        Map<LocalDate, DailyCounts> sum = new HashMap<>();
        Set<Integer> answered = new TreeSet<>();
        for (StreamsMetadata instance : instances) {
            Set<Integer> held = instance.topicPartitions().stream().filter(p -> p.topic().equals(eventsTopic))
                    .map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
            if (held.isEmpty()) {
                continue;
            }
            Answer answer = instance.hostInfo().equals(self)
                    ? local(businessId, from, to, held) : ask(instance.hostInfo(), businessId, from, to, held);
            if (answer instanceof Unavailable) {
                return answer;
            }
            ((Counted) answer).byDay().forEach((day, counts) -> sum.merge(day, counts, DailyCounts::plus));
            answered.addAll(held);
        }
        if (answered.isEmpty() || answered.size() != ((TreeSet<Integer>) answered).last() + 1) {
            return new Unavailable("some partitions of the counts have no instance right now");
        }
        return new Counted(sum);
    }

    private Answer local(String businessId, LocalDate from, LocalDate to, Set<Integer> partitions) {
        StateQueryRequest<WindowStoreIterator<DailyCounts>> request = StateQueryRequest
                .inStore(TopologyNames.CHANGES_PER_DAY_STORE)
                .withQuery(WindowKeyQuery.<String, DailyCounts>withKeyAndWindowStartRange(
                        businessId, DailyCounts.startOf(from), DailyCounts.startOf(to)))
                .withPartitions(partitions)
                .requireActive();
        StateQueryResult<WindowStoreIterator<DailyCounts>> result = streams.query(request);
        Map<LocalDate, DailyCounts> sum = new HashMap<>();
        for (int partition : partitions) {
            QueryResult<WindowStoreIterator<DailyCounts>> counts = result.getPartitionResults().get(partition);
            if (counts == null || counts.isFailure()) {
                return new Unavailable("the counts of partition " + partition + " are not ready"
                        + (counts == null ? "" : ": " + counts.getFailureReason()));
            }
            try (WindowStoreIterator<DailyCounts> days = counts.getResult()) {
                while (days.hasNext()) {
                    KeyValue<Long, DailyCounts> day = days.next();
                    sum.merge(DailyCounts.day(day.key), day.value, DailyCounts::plus);
                }
            }
        }
        return new Counted(sum);
    }

    private Answer ask(HostInfo owner, String businessId, LocalDate from, LocalDate to, Set<Integer> partitions) {
        String ownerName = owner.host() + ":" + owner.port();
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        String path = "/v1/businesses/" + URLEncoder.encode(businessId, StandardCharsets.UTF_8) + "/stats?days=" + days
                + "&to=" + to;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ownerName + path))
                .timeout(Duration.ofSeconds(5))
                .header(ContactQueries.FORWARDED_HEADER, "1")
                .header(PARTITIONS_HEADER, partitions.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return new Unavailable("the instance " + ownerName + " could not count its partitions (" + response.statusCode() + ")");
            }
            Map<LocalDate, DailyCounts> counts = new HashMap<>();
            for (JsonNode day : Json.mapper().readTree(response.body()).path("daily")) {
                DailyCounts c = new DailyCounts(day.path("optIns").asLong(), day.path("optOuts").asLong(),
                        day.path("marketingStops").asLong());
                if (!c.isZero()) {
                    counts.put(LocalDate.parse(day.path("date").asText()), c);
                }
            }
            return new Counted(counts);
        } catch (IOException | RuntimeException e) {
            log.warn("The instance {} did not answer for its daily counts", ownerName, e);
            return new Unavailable("the instance " + ownerName + " does not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted while asking " + ownerName);
        }
    }
}
