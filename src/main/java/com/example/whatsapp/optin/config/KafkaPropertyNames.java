package com.example.whatsapp.optin.config;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The property names some Kafka client of the service knows: Kafka Streams', the producer's, the
 * consumer's and the admin's, and Kafka Streams' prefixed forms ({@code producer.batch.size},
 * {@code main.consumer.max.poll.records}, {@code topic.min.insync.replicas}, ...).
 */
final class KafkaPropertyNames {

    /** Kafka Streams' prefixes and the names each passes on. */
    private static final Map<String, Set<String>> PREFIXED = prefixed();

    static final Set<String> KNOWN = known();

    private KafkaPropertyNames() {
    }

    private static Map<String, Set<String>> prefixed() {
        Map<String, Set<String>> prefixed = new LinkedHashMap<>();
        prefixed.put(StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames());
        prefixed.put(StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames());
        prefixed.put(StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames());
        prefixed.put(StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames());
        prefixed.put(StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames());
        prefixed.put(StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());
        prefixed.put(StreamsConfig.TOPIC_PREFIX, topicConfigNames());
        return prefixed;
    }

    private static Set<String> known() {
        Set<String> known = new HashSet<>(StreamsConfig.configDef().names());
        known.addAll(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        PREFIXED.forEach((prefix, names) -> names.forEach(name -> known.add(prefix + name)));
        return Set.copyOf(known);
    }

    /** Topic configs have no ConfigDef on the client side, only TopicConfig's constants. */
    private static Set<String> topicConfigNames() {
        Set<String> names = new HashSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    static boolean isKnown(String name) {
        // Client tags (rack-aware assignment) are named by the operator.
        return KNOWN.contains(name) || name.startsWith(StreamsConfig.CLIENT_TAG_PREFIX);
    }
}
