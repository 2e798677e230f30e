package com.example.whatsapp.optin.query;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** What a lookup answers while Kafka Streams does not run: a Kafka Streams client with no broker to reach. */
class StoreContactQueriesTest {

    @TempDir
    Path stateDir;

    private KafkaStreams streams() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "store-contact-queries-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.RECONNECT_BACKOFF_MS_CONFIG, 10_000);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        return new KafkaStreams(builder.build(), props);
    }

    @Test
    void until_kafka_streams_first_runs_the_service_is_starting_then_rebalancing() {
        KafkaStreams streams = streams();
        AtomicBoolean hasRun = new AtomicBoolean();
        StoreContactQueries queries = new StoreContactQueries(streams, new HostInfo("localhost", 1), hasRun::get);
        try {
            assertThat(queries.find("acme", "919876543210", false))
                    .isEqualTo(new ContactQueries.Unavailable("the service is starting"));
            streams.start();
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.REBALANCING);
            assertThat(queries.find("acme", "919876543210", false))
                    .isEqualTo(new ContactQueries.Unavailable("the service is starting"));
            hasRun.set(true);
            assertThat(queries.find("acme", "919876543210", false))
                    .isEqualTo(new ContactQueries.Unavailable("the service is rebalancing"));
        } finally {
            streams.close(Duration.ofSeconds(10));
        }
        assertThat(queries.find("acme", "919876543210", false))
                .isEqualTo(new ContactQueries.Unavailable("the service is stopping"));
    }
}
