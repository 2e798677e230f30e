package com.example.whatsapp.optin.bench;

import com.example.whatsapp.optin.broker.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The smallest reproduction of the exactly-once trouble on a transactions v2 broker: no Kafka
 * Streams and no service code, one transactional producer that does what a Streams thread does
 * under load (transactions back to back, each filled for the commit interval with small records
 * to a few partitions, so that several produce requests per partition are in flight when a
 * transaction starts). It counts the errors the producer's callbacks and commits see, by type.
 *
 * <pre>
 * flock /tmp/optin-heavy.lock mvn -B -Pbenchmark package \
 *   -Dbench.main=com.example.whatsapp.optin.bench.TransactionsV2Reproduction \
 *   -Dbench.args="--transaction-version 2 --seconds 30"
 * </pre>
 *
 * Options: {@code --transaction-version 1|2}, {@code --seconds}, {@code --commit-ms} (the time
 * a transaction is filled, Kafka Streams' commit.interval.ms under exactly-once: 100),
 * {@code --records} (at most this many records a transaction, sent at once when it begins: 3000,
 * a Streams thread at 30,000 records/s), {@code --partitions}, {@code --value-bytes}, {@code --producer a=1,b=2} (producer settings over
 * those of a Streams producer), {@code --broker a=1,b=2} (broker settings). See
 * docs/transactions-v2.md.
 */
public final class TransactionsV2Reproduction {

    private TransactionsV2Reproduction() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        short transactionVersion = Short.parseShort(options.getOrDefault("transaction-version", "2"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int commitMs = Integer.parseInt(options.getOrDefault("commit-ms", "100"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));
        int valueBytes = Integer.parseInt(options.getOrDefault("value-bytes", "300"));
        int recordsPerTransaction = Integer.parseInt(options.getOrDefault("records", "3000"));
        Map<String, String> producerSettings = settings(options.getOrDefault("producer", ""));
        Path dataDir = Files.createTempDirectory("txn-v2-repro");
        try (EmbeddedKafka broker = EmbeddedKafka.start(freePort(), freePort(), dataDir, transactionVersion,
                settings(options.getOrDefault("broker", "")))) {
            Properties common = new Properties();
            common.put("bootstrap.servers", broker.bootstrapServers());
            List<String> topics = List.of("repro-a", "repro-b", "repro-c");
            try (Admin admin = Admin.create(common)) {
                admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
            }
            System.out.printf("REPRO Kafka %s, transaction.version %d, %d topics x %d partitions, transactions of %d ms with up to %d records, %d-byte values,"
                            + " producer settings %s, broker settings %s%n", org.apache.kafka.common.utils.internals.AppInfoParser.getVersion(),
                    transactionVersion, topics.size(), partitions, commitMs, recordsPerTransaction, valueBytes, producerSettings, options.getOrDefault("broker", "{}"));
            run(common, topics, partitions, seconds, commitMs, new byte[valueBytes], producerSettings, recordsPerTransaction);
        }
        System.exit(0);
    }

    private static void run(Properties common, List<String> topics, int partitions, int seconds, int commitMs, byte[] value,
                            Map<String, String> producerSettings, int recordsPerTransaction) {
        Map<String, LongAdder> sendErrors = new ConcurrentHashMap<>();
        Map<String, Integer> commitErrors = new TreeMap<>();
        long transactions = 0;
        long records = 0;
        int producersCreated = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        KafkaProducer<byte[], byte[]> producer = null;
        double retries = 0;
        List<Long> firstAckMicros = new java.util.ArrayList<>();
        List<Long> commitMicros = new java.util.ArrayList<>();
        while (System.nanoTime() < end) {
            if (producer == null) {
                producer = newProducer(common, producerSettings);
                producersCreated++;
                producer.initTransactions();
            }
            try {
                producer.beginTransaction();
                long begun = System.nanoTime();
                java.util.concurrent.atomic.AtomicLong firstAck = new java.util.concurrent.atomic.AtomicLong();
                long fillUntil = begun + commitMs * 1_000_000L;
                long i = 0;
                while (System.nanoTime() < fillUntil) {
                    if (i >= recordsPerTransaction) {
                        java.util.concurrent.locks.LockSupport.parkNanos(fillUntil - System.nanoTime());
                        continue;
                    }
                    for (int n = 0; n < 100; n++, i++) {
                        String topic = topics.get((int) (i % topics.size()));
                        producer.send(new ProducerRecord<>(topic, (int) ((i / topics.size()) % partitions), null, value), (metadata, e) -> {
                            if (e != null) {
                                sendErrors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                            } else {
                                firstAck.compareAndSet(0, System.nanoTime());
                            }
                        });
                    }
                }
                long committing = System.nanoTime();
                producer.commitTransaction();
                commitMicros.add((System.nanoTime() - committing) / 1000);
                firstAckMicros.add((firstAck.get() - begun) / 1000);
                transactions++;
                records += i;
            } catch (ProducerFencedException fatal) {
                commitErrors.merge(fatal.getClass().getSimpleName(), 1, Integer::sum);
                retries += retries(producer);
                producer.close();
                producer = null;
            } catch (KafkaException abortable) {
                String cause = abortable.getCause() == null ? "" : " caused by " + abortable.getCause().getClass().getSimpleName();
                commitErrors.merge(abortable.getClass().getSimpleName() + cause, 1, Integer::sum);
                try {
                    producer.abortTransaction();
                } catch (KafkaException fatal) {
                    // as a Streams thread does after a fatal error: a new producer, a new epoch
                    commitErrors.merge("abort failed: " + fatal.getClass().getSimpleName(), 1, Integer::sum);
                    retries += retries(producer);
                    producer.close();
                    producer = null;
                }
            }
        }
        if (producer != null) {
            retries += retries(producer);
            producer.close();
        }
        System.out.printf("REPRO %d transactions committed, %d records, %.0f records/s, %d producers created%n",
                transactions, records, records / (double) seconds, producersCreated);
        System.out.printf("REPRO failed transactions by exception: %s%n", commitErrors);
        System.out.printf("REPRO from beginTransaction to the first acknowledged send: %s; commitTransaction: %s%n",
                spread(firstAckMicros), spread(commitMicros));
        Map<String, Long> byType = new TreeMap<>();
        sendErrors.forEach((k, v) -> byType.put(k, v.sum()));
        System.out.printf("REPRO failed sends by exception: %s; produce retries (record-retry-total) %.0f%n", byType, retries);
    }

    private static String spread(List<Long> micros) {
        if (micros.isEmpty()) {
            return "none";
        }
        List<Long> sorted = new java.util.ArrayList<>(micros);
        java.util.Collections.sort(sorted);
        return String.format("p50 %.1f ms, p90 %.1f ms, max %.1f ms", sorted.get(sorted.size() / 2) / 1e3,
                sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.9))) / 1e3, sorted.get(sorted.size() - 1) / 1e3);
    }

    private static double retries(KafkaProducer<byte[], byte[]> producer) {
        return producer.metrics().values().stream()
                .filter(m -> m.metricName().group().equals("producer-metrics") && m.metricName().name().equals("record-retry-total"))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
    }

    /** A producer set up as Kafka Streams sets up its exactly_once_v2 producer, then the settings under test. */
    private static KafkaProducer<byte[], byte[]> newProducer(Properties common, Map<String, String> settings) {
        Properties p = new Properties();
        p.putAll(common);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "repro-1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "100");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        p.putAll(settings);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, String> settings(String list) {
        Map<String, String> settings = new TreeMap<>();
        for (String pair : list.split(",")) {
            if (!pair.isBlank()) {
                settings.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return settings;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
