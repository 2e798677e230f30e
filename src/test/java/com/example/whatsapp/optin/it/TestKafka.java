package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.broker.EmbeddedKafka;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * One real KRaft broker in this JVM for every integration test, started on free ports; each test
 * gets its own topics, application id and state directory, so tests never see each other.
 */
final class TestKafka {

    private static EmbeddedKafka broker;

    private TestKafka() {
    }

    static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("it-kafka");
                broker = EmbeddedKafka.start(freePort(), freePort(), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        return broker.bootstrapServers();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's configuration with its own topics, application id and state directory. */
    static Map<String, String> isolatedConfig(String name) {
        String suffix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("application.id", "it-" + suffix);
        config.put("state.dir", tempDir("state-" + suffix).toString());
        config.put("optin.topic.inbound", "in-" + suffix);
        config.put("optin.topic.settings", "settings-" + suffix);
        config.put("optin.topic.consent-events", "events-" + suffix);
        config.put("optin.topic.reply-commands", "replies-" + suffix);
        config.put("optin.topic.dlq", "dlq-" + suffix);
        config.put("optin.topic.outbound-requests", "outbound-" + suffix);
        config.put("optin.topic.outbound-approved", "approved-" + suffix);
        config.put("optin.topic.outbound-suppressed", "suppressed-" + suffix);
        config.put("optin.topic.outbound-dlq", "outbound-dlq-" + suffix);
        config.put("optin.topic.consent-records", "records-" + suffix);
        config.put("optin.topic.consent-records-dlq", "records-dlq-" + suffix);
        config.put("optin.topic.consent-reviews", "reviews-" + suffix);
        config.put("optin.topic.partitions", "4");
        config.put("commit.interval.ms", "100");
        config.put("optin.http.port", String.valueOf(freePort()));
        return config;
    }

    static Path tempDir(String name) {
        try {
            return Files.createTempDirectory(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConsentService start(Map<String, String> config) {
        return ConsentService.start(ServiceConfig.defaultsWith(config));
    }

    static Topics topics(Map<String, String> config) {
        return ServiceConfig.defaultsWith(config).topics();
    }

    static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static void send(KafkaProducer<String, String> producer, String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a topic from the beginning with read_committed until {@code done} holds for what was
     * read (then a little longer, to catch extra records), or the timeout passes.
     */
    static List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                         Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            List<TopicPartition> assigned = partitions.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    read.add(record);
                }
                if (settleUntil == Long.MAX_VALUE && done.test(read)) {
                    settleUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos();
                }
            }
        }
        return read;
    }

    static List<ConsumerRecord<byte[], byte[]>> readAtLeast(String topic, int count, Duration timeout) {
        return readUntil(topic, r -> r.size() >= count, timeout);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
