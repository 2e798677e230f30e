package com.example.whatsapp.optin.broker;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure the service's topics exist, with the contract's cleanup policies, and answer
 * before anything is produced to them.
 */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(2);

    private final Admin admin;
    private final Duration timeout;

    public TopicSetup(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Connects to the configured cluster, waits until it answers, then makes sure every topic of
     * the catalogue exists (creating the missing ones when {@code create}) and answers.
     */
    public static void prepare(ServiceConfig config, String bootstrapServers, boolean create) {
        Properties adminProps = config.kafkaProperties(bootstrapServers);
        adminProps.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.startupTimeout().toMillis());
        adminProps.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.startupTimeout().toMillis());
        Admin admin = Admin.create(adminProps);
        try {
            TopicSetup setup = new TopicSetup(admin, config.startupTimeout());
            setup.awaitCluster(bootstrapServers);
            String inbound = config.topics().inbound().name();
            // Records and requests are decided in the tasks that hold their contacts' consent.
            List<String> followers = List.of(config.topics().consentRecords().name(),
                    config.topics().outbound().requests().name());
            List<NewTopic> topics = required(config);
            for (String follower : followers) {
                topics = setup.coPartitioned(topics, inbound, follower);
            }
            setup.ensure(topics, create);
            for (String follower : followers) {
                setup.checkCoPartitioned(inbound, follower);
            }
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** The topics of the configured catalogue, as the service creates them when they are missing. */
    public static List<NewTopic> required(ServiceConfig config) {
        return required(config.topics(), config.topicPartitions(), config.replicationFactor());
    }

    public static List<NewTopic> required(Topics topics, int partitions, short replicationFactor) {
        return topics.all().stream().map(t -> t.toCreate(partitions, replicationFactor)).toList();
    }

    /**
     * The topics to create with {@code follower} given the partition count {@code leader} has
     * already, when it exists: two topics read in the same tasks must have as many partitions.
     */
    public List<NewTopic> coPartitioned(List<NewTopic> topics, String leader, String follower) {
        Map<String, TopicDescription> existing = call(() -> admin.describeTopics(List.of(leader)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS), "cannot describe " + leader, true);
        if (existing == null || !existing.containsKey(leader)) {
            return topics;
        }
        int partitions = existing.get(leader).partitions().size();
        return topics.stream().map(t -> t.name().equals(follower)
                ? new NewTopic(t.name(), Optional.of(partitions), t.replicationFactor() < 0 ? Optional.empty()
                        : Optional.of(t.replicationFactor())).configs(t.configs())
                : t).toList();
    }

    /**
     * Fails in one line when two topics whose records are judged in the same tasks (the inbound
     * messages and the consent records or outbound requests: each contact's consent lives in one
     * task) have different partition counts: a contact's records or requests would be decided in a
     * task that does not hold its consent.
     */
    public void checkCoPartitioned(String leader, String follower) {
        Map<String, TopicDescription> described = call(() -> admin.describeTopics(List.of(leader, follower))
                .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS), "cannot describe topics", false);
        int leading = described.get(leader).partitions().size();
        int following = described.get(follower).partitions().size();
        if (leading != following) {
            throw new TopicSetupException("topic " + follower + " has " + following + " partitions but " + leader + " has "
                    + leading + "; they must be equal (each is decided where its contact's consent is kept): "
                    + "recreate " + follower + " with " + leading + " partitions");
        }
    }

    /**
     * Fails with a one-line message when Kafka does not answer within the timeout. While it does
     * not answer, one line says so (the clients' per-attempt warnings are off in simplelogger.properties).
     */
    public void awaitCluster(String bootstrapServers) {
        KafkaFuture<Collection<Node>> nodes = admin.describeCluster().nodes();
        try {
            try {
                nodes.get(Math.min(FIRST_ANSWER.toMillis(), timeout.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.info("Waiting for Kafka at {} to answer (up to {} s)", bootstrapServers, timeout.toSeconds());
                nodes.get(Math.max(0, timeout.minus(FIRST_ANSWER).toMillis()), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException | ExecutionException e) {
            throw new TopicSetupException("cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted while connecting to Kafka", e);
        }
    }

    /**
     * Creates the missing topics when {@code create} is true, else fails naming them; then waits
     * until every partition answers (a topic that was just created may not lead yet).
     */
    public void ensure(List<NewTopic> topics, boolean create) {
        Map<String, NewTopic> byName = new LinkedHashMap<>();
        topics.forEach(t -> byName.put(t.name(), t));
        Set<String> existing = call(() -> admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                "cannot list topics");
        List<NewTopic> missing = byName.values().stream().filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().map(NewTopic::name).toList();
            if (!create) {
                throw new TopicSetupException("missing topic" + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
                        + " (optin.topic.create=false)");
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created topic {} ({} partitions, {})", topic.name(), topic.numPartitions(),
                            topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new TopicSetupException("missing topic " + topic.name() + " could not be created: "
                                + e.getCause().getMessage(), e);
                    }
                } catch (TimeoutException e) {
                    throw new TopicSetupException("missing topic " + topic.name() + " could not be created within "
                            + timeout.toSeconds() + " s", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TopicSetupException("interrupted while creating topics", e);
                }
            }
        }
        awaitPartitions(byName.keySet());
        warnAboutWeakerConfigs(byName.values().stream().filter(t -> existing.contains(t.name())).toList());
    }

    /**
     * Existing topics were made by someone else: say when one keeps less than the service needs
     * (another cleanup policy, or settings versions compacted away before the retention).
     */
    private void warnAboutWeakerConfigs(List<NewTopic> existingTopics) {
        if (existingTopics.isEmpty()) {
            return;
        }
        Map<ConfigResource, NewTopic> byResource = new LinkedHashMap<>();
        existingTopics.forEach(t -> byResource.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t));
        Map<ConfigResource, Config> actual = call(() -> admin.describeConfigs(byResource.keySet()).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS), "cannot describe topics");
        byResource.forEach((resource, wanted) -> {
            Config config = actual.get(resource);
            if (config == null) {
                return;
            }
            String policy = wanted.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
            ConfigEntry actualPolicy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && actualPolicy != null && !policy.equals(actualPolicy.value())) {
                log.warn("Topic {} has cleanup.policy={}; the service expects {}", wanted.name(), actualPolicy.value(), policy);
            }
            String lag = wanted.configs().get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
            ConfigEntry actualLag = config.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
            if (lag != null && actualLag != null && Long.parseLong(actualLag.value()) < Long.parseLong(lag)) {
                log.warn("Topic {} has min.compaction.lag.ms={}: settings versions may be compacted away before {} ms, "
                        + "and a message read that late is then judged by newer settings; set it to at least {}",
                        wanted.name(), actualLag.value(), lag, lag);
            }
        });
    }

    private void awaitPartitions(Set<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                described.values().forEach(d -> d.partitions().forEach(
                        p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new TopicSetupException("topics did not become available: " + e.getCause().getMessage(), e);
                }
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) && !(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
                    throw new TopicSetupException("topics did not become available: " + e.getCause().getMessage(), e);
                }
            } catch (TimeoutException e) {
                throw new TopicSetupException("topics did not become available within " + timeout.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("interrupted while waiting for topics", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("interrupted while waiting for topics", e);
            }
        }
    }

    private interface AdminCall<T> {
        T get() throws Exception;
    }

    private <T> T call(AdminCall<T> call, String what) {
        return call(call, what, false);
    }

    /** @param missingIsNull a topic that does not exist answers null rather than failing */
    private <T> T call(AdminCall<T> call, String what, boolean missingIsNull) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            if (missingIsNull && e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new TopicSetupException(what + ": " + e.getCause().getMessage(), e);
        } catch (Exception e) {
            throw new TopicSetupException(what + ": " + e.getMessage(), e);
        }
    }

    /** Topics are missing or unusable; the message says which in one line. */
    public static final class TopicSetupException extends RuntimeException {
        public TopicSetupException(String message) {
            super(message);
        }

        public TopicSetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
