package com.example.whatsapp.optin.settings;

import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.kafka.ClientProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Reads the settings topic and the service's valid-settings topic from the beginning into the
 * {@link SettingsRegistry}, and keeps saying how far it has read in wall-clock time: in each
 * round it asks for the topics' end offsets, reads up to them, and then declares every record
 * appended before the round began applied ({@link SettingsRegistry#settledThrough}). Messages
 * wait for that declaration (see the topology's await-settings step), so a message is never
 * judged before the settings written before it are known.
 *
 * <p>The settings topic gives every recent version at once (no validation hop in between); the
 * valid-settings topic keeps a business's last valid settings after compaction of the settings
 * topic has dropped them behind a newer invalid record. A version read from both is recorded once.
 */
public final class SettingsReader implements AutoCloseable {

    /** Header the validation step puts on each valid-settings record: the offset it had on the settings topic. */
    public static final String SEQUENCE_HEADER = "optin.settings.offset";

    private static final Logger log = LoggerFactory.getLogger(SettingsReader.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    private static final long PRUNE_EVERY_MILLIS = Duration.ofMinutes(1).toMillis();

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final KafkaConsumer<String, String> consumer;
    private final Admin admin;
    private final String settingsTopic;
    private final String validSettingsTopic;
    private final SettingsRegistry registry;
    private final ConsentCounters counters;
    private final Clock clock;
    private final Consumer<Throwable> onFailure;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean started;

    /**
     * @param kafka     the service's Kafka client properties (bootstrap servers, security)
     * @param onFailure called on the reader's thread when it stops on an error it cannot recover
     *                  from; messages would wait for settings forever, so the service must stop
     */
    public SettingsReader(Properties kafka, String settingsTopic, String validSettingsTopic, SettingsRegistry registry,
                          ConsentCounters counters, Clock clock, Consumer<Throwable> onFailure) {
        Properties props = ClientProperties.only(kafka, ConsumerConfig.configNames());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String clientId = kafka.getProperty("application.id", "whatsapp-optin") + "-settings-reader-" + INSTANCES.incrementAndGet();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        // End offsets come from an admin client: on the consumer's own connection the request would
        // queue behind a fetch the broker holds for up to fetch.max.wait.ms, and each round with it.
        Properties adminProps = ClientProperties.only(kafka, AdminClientConfig.configNames());
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        this.admin = Admin.create(adminProps);
        this.settingsTopic = settingsTopic;
        this.validSettingsTopic = validSettingsTopic;
        this.registry = registry;
        this.counters = counters;
        this.clock = clock;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "settings-reader");
        this.thread.setDaemon(true);
    }

    public void start() {
        started = true;
        thread.start();
    }

    /** Waits until the settings topics have been read to their end once; false after the timeout. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!registry.loaded() && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return registry.loaded();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            partitions.addAll(partitionsOf(settingsTopic));
            partitions.addAll(partitionsOf(validSettingsTopic));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastPrune = clock.millis();
            boolean unreachable = false;
            while (running) {
                long roundStart = clock.millis();
                Map<TopicPartition, Long> ends;
                try {
                    ends = endOffsets(partitions);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (!(cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException)) {
                        throw new IllegalStateException("cannot read the settings topics' end offsets: " + cause.getMessage(), cause);
                    }
                    if (!unreachable) {
                        log.warn("Cannot read the settings topics' end offsets ({}); messages wait until they can be read",
                                cause.getMessage());
                        unreachable = true;
                    }
                    Thread.sleep(RETRY_PAUSE.toMillis());
                    continue;
                }
                while (running && behind(ends)) {
                    apply(consumer.poll(POLL));
                }
                if (!running) {
                    break;
                }
                boolean first = !registry.loaded();
                registry.settledThrough(roundStart);
                if (first) {
                    log.info("Settings loaded for {} businesses", registry.businesses());
                } else if (unreachable) {
                    log.info("The settings topics can be read again");
                }
                unreachable = false;
                if (roundStart - lastPrune >= PRUNE_EVERY_MILLIS) {
                    registry.prune();
                    lastPrune = roundStart;
                }
                apply(consumer.poll(POLL));
            }
        } catch (InterruptedException | RuntimeException e) {
            // Closing wakes the consumer up and interrupts the thread: only an error while running is a failure.
            if (running) {
                fail(e);
            }
        }
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(END_OFFSETS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        result.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private void fail(Throwable e) {
        log.error("The settings reader stopped: messages cannot be judged without their settings", e);
        onFailure.accept(e);
    }

    private List<TopicPartition> partitionsOf(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, END_OFFSETS_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("the settings topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private boolean behind(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() != null && consumer.position(end.getKey()) < end.getValue()) {
                return true;
            }
        }
        return false;
    }

    private void apply(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            if (record.key() == null) {
                continue;
            }
            boolean fromSettingsTopic = record.topic().equals(settingsTopic);
            long sequence = fromSettingsTopic ? record.offset() : sequenceOf(record.headers());
            SettingsRegistry.Outcome outcome = registry.apply(record.key(), record.value(), record.timestamp(), sequence);
            if (outcome == SettingsRegistry.Outcome.APPLIED) {
                counters.settingsApplied().increment();
                if (registry.loaded()) {
                    log.info("Settings of business {} {} from {}", record.key(),
                            record.value() == null ? "removed (the defaults apply)" : "applied",
                            java.time.Instant.ofEpochMilli(record.timestamp()));
                }
            }
        }
    }

    /** The settings-topic offset a valid-settings record was copied from; -1 for copies made before the header existed. */
    public static long sequenceOf(Headers headers) {
        Header header = headers.lastHeader(SEQUENCE_HEADER);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            return -1;
        }
        return ByteBuffer.wrap(header.value()).getLong();
    }

    public static byte[] sequenceHeader(long offset) {
        return ByteBuffer.allocate(Long.BYTES).putLong(offset).array();
    }

    @Override
    public void close() {
        running = false;
        if (started) {
            consumer.wakeup();
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Closed here rather than on the reader's thread, which the interrupt above may reach while
        // the clients close (an InterruptException out of their close).
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(5));
        }
        admin.close(Duration.ofSeconds(5));
    }
}
