package com.example.whatsapp.optin.kafka;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stores the service queries while the stream thread writes them, a query and a write at
 * once on two threads, again and again: Kafka's own stores deadlock here (KAFKA-19629); these
 * must finish. A deadlock is told by the JVM's monitor graph, not by a time.
 */
class QueryableStoresTest {

    private static final int ROUNDS = 200_000;

    @TempDir
    Path stateDir;

    private KeyValueStore<Bytes, byte[]> opened(KeyValueBytesStoreSupplier supplier) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "queryable-stores-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        KeyValueStore<Bytes, byte[]> store = supplier.get();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static Bytes key(int i) {
        return Bytes.wrap(("acme:" + (i % 64)).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"persistent", "in-memory"})
    void a_key_or_range_query_while_the_store_is_written_never_deadlocks(String kind) throws InterruptedException {
        Function<String, KeyValueBytesStoreSupplier> supplier = kind.equals("persistent")
                ? QueryableStores::persistent : QueryableStores::inMemory;
        KeyValueStore<Bytes, byte[]> store = opened(supplier.apply("contacts"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                store.put(key(i), new byte[] {(byte) i});
            }
        }, "writer");
        Thread reader = new Thread(() -> {
            QueryConfig config = new QueryConfig(false);
            for (int i = 0; i < ROUNDS; i++) {
                if (i % 2 == 0) {
                    QueryResult<byte[]> one = store.query(KeyQuery.withKey(key(i)), PositionBound.unbounded(), config);
                    if (!one.isSuccess()) {
                        failure.set(new AssertionError(one.getFailureMessage()));
                        return;
                    }
                } else {
                    QueryResult<KeyValueIterator<Bytes, byte[]>> range = store.query(
                            RangeQuery.withRange(key(0), key(63)), PositionBound.unbounded(), config);
                    range.getResult().close();
                }
            }
        }, "reader");
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Set<Long> ours = Set.of(writer.getId(), reader.getId());
        while (writer.isAlive() || reader.isAlive()) {
            long[] deadlocked = threads.findMonitorDeadlockedThreads();
            assertThat(deadlocked == null ? Set.of() : Arrays.stream(deadlocked).boxed().filter(ours::contains).toList())
                    .as("the query and the write deadlocked").isEmpty();
            writer.join(100);
            reader.join(100);
        }
        assertThat(failure.get()).isNull();
        assertThat(store.get(key(ROUNDS - 1))).containsExactly((byte) (ROUNDS - 1));
        store.close();
    }
}
