package com.example.whatsapp.optin.config;

import com.example.whatsapp.optin.consent.TextNormalizer;
import com.example.whatsapp.optin.settings.SettingsValidator;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.streams.StreamsConfig;
import com.example.whatsapp.optin.topology.CountingDeadLetterHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service's configuration: the defaults of {@code config/optin.properties}, a file on top,
 * then explicit overrides. {@code optin.*} keys are the service's own and are checked; every
 * other key is a Kafka property, passed to Kafka Streams and to every client the service makes.
 */
public final class ServiceConfig {

    public static final String PREFIX = "optin.";
    static final String DEFAULTS_RESOURCE = "optin.properties";

    private static final Set<String> KNOWN = Set.of(
            "optin.topic.inbound", "optin.topic.settings", "optin.topic.consent-events",
            "optin.topic.reply-commands", "optin.topic.dlq", "optin.topic.valid-settings",
            "optin.topic.partitions", "optin.topic.replication-factor", "optin.topic.create",
            "optin.keywords.builtin-opt-out", "optin.dedupe.window.days", "optin.startup.timeout.seconds", "optin.fleet.instances",
            "optin.http.port", "optin.http.admin-token",
            "optin.embedded.port", "optin.embedded.controller-port", "optin.embedded.data-dir");

    private final Properties props;

    private ServiceConfig(Properties props) {
        this.props = props;
        validate();
    }

    public static ServiceConfig load(Path file, Map<String, String> overrides) {
        Properties props = defaults();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot read the config file " + file + ": " + e.getMessage());
            }
        }
        overrides.forEach(props::setProperty);
        return new ServiceConfig(props);
    }

    public static ServiceConfig defaultsWith(Map<String, String> overrides) {
        return load(null, overrides);
    }

    private static Properties defaults() {
        Properties props = new Properties();
        try (InputStream in = ServiceConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default configuration is missing from the jar");
            }
            props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default configuration", e);
        }
        return props;
    }

    private void validate() {
        Set<String> unknown = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && !KNOWN.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown service propert" + (unknown.size() == 1 ? "y " : "ies ") + String.join(", ", unknown));
        }
        if (applicationId().isBlank()) {
            throw new ConfigException("application.id must not be empty");
        }
        port("optin.http.port");
        port("optin.embedded.port");
        port("optin.embedded.controller-port");
        int partitions = integer("optin.topic.partitions");
        if (partitions < 1) {
            throw new ConfigException("optin.topic.partitions must be at least 1, was " + partitions);
        }
        short replication = replicationFactor();
        if (replication == 0 || replication < -1) {
            throw new ConfigException("optin.topic.replication-factor must be -1 (broker default) or at least 1");
        }
        bool("optin.topic.create");
        if (integer("optin.fleet.instances") < 1) {
            throw new ConfigException("optin.fleet.instances must be at least 1");
        }
        if (integer("optin.startup.timeout.seconds") < 1) {
            throw new ConfigException("optin.startup.timeout.seconds must be at least 1");
        }
        if (integer("optin.dedupe.window.days") < 7) {
            throw new ConfigException("optin.dedupe.window.days must be at least 7");
        }
        List<String> builtIns = builtInOptOut();
        for (String keyword : builtIns) {
            if (TextNormalizer.normalize(keyword).isEmpty()
                    || keyword.codePointCount(0, keyword.length()) > SettingsValidator.MAX_KEYWORD_LENGTH) {
                throw new ConfigException("optin.keywords.builtin-opt-out: \"" + keyword
                        + "\" must be non-empty after normalization and at most 64 characters");
            }
        }
        Topics t = topics();
        for (String name : List.of(t.inbound(), t.settings(), t.consentEvents(), t.replyCommands(), t.deadLetter(), t.validSettings())) {
            if (name.isBlank()) {
                throw new ConfigException("topic names must not be empty");
            }
        }
    }

    public String get(String key) {
        String value = props.getProperty(key);
        return value == null ? null : value.trim();
    }

    private String required(String key) {
        String value = get(key);
        if (value == null || value.isEmpty()) {
            throw new ConfigException(key + " must be set");
        }
        return value;
    }

    private int integer(String key) {
        String value = required(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, was \"" + value + "\"");
        }
    }

    private int port(String key) {
        int port = integer(key);
        if (port < 0 || port > 65535) {
            throw new ConfigException(key + " must be a port number from 0 to 65535, was " + port);
        }
        return port;
    }

    private boolean bool(String key) {
        String value = required(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ConfigException(key + " must be true or false, was \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    public String applicationId() {
        String id = get(StreamsConfig.APPLICATION_ID_CONFIG);
        return id == null ? "" : id;
    }

    /** The configured cluster, or null when the service should run its own broker. */
    public String bootstrapServers() {
        String servers = get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        return servers == null || servers.isEmpty() ? null : servers;
    }

    public boolean embeddedBroker() {
        return bootstrapServers() == null;
    }

    public Topics topics() {
        String validSettings = get("optin.topic.valid-settings");
        return new Topics(
                required("optin.topic.inbound"),
                required("optin.topic.settings"),
                required("optin.topic.consent-events"),
                required("optin.topic.reply-commands"),
                required("optin.topic.dlq"),
                validSettings == null || validSettings.isEmpty() ? applicationId() + "-valid-settings" : validSettings);
    }

    public int topicPartitions() {
        return integer("optin.topic.partitions");
    }

    public short replicationFactor() {
        return (short) integer("optin.topic.replication-factor");
    }

    public boolean createTopics() {
        return bool("optin.topic.create");
    }

    public List<String> builtInOptOut() {
        String value = props.getProperty("optin.keywords.builtin-opt-out", "");
        List<String> keywords = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(keywords::add);
        return List.copyOf(keywords);
    }

    public Duration dedupeWindow() {
        return Duration.ofDays(integer("optin.dedupe.window.days"));
    }

    /** How long start-up waits for Kafka to answer and for topics to be ready. */
    public Duration startupTimeout() {
        return Duration.ofSeconds(integer("optin.startup.timeout.seconds"));
    }

    public int httpPort() {
        return port("optin.http.port");
    }

    /** The bearer token of the settings-changing routes; null switches them off. */
    public String adminToken() {
        String token = get("optin.http.admin-token");
        return token == null || token.isEmpty() ? null : token;
    }

    /** Where other instances reach this one's HTTP API ({@code application.server}). */
    public String applicationServer() {
        String server = get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return server == null || server.isEmpty() ? "localhost:" + httpPort() : server;
    }

    public int embeddedPort() {
        return port("optin.embedded.port");
    }

    public int embeddedControllerPort() {
        return port("optin.embedded.controller-port");
    }

    public Path embeddedDataDir() {
        return Path.of(required("optin.embedded.data-dir"));
    }

    /** Every Kafka (non-{@code optin.}) property, for any client the service makes. */
    public Properties kafkaProperties(String bootstrapServers) {
        Properties kafka = new Properties();
        for (String key : props.stringPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                kafka.setProperty(key, props.getProperty(key).trim());
            }
        }
        kafka.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return kafka;
    }

    /** The Kafka Streams configuration: the Kafka properties plus the dead-letter wiring of the contract. */
    public Properties streamsProperties(String bootstrapServers) {
        Properties streams = kafkaProperties(bootstrapServers);
        streams.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingDeadLetterHandler.class.getName());
        streams.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + httpPort());
        if (integer("optin.fleet.instances") > 1) {
            // A warm copy of every store on another instance: a failed instance's contacts move
            // without a restore from the changelog.
            streams.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        }
        streams.setProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics().deadLetter());
        return streams;
    }
}
