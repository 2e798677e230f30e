package com.example.whatsapp.optin.config;

import com.example.whatsapp.optin.settings.ClosestName;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import static com.example.whatsapp.optin.config.ServiceSettings.*;

/**
 * The service's configuration, read from its {@link ConfigSources} and checked once, before
 * anything connects. {@code optin.*} keys are the service's own, typed and checked by
 * {@link ServiceSettings#DEFINITION}; every other key is a Kafka property, passed to Kafka Streams
 * and to every client the service makes, and checked now by the clients' own configuration classes.
 */
public final class ServiceConfig {

    private static final Logger log = LoggerFactory.getLogger(ServiceConfig.class);

    private static final String VALIDATION_CLIENT = "config-check";

    private final Map<String, String> kafka;
    private final String applicationId;
    private final String bootstrapServers;
    private final Topics topics;
    private final int topicPartitions;
    private final short replicationFactor;
    private final boolean createTopics;
    private final List<String> builtInOptOut;
    private final Duration dedupeWindow;
    private final Duration startupTimeout;
    private final int fleetInstances;
    private final int httpPort;
    private final String adminToken;
    private final String readToken;
    private final String httpHost;
    private final boolean embeddedEnabled;
    private final String applicationServer;
    private final int embeddedPort;
    private final int embeddedControllerPort;
    private final Path embeddedDataDir;
    private final String webhookAppSecret;
    private final String webhookVerifyToken;
    private final Duration webhookWriteTimeout;
    private final Duration lookupWait;
    /** Null when every Kafka property is known. */
    private final String unknownKafkaProperties;

