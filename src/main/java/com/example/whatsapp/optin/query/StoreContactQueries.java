package com.example.whatsapp.optin.query;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.ContactIds;
import com.example.whatsapp.optin.state.ContactConsentSerde;
import com.example.whatsapp.optin.topology.TopologyNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
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
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Answers from the contacts store with an interactive query (IQv2) when this instance owns the
 * contact's partition, else asks the owning instance over its HTTP API (its application.server).
 * When the owner cannot answer (unknown, moving, restoring, or not reachable: a crashed instance
 * stays the owner until the group notices it is gone), a copy of the partition's store that holds
 * every change committed before the lookup began answers instead: this instance's standby, else
 * a standby instance of the partition asked over HTTP. While the owner is dead no change can be
 * committed, so such a copy holds exactly the last committed truth; a copy that lags answers
 * nothing. While no copy can answer and the service runs or rebalances, the lookup asks again
 * every {@value #RETRY_PAUSE_MS} ms for up to its wait: a partition moving to a promoted standby
 * is unanswerable for the second or two its task is recycled and catches up the tail.
 */
public final class StoreContactQueries implements ContactQueries {

    private static final Logger log = LoggerFactory.getLogger(StoreContactQueries.class);
    static final long RETRY_PAUSE_MS = 100;
    private static final Duration WARN_AGAIN_AFTER = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String selfName;
    private final BooleanSupplier hasRun;
    /** Null: no answers from standby copies. */
    private final CommittedChangelog changelog;
    private final String readToken;
    private final Duration wait;
    private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** @param hasRun true once Kafka Streams has been RUNNING: before, the service is starting */
    public StoreContactQueries(KafkaStreams streams, HostInfo self, BooleanSupplier hasRun) {
        this(streams, self, hasRun, null, null, Duration.ZERO);
    }

    /**
     * @param changelog what is committed to the contacts store's changelog, to tell a standby
     *                  copy that holds every committed change; null answers from active copies only
     * @param readToken the fleet's read token, sent with every lookup asked of another instance; null: none
     * @param wait      how long a lookup no copy can answer asks again before it answers unavailable
     */
    public StoreContactQueries(KafkaStreams streams, HostInfo self, BooleanSupplier hasRun, CommittedChangelog changelog,
                               String readToken, Duration wait) {
        this.streams = streams;
        this.readToken = readToken;
        this.wait = wait;
        this.self = self;
        this.selfName = self.host() + ":" + self.port();
        this.hasRun = hasRun;
        this.changelog = changelog;
    }

    @Override
    public Answer find(String businessId, String contactId, String ownerPath, boolean forwarded) {
        // A forwarded lookup answers at once: the instance that forwarded it is the one that waits.
        Duration patience = forwarded ? Duration.ZERO : wait;
        return Patience.askAgain(() -> findOnce(businessId, contactId, ownerPath, forwarded), this::worthAskingAgain,
                patience, RETRY_PAUSE_MS);
    }

    /** Unanswered while running or rebalancing: a partition is moving; starting or stopping lasts longer than a lookup. */
    private boolean worthAskingAgain(Answer answer) {
        boolean unanswered = answer instanceof Unavailable || answer instanceof Relayed relayed && relayed.status() == 503;
        KafkaStreams.State state = streams.state();
        return unanswered && (state == KafkaStreams.State.RUNNING
                || state == KafkaStreams.State.REBALANCING && hasRun.getAsBoolean());
    }

    private Answer findOnce(String businessId, String contactId, String ownerPath, boolean forwarded) {
        KafkaStreams.State state = streams.state();
        boolean rebalancing = state == KafkaStreams.State.REBALANCING && hasRun.getAsBoolean();
        if (state != KafkaStreams.State.RUNNING && !rebalancing) {
            return new Unavailable(notRunning(state));
        }
        String contactKey = ContactIds.contactKey(businessId, contactId);
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(TopologyNames.CONTACTS_STORE, contactKey, Serdes.String().serializer());
        } catch (RuntimeException e) {
            StoreFailures.log(log, "The owner of a contact is not known yet", e);
            metadata = null;
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Unavailable(rebalancing ? notRunning(state) : "the owner of the contact is not known yet");
        }
        int partition = metadata.partition();
        Answer ownerAnswer;
        if (self.equals(metadata.activeHost())) {
            ownerAnswer = rebalancing ? new Unavailable(notRunning(state)) : fromActive(contactKey, partition);
        } else if (forwarded) {
            ownerAnswer = new Unavailable("the contact's owner is moving");
        } else if (!known(metadata.activeHost())) {
            ownerAnswer = new Unavailable("the owner of the contact is not known yet");
        } else {
            ownerAnswer = ask(metadata.activeHost(), ownerPath, "the instance that owns the contact");
        }
        if (ownerAnswer instanceof Found || ownerAnswer instanceof Relayed relayed && relayed.status() != 503) {
            return ownerAnswer;
        }
        // The owner cannot answer: a copy that holds every committed change can.
        Found local = fromCaughtUpCopy(contactKey, partition);
        if (local != null) {
            return local;
        }
        if (!forwarded && changelog != null) {
            for (HostInfo standby : metadata.standbyHosts()) {
                if (!standby.equals(self) && known(standby)
                        && ask(standby, ownerPath, "a standby instance of the contact") instanceof Relayed relayed
                        && relayed.status() == 200) {
                    return relayed;
                }
            }
        }
        return ownerAnswer;
    }

    private static boolean known(HostInfo host) {
        return host != null && host.port() > 0;
    }

    private Answer fromActive(String contactKey, int partition) {
        StateQueryRequest<byte[]> request = StateQueryRequest
                .inStore(TopologyNames.CONTACTS_STORE)
                .withQuery(KeyQuery.<String, byte[]>withKey(contactKey))
                .withPartitions(Set.of(partition))
                .requireActive();
        StateQueryResult<byte[]> result;
        try {
            result = streams.query(request);
        } catch (InvalidStateStoreException e) {
            // The task closed its store between the state check and the query (its partition is moving).
            return new Unavailable("the contact's store is closing: its partition is moving");
        }
        QueryResult<byte[]> answer = result.getPartitionResults().get(partition);
        if (answer == null) {
            return new Unavailable("the contact's partition is not here right now");
        }
        if (answer.isFailure()) {
            return new Unavailable("the contact's store is not ready: " + answer.getFailureReason());
        }
        return new Found(ContactConsentSerde.decode(answer.getResult()), selfName);
    }

    /**
     * This instance's copy of the partition's store (a standby, or an active one still
     * restoring), when it holds every change committed before now; else null.
     */
    private Found fromCaughtUpCopy(String contactKey, int partition) {
        if (changelog == null) {
            return null;
        }
        // The committed end first: the copy must hold what was committed when the lookup began.
        OptionalLong end = changelog.committedEnd(partition);
        if (end.isEmpty()) {
            return null;
        }
        LagInfo before = localCopy(partition);
        if (before == null || !changelog.holdsEveryCommittedChange(partition, before.currentOffsetPosition(), end.getAsLong())) {
            return null;
        }
        StateQueryRequest<byte[]> request = StateQueryRequest
                .inStore(TopologyNames.CONTACTS_STORE)
                .withQuery(KeyQuery.<String, byte[]>withKey(contactKey))
                .withPartitions(Set.of(partition));
        QueryResult<byte[]> answer;
        ContactConsent consent;
        try {
            answer = streams.query(request).getPartitionResults().get(partition);
            consent = answer == null || answer.isFailure() ? null : ContactConsentSerde.decode(answer.getResult());
        } catch (RuntimeException e) {
            StoreFailures.log(log, "The standby copy of partition " + partition + " cannot be queried now", e);
            return null;
        }
        // A copy only moves forward; one that went back was wiped and is being rebuilt.
        LagInfo after = localCopy(partition);
        if (answer == null || answer.isFailure() || after == null
                || after.currentOffsetPosition() < before.currentOffsetPosition()) {
            return null;
        }
        return new Found(consent, selfName, ServedFrom.STANDBY);
    }

    private LagInfo localCopy(int partition) {
        try {
            return streams.allLocalStorePartitionLags().getOrDefault(TopologyNames.CONTACTS_STORE, Map.of()).get(partition);
        } catch (RuntimeException e) {
            StoreFailures.log(log, "The local copies' lags are not known now", e);
            return null;
        }
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

    /** Asks another instance the same route, to answer from its own copy of the store; null when it does not answer. */
    private Answer ask(HostInfo instance, String ownerPath, String who) {
        String name = instance.host() + ":" + instance.port();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + name + ownerPath))
                .timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, "1");
        if (readToken != null) {
            builder.header("Authorization", "Bearer " + readToken);
        }
        HttpRequest request = builder.GET().build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // A dead instance is asked by every lookup, and again while a lookup waits: one warning a host a while.
            long now = System.nanoTime();
            Long last = lastWarned.get(name);
            if (last == null || now - last > WARN_AGAIN_AFTER.toNanos()) {
                lastWarned.put(name, now);
                log.warn("{} ({}) did not answer a contact lookup (further failures within {} s at DEBUG)", who, name,
                        WARN_AGAIN_AFTER.toSeconds(), e);
            } else {
                log.debug("{} ({}) did not answer a contact lookup", who, name, e);
            }
            return new Unavailable(who + " (" + name + ") does not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted while asking " + who + " (" + name + ")");
        }
        return new Relayed(response.statusCode(), response.headers().firstValue("Content-Type"), response.body(),
                response.headers().firstValue("Retry-After"), response.headers().firstValue(SERVED_BY_HEADER),
                response.headers().firstValue(SERVED_FROM_HEADER));
    }
}
