package com.example.whatsapp.optin.it;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * One KRaft node (broker and controller) of {@link KafkaCluster}, run in its own JVM so that a
 * test can SIGKILL it. Arguments: node id, cluster id, data directory, broker port, controller
 * port, the static {@code controller.quorum.voters}. Formats the data directory on the first
 * start; prints {@link #STARTED} when it serves.
 */
public final class ClusterNode {

    static final String STARTED = "cluster node started";

    private ClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        int nodeId = Integer.parseInt(args[0]);
        String clusterId = args[1];
        Path dataDir = Path.of(args[2]).toAbsolutePath();
        int port = Integer.parseInt(args[3]);
        int controllerPort = Integer.parseInt(args[4]);
        String voters = args[5];
        Files.createDirectories(dataDir);

        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(nodeId));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        // A production cluster's replication, fewer internal partitions to spare the shared machine.
        p.setProperty("default.replication.factor", "3");
        p.setProperty("min.insync.replicas", "2");
        p.setProperty("offsets.topic.replication.factor", "3");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "3");
        p.setProperty("transaction.state.log.min.isr", "2");
        p.setProperty("transaction.state.log.num.partitions", "10");
        p.setProperty("share.coordinator.state.topic.replication.factor", "3");
        p.setProperty("share.coordinator.state.topic.min.isr", "2");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("num.replica.fetchers", "1");
        KafkaConfig config = new KafkaConfig(p, false);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            new Formatter()
                    .setClusterId(clusterId)
                    .setNodeId(nodeId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(dataDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        // SIGTERM is a controlled shutdown, as with kafka-server-stop.sh: leaderships move first.
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "node-shutdown"));
        server.startup();
        System.out.println(STARTED);
        System.out.flush();
        server.awaitShutdown();
    }
}