    private ServiceConfig(Map<String, String> settings, List<String> misspeltVariables) {
        Map<String, String> service = new TreeMap<>();
        Map<String, String> kafka = new TreeMap<>();
        settings.forEach((key, value) -> (key.startsWith(PREFIX) ? service : kafka).put(key, value.trim()));
        rejectUnknown(service);
        Map<String, Object> values = parse(service);
        this.kafka = Map.copyOf(kafka);
        this.applicationId = kafka.getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, "");
        if (applicationId.isEmpty()) {
            throw new InvalidSettingException(StreamsConfig.APPLICATION_ID_CONFIG + " must not be empty");
        }
        String servers = kafka.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.bootstrapServers = servers == null || servers.isEmpty() ? null : servers;
        String validSettings = (String) values.get(TOPIC_VALID_SETTINGS);
        this.topics = Topics.named(
                (String) values.get(TOPIC_INBOUND),
                (String) values.get(TOPIC_SETTINGS),
                (String) values.get(TOPIC_CONSENT_EVENTS),
                (String) values.get(TOPIC_REPLY_COMMANDS),
                (String) values.get(TOPIC_DLQ),
                validSettings == null || validSettings.isEmpty() ? applicationId + "-valid-settings" : validSettings,
                (String) values.get(TOPIC_CONSENT_RECORDS),
                (String) values.get(TOPIC_CONSENT_RECORDS_DLQ),
                Topics.Outbound.named(
                        (String) values.get(TOPIC_OUTBOUND_REQUESTS),
                        (String) values.get(TOPIC_OUTBOUND_APPROVED),
                        (String) values.get(TOPIC_OUTBOUND_SUPPRESSED),
                        (String) values.get(TOPIC_OUTBOUND_DLQ)),
                (String) values.get(TOPIC_CONSENT_REVIEWS));
        this.topicPartitions = (Integer) values.get(TOPIC_PARTITIONS);
        this.replicationFactor = (Short) values.get(TOPIC_REPLICATION_FACTOR);
        this.createTopics = (Boolean) values.get(TOPIC_CREATE);
        this.builtInOptOut = nonEmpty(values.get(BUILTIN_OPT_OUT));
        this.dedupeWindow = Duration.ofDays((Integer) values.get(DEDUPE_WINDOW_DAYS));
        this.startupTimeout = Duration.ofSeconds((Integer) values.get(STARTUP_TIMEOUT_SECONDS));
        this.fleetInstances = (Integer) values.get(FLEET_INSTANCES);
        this.httpPort = (Integer) values.get(HTTP_PORT);
        Password token = (Password) values.get(HTTP_ADMIN_TOKEN);
        this.adminToken = token == null || token.value().isEmpty() ? null : token.value();
        this.readToken = secret(values.get(HTTP_READ_TOKEN));
        this.httpHost = (String) values.get(HTTP_HOST);
        this.embeddedEnabled = (Boolean) values.get(EMBEDDED_ENABLED);
        String server = kafka.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        this.applicationServer = server == null || server.isEmpty() ? "localhost:" + httpPort : server;
        this.embeddedPort = (Integer) values.get(EMBEDDED_PORT);
        this.embeddedControllerPort = (Integer) values.get(EMBEDDED_CONTROLLER_PORT);
        this.embeddedDataDir = Path.of((String) values.get(EMBEDDED_DATA_DIR));
        this.webhookAppSecret = secret(values.get(WEBHOOK_APP_SECRET));
        this.webhookVerifyToken = secret(values.get(WEBHOOK_VERIFY_TOKEN));
        this.webhookWriteTimeout = Duration.ofMillis((Integer) values.get(WEBHOOK_WRITE_TIMEOUT_MS));
        this.lookupWait = Duration.ofMillis((Integer) values.get(HTTP_LOOKUP_WAIT_MS));
        checkKafkaProperties();
        this.unknownKafkaProperties = unknownKafkaProperties(kafka, misspeltVariables);
    }

    /**
     * Contacts' data is served without a token only where no other machine can ask for it: with no
     * read token the service binds to the loopback address, and refuses any other.
     */
    private static String httpHost(String configured, String readToken) {
        if (configured == null || configured.isEmpty()) {
            return readToken == null ? InetAddress.getLoopbackAddress().getHostAddress() : "0.0.0.0";
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(configured);
        } catch (UnknownHostException e) {
            throw new InvalidSettingException(HTTP_HOST + ": unknown host \"" + configured + "\"", e);
        }
        if (readToken == null && !address.isLoopbackAddress()) {
            throw new InvalidSettingException(HTTP_HOST + "=" + configured + " would serve contacts' data to other machines"
                    + " without a token: set " + HTTP_READ_TOKEN + " (" + EnvironmentVariables.variable(HTTP_READ_TOKEN)
                    + "), or bind to 127.0.0.1");
        }
        return configured;
    }

    /** Defaults, then {@code file} (may be null), then the environment, then {@code overrides}. */
    public static ServiceConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        ConfigSources.Read read = ConfigSources.read(file, environment, overrides);
        ServiceConfig config = new ServiceConfig(read.settings(), read.misspeltVariables());
        config.unknownKafkaProperties().ifPresent(log::warn);
        return config;
    }

    /** The defaults with {@code overrides} on top, the environment left out: for tests and tools. */
    public static ServiceConfig defaultsWith(Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    private static void rejectUnknown(Map<String, String> service) {
        List<String> unknown = new ArrayList<>();
        for (String key : service.keySet()) {
            if (!DEFINITION.names().contains(key)) {
                unknown.add(key + " (did you mean " + ClosestName.among(key, DEFINITION.names()) + "?)");
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidSettingException("unknown service propert" + (unknown.size() == 1 ? "y " : "ies ")
                    + String.join(", ", unknown));
        }
    }

    private static Map<String, Object> parse(Map<String, String> service) {
        try {
            return DEFINITION.parse(service);
        } catch (ConfigException e) {
            throw new InvalidSettingException(wrongType(service).orElse(e.getMessage()), e);
        }
    }

    /** Says what a value of the wrong type should be in the operator's words, not ConfigDef's ("Not a number of type INT"). */
    private static Optional<String> wrongType(Map<String, String> service) {
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            String value = service.get(key.name);
            try {
                if (value != null) {
                    ConfigDef.parseType(key.name, value, key.type);
                }
            } catch (ConfigException e) {
                String expected = key.type == Type.BOOLEAN ? "true or false" : "a whole number";
                return Optional.of(key.name + " must be " + expected + ", was \"" + value + "\"");
            }
        }
        return Optional.empty();
    }

    /** A password setting's value; null when it is not set or empty. */
    private static String secret(Object password) {
        return password == null || ((Password) password).value().isEmpty() ? null : ((Password) password).value();
    }

    /**
     * Kafka's own configuration classes check every Kafka property now, as each client would
     * when it is made, so that a mistake stops the service before it connects.
     */
    private void checkKafkaProperties() {
        String bootstrap = bootstrapServers != null ? bootstrapServers : "localhost:" + embeddedPort;
        for (String address : bootstrap.split(",")) {
            String trimmed = address.trim();
            if (!trimmed.isEmpty() && (Utils.getHost(trimmed) == null || Utils.getPort(trimmed) == null)) {
                throw new InvalidSettingException(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG
                        + " must list host:port addresses, was \"" + trimmed + "\"");
            }
        }
        Properties given = new Properties();
        given.putAll(kafka);
        given.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        given.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        try {
            HostInfo.buildFromEndpoint(applicationServer);
            StreamsConfig streams = new StreamsConfig(given);
            Map<String, Object> producer = streams.getProducerConfigs(VALIDATION_CLIENT);
            producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            new ProducerConfig(producer);
            for (Map<String, Object> consumer : List.of(
                    streams.getMainConsumerConfigs(applicationId, VALIDATION_CLIENT, 0),
                    streams.getRestoreConsumerConfigs(VALIDATION_CLIENT),
                    streams.getGlobalConsumerConfigs(VALIDATION_CLIENT))) {
                consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
                consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
                new ConsumerConfig(consumer);
            }
            new AdminClientConfig(streams.getAdminConfigs(VALIDATION_CLIENT));
        } catch (KafkaException e) {
            throw new InvalidSettingException(e.getMessage(), e);
        }
    }

    private static String unknownKafkaProperties(Map<String, String> kafka, List<String> misspeltVariables) {
        List<String> unknown = new ArrayList<>();
        for (String key : kafka.keySet()) {
            if (!KafkaPropertyNames.isKnown(key)) {
                unknown.add(key + " (did you mean " + ClosestName.among(key, KafkaPropertyNames.KNOWN) + "?)");
            }
        }
        unknown.addAll(misspeltVariables);
        if (unknown.isEmpty()) {
            return null;
        }
        return "No Kafka client knows " + (unknown.size() == 1 ? "this setting, ignored: " : "these settings, ignored: ")
                + String.join(", ", unknown);
    }

    /** One line naming every Kafka property that no Kafka client knows, each with the known name nearest to it. */
    public Optional<String> unknownKafkaProperties() {
        return Optional.ofNullable(unknownKafkaProperties);
    }

    public String applicationId() {
        return applicationId;
    }

    /** The configured cluster, or null when the service should run its own broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embeddedBroker() {
        return bootstrapServers == null;
    }

    /**
     * The embedded broker, when bootstrap.servers is unset and it is allowed.
     *
     * @throws InvalidSettingException when bootstrap.servers is unset and the embedded broker is off
     */
    public boolean startEmbeddedBroker() {
        if (bootstrapServers == null && !embeddedEnabled) {
            throw new InvalidSettingException(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + " is not set and the embedded broker is off ("
                    + EMBEDDED_ENABLED + "=false): set " + EnvironmentVariables.variable(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " to the cluster, or " + EnvironmentVariables.variable(EMBEDDED_ENABLED) + "=true for a single-node trial broker");
        }
        return bootstrapServers == null;
    }

    public Topics topics() {
        return topics;
    }

    public int topicPartitions() {
        return topicPartitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    /** How many instances run with this application.id. */
    public int fleetInstances() {
        return fleetInstances;
    }

    public boolean createTopics() {
        return createTopics;
    }

    public List<String> builtInOptOut() {
        return builtInOptOut;
    }

    public Duration dedupeWindow() {
        return dedupeWindow;
    }

    /** How long start-up waits for Kafka to answer and for topics to be ready. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The bearer token of the settings-changing routes; null switches them off. */
    public String adminToken() {
        return adminToken;
    }

    /**
     * The bearer token of the routes that return a contact's data (the admin token is accepted too);
     * null: those routes need none, and the service listens on the loopback address only.
     */
    public String readToken() {
        return readToken;
    }

    /**
     * The address the HTTP API binds to: never one other machines reach without a read token.
     * Checked when the service starts, not when the settings load, so that the tools beside the
     * service ({@code topics create}) run with the service's settings on any host.
     *
     * @throws InvalidSettingException for an address other machines reach, with no read token
     */
    public String httpHost() {
        return httpHost(httpHost, readToken);
    }

    /** Where other instances reach this one's HTTP API ({@code application.server}). */
    public String applicationServer() {
        return applicationServer;
    }

    public int embeddedPort() {
        return embeddedPort;
    }

    public int embeddedControllerPort() {
        return embeddedControllerPort;
    }

    public Path embeddedDataDir() {
        return embeddedDataDir;
    }

    /** The app secret that signs Meta's webhook posts; null switches the webhook routes off. */
    public String webhookAppSecret() {
        return webhookAppSecret;
    }

    /** The token Meta's verification handshake must present; null refuses every handshake. */
    public String webhookVerifyToken() {
        return webhookVerifyToken;
    }

    /** How long a webhook post waits for Kafka's acknowledgement before answering 503. */
    public Duration webhookWriteTimeout() {
        return webhookWriteTimeout;
    }

    /** How long a per-contact lookup no copy can answer yet asks again before answering 503. */
    public Duration lookupWait() {
        return lookupWait;
    }

    /** Every Kafka (non-{@code optin.}) property, for any client the service makes. */
    public Properties kafkaProperties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.putAll(kafka);
        if (streamsProtocol()) {
            // Kafka Streams' own value (KIP-1071): a plain consumer knows only classic and consumer.
            properties.remove(StreamsConfig.GROUP_PROTOCOL_CONFIG);
        }
        properties.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /** True with {@code group.protocol=streams}: the Streams rebalance protocol of KIP-1071. */
    public boolean streamsProtocol() {
        return "streams".equalsIgnoreCase(kafka.getOrDefault(StreamsConfig.GROUP_PROTOCOL_CONFIG, "").trim());
    }
}
