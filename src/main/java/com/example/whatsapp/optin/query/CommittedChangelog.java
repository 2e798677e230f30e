package com.example.whatsapp.optin.query;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.example.whatsapp.optin.kafka.ClientProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What has been committed to a store's changelog, to tell whether a copy of the store that has
 * read up to some position holds every committed change.
 *
 * <p>Under exactly-once a copy's lag as Kafka Streams reports it ({@code LagInfo.offsetLag()})
 * is never 0: it counts from the offset after the last record the copy applied to the high
 * watermark, and a commit marker (or a dead instance's open, later aborted, transaction) always
 * lies between. So the committed end is the last stable offset, and the offsets between the
 * copy's position and it are read with {@code read_committed}: when none of them is a committed
 * record, only markers and aborted records lie there and the copy holds every committed change.
 */
public final class CommittedChangelog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommittedChangelog.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final String topic;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> reader;
    /** Per partition, the last range [position, end) read and found to hold no committed record. */
    private final Map<Integer, long[]> verified = new ConcurrentHashMap<>();

    /** @param kafka the service's Kafka properties, bootstrap servers and security included */
    public CommittedChangelog(String topic, Properties kafka) {
        this.topic = topic;
        Properties admin = ClientProperties.only(kafka, AdminClientConfig.configNames());
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, topic + "-committed-end");
        this.admin = Admin.create(admin);
        Properties consumer = ClientProperties.only(kafka, ConsumerConfig.configNames());
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, topic + "-committed-reader");
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.reader = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The partition's committed end (last stable offset) now, or empty when the broker does not say in time. */
    public OptionalLong committedEnd(int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try {
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(tp).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
            return OptionalLong.of(end);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("The committed end of {}-{} is not known: the standby copy is not read", topic, partition, e);
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /**
     * True when a copy whose next offset to read is {@code position} holds every change committed
     * below {@code end}: no committed record lies in [position, end).
     */
    public boolean holdsEveryCommittedChange(int partition, long position, long end) {
        if (position >= end) {
            return true;
        }
        long[] known = verified.get(partition);
        if (known != null && known[0] == position && known[1] == end) {
            return true;
        }
        boolean none = noCommittedRecordBetween(partition, position, end);
        if (none) {
            verified.put(partition, new long[] {position, end});
        }
        return none;
    }

    private synchronized boolean noCommittedRecordBetween(int partition, long position, long end) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try {
            reader.assign(List.of(tp));
            reader.seek(tp, position);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (reader.position(tp, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(50))) {
                    if (record.offset() < end) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            log.warn("Cannot read {}-{} from offset {}: the standby copy is not read", topic, partition, position, e);
            return false;
        }
    }

    @Override
    public void close() {
        reader.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
