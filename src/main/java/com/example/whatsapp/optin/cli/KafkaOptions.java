package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Properties;

/** Which Kafka the produce and consume tools talk to, with the service's client settings. */
public final class KafkaOptions {

    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Default: the config's, else the embedded broker's.")
    String bootstrapServers;

    @Option(names = "--topic", required = true)
    String topic;

    /** The config's Kafka properties (security included) for the chosen cluster. */
    Properties clientProperties() {
        ServiceConfig loaded = config.load();
        return loaded.kafkaProperties(config.bootstrap(loaded, bootstrapServers));
    }
}
