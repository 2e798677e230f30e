package com.example.whatsapp.optin.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A KRaft cluster of {@code size} nodes on localhost, each a {@link ClusterNode} in its own JVM
 * (so each can be SIGKILLed), all formatted with one cluster id and a static quorum.
 */
final class KafkaCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ANSWER = Duration.ofSeconds(5);

    private final String clusterId = Uuid.randomUuid().toString();
    private final Path dir;
    private final int[] ports;
    private final int[] controllerPorts;
    private final Process[] processes;
    private final int[] starts;
    private final Admin admin;

    private KafkaCluster(int size, Path dir) {
        this.dir = dir;
        this.ports = IntStream.range(0, size).map(i -> TestKafka.freePort()).toArray();
        this.controllerPorts = IntStream.range(0, size).map(i -> TestKafka.freePort()).toArray();
        this.processes = new Process[size];
        this.starts = new int[size];
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "cluster-watch");
        this.admin = Admin.create(p);
    }

    /** Starts every node and waits until each serves. */
    static KafkaCluster start(int size) throws IOException, InterruptedException {
        KafkaCluster cluster = new KafkaCluster(size, TestKafka.tempDir("kraft-cluster"));
        for (int id = 1; id <= size; id++) {
            cluster.launch(id);
        }
        for (int id = 1; id <= size; id++) {
            cluster.awaitStarted(id);
        }
        return cluster;
    }

    String bootstrapServers() {
        return IntStream.of(ports).mapToObj(p -> "localhost:" + p).collect(Collectors.joining(","));
    }

    Admin admin() {
        return admin;
    }

    List<Integer> nodeIds() {
        return IntStream.rangeClosed(1, processes.length).boxed().toList();
    }

    private String voters() {
        return IntStream.range(0, controllerPorts.length).mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts[i])
                .collect(Collectors.joining(","));
    }

    private Path log(int id) {
        return dir.resolve("node-" + id + "-" + starts[id - 1] + ".log");
    }

    private void launch(int id) throws IOException {
        starts[id - 1]++;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), ClusterNode.class.getName(),
                String.valueOf(id), clusterId, dir.resolve("data-" + id).toString(),
                String.valueOf(ports[id - 1]), String.valueOf(controllerPorts[id - 1]), voters())
                .redirectErrorStream(true)
                .redirectOutput(log(id).toFile());
        processes[id - 1] = builder.start();
    }

    private void awaitStarted(int id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log(id)).contains(ClusterNode.STARTED)) {
                return;
            }
            if (!processes[id - 1].isAlive()) {
                throw new AssertionError("node " + id + " died: " + Files.readString(log(id)));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node " + id + " did not start: " + Files.readString(log(id)));
    }

    /** SIGKILL: the node's sockets close, its log is not flushed, nothing says goodbye. */
    void kill(int id) throws InterruptedException {
        processes[id - 1].destroyForcibly();
        processes[id - 1].waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a clean stop (the node hands its leaderships over first). */
    void stop(int id) throws InterruptedException {
        processes[id - 1].destroy();
        if (!processes[id - 1].waitFor(60, TimeUnit.SECONDS)) {
            processes[id - 1].destroyForcibly();
            throw new AssertionError("node " + id + " did not stop within 60 s");
        }
    }

    /** Starts a killed node again on its data directory and ports, and waits until it serves. */
    void restart(int id) throws IOException, InterruptedException {
        launch(id);
        awaitStarted(id);
    }

    boolean alive(int id) {
        return processes[id - 1].isAlive();
    }

    /** The active controller (the quorum's leader). */
    int activeController() throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS).leaderId();
    }

    /** The node that coordinates {@code groupId}. */
    int groupCoordinator(String groupId) throws Exception {
        Node node = admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId)
                .get(ANSWER.toMillis(), TimeUnit.MILLISECONDS).coordinator();
        return node.id();
    }

    /** Every partition of every topic, internal ones included. */
    Map<String, TopicDescription> describeAll() throws Exception {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        return new TreeMap<>(admin.describeTopics(names).allTopicNames().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** True when every partition is led by a live node; false also when the cluster does not answer. */
    boolean everyPartitionLed() {
        try {
            for (TopicDescription topic : describeAll().values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    Node leader = partition.leader();
                    if (leader == null || leader.isEmpty() || !alive(leader.id())) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** True when every partition is led and has all its replicas in sync again. */
    boolean fullyReplicated() {
        try {
            for (TopicDescription topic : describeAll().values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    if (partition.leader() == null || partition.leader().isEmpty()
                            || partition.isr().size() != partition.replicas().size()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The node that leads partition {@code partition} of {@code topic}. */
    int leaderOf(String topic, int partition) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic).partitions().get(partition).leader().id();
    }

    List<Path> logs() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        admin.close(Duration.ofSeconds(2));
        List<Process> running = new ArrayList<>();
        for (Process process : processes) {
            if (process != null && process.isAlive()) {
                process.destroy();
                running.add(process);
            }
        }
        for (Process process : running) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        TestKafka.deleteRecursively(dir);
    }

}
