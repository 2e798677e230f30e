package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/** Which Kafka the produce and consume tools talk to, with the service's client settings. */
public final class KafkaOptions {

    /** Long enough for a cluster that is up to answer, short enough that a user is not left waiting. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Default: the config's, else the embedded broker's.")
    String bootstrapServers;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic's name, e.g. whatsapp.inbound-messages.")
    String topic;

    /** The config's Kafka properties (security included) for the chosen cluster. */
    Properties clientProperties() {
        ServiceConfig loaded = config.load();
        return loaded.kafkaProperties(config.bootstrap(loaded, bootstrapServers));
    }

    /**
     * The properties of a producer whose every write is acknowledged by all replicas, once, after
     * the cluster has answered: a person waits for it, so it gives up on a silent cluster.
     */
    static Properties acknowledgedProducer(Properties clientProperties) {
        requireAnswer(clientProperties);
        clientProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        clientProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        clientProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return clientProperties;
    }

    /**
     * Fails within a few seconds, in one line, when the cluster does not answer: the producer and
     * consumer would otherwise wait for topic metadata and report that instead.
     */
    static void requireAnswer(Properties clientProperties) {
        String bootstrap = clientProperties.getProperty("bootstrap.servers");
        Admin admin = Admin.create(clientProperties);
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis())).clusterId().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka at " + bootstrap, e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }
}
