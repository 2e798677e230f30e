package com.example.whatsapp.optin.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.util.Map;
import java.util.Optional;

/**
 * One topic of the service's outside: its name as configured, the serdes of its keys and values,
 * and how the service creates it when it is missing.
 *
 * @param singlePartition created with one partition (settings), else with {@code optin.topic.partitions}
 * @param configs         the topic configs it is created with (cleanup policy, retention, compaction lag)
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean singlePartition,
                          Map<String, String> configs) {

    public Topic {
        configs = Map.copyOf(configs);
    }

    public Consumed<K, V> consumed(String processorName) {
        return Consumed.with(keySerde, valueSerde).withName(processorName);
    }

    public Produced<K, V> produced(String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }

    /** The topic to create: {@code partitions} unless it has one; {@code replicationFactor} -1 is the broker's default. */
    public NewTopic toCreate(int partitions, short replicationFactor) {
        return new NewTopic(name, Optional.of(singlePartition ? 1 : partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor)).configs(configs);
    }
}
