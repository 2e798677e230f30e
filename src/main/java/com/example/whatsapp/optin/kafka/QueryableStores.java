package com.example.whatsapp.optin.kafka;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.List;
import java.util.Map;

/**
 * Key-value stores that interactive queries (IQv2) can read while the stream thread writes them.
 *
 * <p>Kafka Streams 4.4's {@code RocksDBStore} and {@code InMemoryKeyValueStore} take their own
 * lock and then their position's when they write, but the position's and then their own when they
 * answer a key or range query (KAFKA-19629): a lookup meeting a write of the same store hangs both
 * the HTTP thread and the stream thread for good ("Found one Java-level deadlock" in jstack). These
 * stores take the store's lock before they hand a query on, so that both paths lock in one order.
 */
public final class QueryableStores {

    private QueryableStores() {
    }

    public static KeyValueBytesStoreSupplier persistent(String name) {
        return lockingQueries(Stores.persistentKeyValueStore(name));
    }

    public static KeyValueBytesStoreSupplier inMemory(String name) {
        return lockingQueries(Stores.inMemoryKeyValueStore(name));
    }

    static KeyValueBytesStoreSupplier lockingQueries(KeyValueBytesStoreSupplier supplier) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return supplier.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new QueryLocking(supplier.get());
            }

            @Override
            public String metricsScope() {
                return supplier.metricsScope();
            }
        };
    }

    /** Every call handed to the store as it is; a query under the store's own lock first. */
    static final class QueryLocking implements KeyValueStore<Bytes, byte[]> {

        private final KeyValueStore<Bytes, byte[]> store;

        QueryLocking(KeyValueStore<Bytes, byte[]> store) {
            this.store = store;
        }

        @Override
        public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
            synchronized (store) {
                return store.query(query, positionBound, config);
            }
        }

        @Override
        public String name() {
            return store.name();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            store.init(context, root);
        }

        @Override
        public void flush() {
            store.flush();
        }

        @Override
        public void commit(Map<TopicPartition, Long> changelogOffsets) {
            store.commit(changelogOffsets);
        }

        @Override
        public Long committedOffset(TopicPartition partition) {
            return store.committedOffset(partition);
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        public boolean persistent() {
            return store.persistent();
        }

        @Override
        public boolean managesOffsets() {
            return store.managesOffsets();
        }

        @Override
        public boolean isOpen() {
            return store.isOpen();
        }

        @Override
        public long approximateNumUncommittedBytes() {
            return store.approximateNumUncommittedBytes();
        }

        @Override
        public Position getPosition() {
            return store.getPosition();
        }

        @Override
        public void put(Bytes key, byte[] value) {
            store.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            return store.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            store.putAll(entries);
        }

        @Override
        public byte[] delete(Bytes key) {
            return store.delete(key);
        }

        @Override
        public byte[] get(Bytes key) {
            return store.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return store.range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
            return store.reverseRange(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return store.all();
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseAll() {
            return store.reverseAll();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
            return store.prefixScan(prefix, prefixKeySerializer);
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }

        @Override
        public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
            return store.readOnly(isolationLevel);
        }
    }
}
