package com.example.whatsapp.optin.service;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsReader;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.topology.ConsentTopology;
import com.example.whatsapp.optin.topology.CountingDeadLetterHandler;
import com.example.whatsapp.optin.topology.Topics;
import com.example.whatsapp.optin.topology.TopologyNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The one composition root of the consent topology, for the service, the tests and the benchmark
 * alike: the settings registry and its reader, the topology and its Streams properties, all from
 * one configuration and one set of counters.
 */
public final class ConsentStreams {

    private final ServiceConfig config;
    private final ConsentCounters counters;
    private final Clock clock;
    private final SettingsRegistry settings;

    public ConsentStreams(ServiceConfig config, ConsentCounters counters, Clock clock) {
        this.config = config;
        this.counters = counters;
        this.clock = clock;
        this.settings = new SettingsRegistry(config.builtInOptOut());
    }

    public Topics topics() {
        return config.topics();
    }

    public SettingsRegistry settings() {
        return settings;
    }

    public ConsentCounters counters() {
        return counters;
    }

    public Topology topology() {
        return ConsentTopology.build(config.topics(), settings,
                new ConsentDecider(config.dedupeWindow(), ConsentDecider.DEFAULT_MAX_REMEMBERED), counters, clock);
    }

    /** The configuration's Streams properties, with the counters the dead-letter handler counts into. */
    public Properties streamsProperties(String bootstrapServers) {
        Properties props = kafkaStreamsProperties(config, bootstrapServers);
        props.put(CountingDeadLetterHandler.COUNTERS_CONFIG, counters);
        // Kafka Streams 4.4 builds a second StreamsConfig from the main consumer's configs (for its
        // partition assignor), which drop this setting, and warns that it is not set.
        String globalHandler = props.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG);
        if (globalHandler != null) {
            props.putIfAbsent(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                    globalHandler);
        }
        return props;
    }

    /**
     * @param onFailure called when the reader stops on an error it cannot recover from
     */
    public SettingsReader settingsReader(String bootstrapServers, Consumer<Throwable> onFailure) {
        return new SettingsReader(config.kafkaProperties(bootstrapServers), config.topics().settings().name(),
                config.topics().validSettings().name(), settings, counters, clock, onFailure);
    }

    /** In a fleet, a crashed instance is noticed within {@value #FLEET_SESSION_TIMEOUT_MS} ms instead of Kafka's 45 s. */
    static final String FLEET_SESSION_TIMEOUT_MS = "6000";
    static final String FLEET_HEARTBEAT_INTERVAL_MS = "1500";

    /** The Kafka Streams configuration: the Kafka properties plus the contract's dead-letter wiring and the fleet's settings. */
    public static Properties kafkaStreamsProperties(ServiceConfig config, String bootstrapServers) {
        Topics topics = config.topics();
        Properties streams = config.kafkaProperties(bootstrapServers);
        if (config.streamsProtocol()) {
            streams.setProperty(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        }
        streams.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingDeadLetterHandler.class.getName());
        streams.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        if (config.fleetInstances() > 1) {
            // A warm copy of every store on another instance: a failed instance's contacts move
            // without a restore from the changelog, and are answered from it meanwhile.
            streams.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
            if (!config.streamsProtocol()) {
                fastFailureDetection(streams);
            }
        } else {
            outlastBrokerFailover(streams);
        }
        streams.setProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter().name());
        // Unreadable outbound requests, read directly or re-keyed, go to their own dead-letter topic (the
        // handler redirects Kafka's record); consent records are read as bytes and judged in the topology.
        streams.setProperty(CountingDeadLetterHandler.DEAD_LETTER_TOPICS_CONFIG,
                topics.outbound().requests().name() + "=" + topics.outbound().deadLetter().name()
                        + "," + TopologyNames.outboundRepartitionTopic(config.applicationId()) + "="
                        + topics.outbound().deadLetter().name());
        // A webhook body of up to 1 MiB that cannot be read is copied to the dead-letter topic with its error headers.
        streams.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(Topics.MAX_RECORD_BYTES));
        return streams;
    }

    /** A single instance's transaction timeout: longer than a broker's failover and the service's resume after it. */
    static final String SINGLE_TRANSACTION_TIMEOUT_MS = "30000";

    /**
     * A single instance's transactions outlast a broker's failover, unless the user set the timeout
     * (plain or {@code producer.}). With Kafka Streams' 10 s, a transaction open when a broker died
     * (the cluster takes 9 to 12 s to lead every partition again) was aborted by its coordinator and
     * the producer fenced: every task closed dirty, its stores restored from the changelogs, and no
     * commit for 27.7 s after the cluster had recovered (docs/broker-faults.md). A restarted
     * instance keeps its transactional id (Kafka Streams keeps the process id in state.dir) and
     * aborts its own open transaction at once, so the longer timeout does not slow a restart.
     */
    private static void outlastBrokerFailover(Properties streams) {
        if (!streams.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                && !streams.containsKey(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))) {
            streams.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, SINGLE_TRANSACTION_TIMEOUT_MS);
        }
    }

    /**
     * The group's session timeout and heartbeat in a fleet, unless the user set either of them
     * (plain, {@code consumer.} or {@code main.consumer.}): a crashed instance's partitions move
     * after 6 s, the broker's smallest allowed session ({@code group.min.session.timeout.ms}).
     * With the Streams rebalance protocol both are the broker's group settings instead.
     */
    private static void fastFailureDetection(Properties streams) {
        for (String name : List.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
            if (streams.containsKey(name) || streams.containsKey(StreamsConfig.consumerPrefix(name))
                    || streams.containsKey(StreamsConfig.mainConsumerPrefix(name))) {
                return;
            }
        }
        streams.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, FLEET_SESSION_TIMEOUT_MS);
        streams.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, FLEET_HEARTBEAT_INTERVAL_MS);
        // A crashed instance's open transaction holds back its partitions' committed offsets (the
        // new owner waits for "unstable offsets") until the broker aborts it: Kafka Streams' 10 s
        // transaction timeout would add that wait to every failover.
        if (!streams.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                && !streams.containsKey(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))) {
            streams.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, FLEET_SESSION_TIMEOUT_MS);
        }
    }
}
