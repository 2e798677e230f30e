package com.example.whatsapp.optin.service;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsReader;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.topology.ConsentTopology;
import com.example.whatsapp.optin.topology.CountingDeadLetterHandler;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.time.Clock;
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
        Properties props = config.streamsProperties(bootstrapServers);
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
}
