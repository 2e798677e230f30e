package com.example.whatsapp.optin.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM. Its
 * log directory is formatted once and kept, so topics and their data survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    /**
     * Transactions version 1. With version 2 (KIP-890, the default of new 4.4 clusters)
     * exactly-once producers get CONCURRENT_TRANSACTIONS and then OUT_OF_ORDER_SEQUENCE_NUMBER on
     * a single node under load, each costing a task restart: docs/transactions-v2.md.
     */
    public static final short TRANSACTION_VERSION = 1;

    private final int port;
    private final KafkaRaftServer server;
    private final AtomicBoolean closing = new AtomicBoolean();

    private EmbeddedKafka(int port, KafkaRaftServer server) {
        this.port = port;
        this.server = server;
    }

    /**
     * Starts the broker on localhost:{@code port}, its controller on {@code controllerPort}, with
     * its log in {@code dataDir}.
     *
     * @throws BrokerStartException when a port is taken or the data directory cannot be used
     */
    public static EmbeddedKafka start(int port, int controllerPort, Path dataDir) {
        return start(port, controllerPort, dataDir, TRANSACTION_VERSION, Map.of());
    }

    /**
     * As {@link #start(int, int, Path)}, with a new data directory formatted at the given
     * transactions version and broker settings over the defaults below: for the benchmark and
     * the transactions v2 reproduction (docs/transactions-v2.md).
     */
    public static EmbeddedKafka start(int port, int controllerPort, Path dataDir, short transactionVersion,
                                      Map<String, String> brokerOverrides) {
        requireFree(port, "the embedded Kafka port (optin.embedded.port)");
        requireFree(controllerPort, "the embedded Kafka controller port (optin.embedded.controller-port)");
        Path logDir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new BrokerStartException("cannot create the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        Properties properties = brokerProperties(port, controllerPort, logDir);
        properties.putAll(brokerOverrides);
        KafkaConfig config = new KafkaConfig(properties, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config, logDir, transactionVersion);
            log.info("Formatted a new Kafka data directory in {}: a new cluster, with no topics yet", logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        startup(server);
        log.info("Embedded Kafka broker started on localhost:{} with data in {}", port, logDir);
        return new EmbeddedKafka(port, server);
    }

    /** Formats a new data directory once, with a new cluster id; later starts reuse it. */
    private static void format(KafkaConfig config, Path logDir, short transactionVersion) {
        try {
            Formatter formatter = new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(config.nodeId())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setFeatureLevel("transaction.version", transactionVersion)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
            formatter.run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static void startup(KafkaRaftServer server) {
        try {
            server.startup();
        } catch (RuntimeException e) {
            try {
                server.shutdown();
            } catch (RuntimeException alsoFailed) {
                // the start failure is the one to report
                e.addSuppressed(alsoFailed);
            }
            throw new BrokerStartException("the embedded Kafka broker failed to start: " + e.getMessage(), e);
        }
    }

    static Properties brokerProperties(int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // A single node: every internal topic has one replica, or exactly-once cannot work. A crashed
        // instance's open transaction is aborted within a second of its timeout, not ten: until then
        // the partitions it wrote to wait.
        try {
            p.load(new StringReader("""
                    offsets.topic.replication.factor=1
                    offsets.topic.num.partitions=5
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    transaction.state.log.num.partitions=5
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    default.replication.factor=1
                    min.insync.replicas=1
                    group.initial.rebalance.delay.ms=0
                    auto.create.topics.enable=false
                    log.cleaner.backoff.ms=1000
                    transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
                    """));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("localhost"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new BrokerStartException("port " + port + " is in use: it is " + what, e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        log.info("Embedded Kafka broker stopped");
    }

    /** The broker could not start; the message says why in one line. */
    public static final class BrokerStartException extends RuntimeException {
        public BrokerStartException(String message) {
            super(message);
        }

        public BrokerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
