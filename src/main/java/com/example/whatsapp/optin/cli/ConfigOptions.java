package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** {@code --config FILE}, shared by every command. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties on top of the defaults (config/optin.properties); OPTIN_* and KAFKA_* environment variables on top of both.")
    Path file;

    public ServiceConfig load() {
        return ServiceConfig.load(file, System.getenv(), Map.of());
    }

    /** The cluster the tools talk to: --bootstrap-servers, else the config's, else the embedded broker's address. */
    String bootstrap(ServiceConfig config, String override) {
        if (override != null) {
            return override;
        }
        return config.bootstrapServers() != null ? config.bootstrapServers() : "localhost:" + config.embeddedPort();
    }
}
