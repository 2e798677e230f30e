package com.example.whatsapp.optin.config;

import com.example.whatsapp.optin.settings.ClosestName;
import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.settings.KeywordRule;
import com.example.whatsapp.optin.topology.CountingDeadLetterHandler;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.example.whatsapp.optin.topology.Topics;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The service's configuration, read and checked once, before anything connects: the defaults of
 * {@code config/optin.properties} (packed into the jar), a file on top, then the environment,
 * then explicit overrides. {@code optin.*} keys are the service's own, typed and checked by
 * {@link #DEFINITION}; every other key is a Kafka property, passed to Kafka Streams and to every
 * client the service makes, and checked by the clients' own configuration classes.
 */
public final class ServiceConfig {

    private static final Logger log = LoggerFactory.getLogger(ServiceConfig.class);

    public static final String PREFIX = "optin.";
    static final String DEFAULTS_RESOURCE = "optin.properties";

    static final String TOPIC_INBOUND = "optin.topic.inbound";
    static final String TOPIC_SETTINGS = "optin.topic.settings";
    static final String TOPIC_CONSENT_EVENTS = "optin.topic.consent-events";
    static final String TOPIC_REPLY_COMMANDS = "optin.topic.reply-commands";
    static final String TOPIC_DLQ = "optin.topic.dlq";
    static final String TOPIC_VALID_SETTINGS = "optin.topic.valid-settings";
    static final String TOPIC_OUTBOUND_REQUESTS = "optin.topic.outbound-requests";
    static final String TOPIC_OUTBOUND_APPROVED = "optin.topic.outbound-approved";
    static final String TOPIC_OUTBOUND_SUPPRESSED = "optin.topic.outbound-suppressed";
    static final String TOPIC_OUTBOUND_DLQ = "optin.topic.outbound-dlq";
    static final String TOPIC_CONSENT_RECORDS = "optin.topic.consent-records";
    static final String TOPIC_CONSENT_RECORDS_DLQ = "optin.topic.consent-records-dlq";
    static final String TOPIC_PARTITIONS = "optin.topic.partitions";
    static final String TOPIC_REPLICATION_FACTOR = "optin.topic.replication-factor";
    static final String TOPIC_CREATE = "optin.topic.create";
    static final String BUILTIN_OPT_OUT = "optin.keywords.builtin-opt-out";
    static final String DEDUPE_WINDOW_DAYS = "optin.dedupe.window.days";
    static final String STARTUP_TIMEOUT_SECONDS = "optin.startup.timeout.seconds";
    static final String FLEET_INSTANCES = "optin.fleet.instances";
    static final String HTTP_PORT = "optin.http.port";
    static final String HTTP_ADMIN_TOKEN = "optin.http.admin-token";
    static final String HTTP_HOST = "optin.http.host";
    static final String HTTP_READ_TOKEN = "optin.http.read-token";
    static final String EMBEDDED_ENABLED = "optin.embedded.enabled";
    static final String EMBEDDED_PORT = "optin.embedded.port";
    static final String EMBEDDED_CONTROLLER_PORT = "optin.embedded.controller-port";
    static final String EMBEDDED_DATA_DIR = "optin.embedded.data-dir";
    static final String WEBHOOK_APP_SECRET = "optin.webhook.app-secret";
    static final String WEBHOOK_VERIFY_TOKEN = "optin.webhook.verify-token";
    static final String WEBHOOK_WRITE_TIMEOUT_MS = "optin.webhook.write-timeout-ms";

    private static final String DESCRIBED = "described in config/optin.properties";

    /**
     * The service's settings, each with its type and rule. Their defaults and descriptions are in
     * {@code config/optin.properties}, the one place an operator reads them.
     */
    static final ConfigDef DEFINITION = new ConfigDef()
            .define(TOPIC_INBOUND, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_SETTINGS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_CONSENT_EVENTS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_REPLY_COMMANDS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_DLQ, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            // empty: <application.id>-valid-settings
            .define(TOPIC_VALID_SETTINGS, Type.STRING, Importance.MEDIUM, DESCRIBED)
            .define(TOPIC_OUTBOUND_REQUESTS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_OUTBOUND_APPROVED, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_OUTBOUND_SUPPRESSED, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_OUTBOUND_DLQ, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_CONSENT_RECORDS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_CONSENT_RECORDS_DLQ, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.HIGH, DESCRIBED)
            .define(TOPIC_PARTITIONS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, atLeast(1), Importance.MEDIUM, DESCRIBED)
            .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
                short factor = (Short) value;
                if (factor == 0 || factor < -1) {
                    throw new ConfigException(name + " must be -1 (broker default) or at least 1, was " + factor);
                }
            }, Importance.MEDIUM, DESCRIBED)
            .define(TOPIC_CREATE, Type.BOOLEAN, Importance.MEDIUM, DESCRIBED)
            .define(BUILTIN_OPT_OUT, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
                for (String keyword : nonEmpty(value)) {
                    Optional<String> problem = KeywordRule.problem(keyword);
                    if (problem.isPresent()) {
                        throw new ConfigException(name + ": \"" + keyword + "\" " + problem.get());
                    }
                }
            }, Importance.HIGH, DESCRIBED)
            .define(DEDUPE_WINDOW_DAYS, Type.INT, ConfigDef.NO_DEFAULT_VALUE,
                    atLeast(ConsentDecider.MIN_DEDUPE_WINDOW.toDays()), Importance.MEDIUM, DESCRIBED)
            .define(STARTUP_TIMEOUT_SECONDS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, atLeast(1), Importance.LOW, DESCRIBED)
            .define(FLEET_INSTANCES, Type.INT, ConfigDef.NO_DEFAULT_VALUE, atLeast(1), Importance.MEDIUM, DESCRIBED)
            .define(HTTP_PORT, Type.INT, ConfigDef.NO_DEFAULT_VALUE, port(), Importance.HIGH, DESCRIBED)
            .define(HTTP_ADMIN_TOKEN, Type.PASSWORD, Importance.HIGH, DESCRIBED)
            // empty: 0.0.0.0 with a read token, the loopback address without
            .define(HTTP_HOST, Type.STRING, Importance.HIGH, DESCRIBED)
            .define(HTTP_READ_TOKEN, Type.PASSWORD, Importance.HIGH, DESCRIBED)
            .define(EMBEDDED_ENABLED, Type.BOOLEAN, ConfigDef.NO_DEFAULT_VALUE, Importance.MEDIUM, DESCRIBED)
            .define(EMBEDDED_PORT, Type.INT, ConfigDef.NO_DEFAULT_VALUE, port(), Importance.LOW, DESCRIBED)
            .define(EMBEDDED_CONTROLLER_PORT, Type.INT, ConfigDef.NO_DEFAULT_VALUE, port(), Importance.LOW, DESCRIBED)
            .define(EMBEDDED_DATA_DIR, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, notEmpty(), Importance.LOW, DESCRIBED)
            // Webhook ingress: PASSWORD, so that Kafka's config logging and errors print [hidden].
            .define(WEBHOOK_APP_SECRET, Type.PASSWORD, Importance.HIGH, DESCRIBED)
            .define(WEBHOOK_VERIFY_TOKEN, Type.PASSWORD, Importance.HIGH, DESCRIBED)
            .define(WEBHOOK_WRITE_TIMEOUT_MS, Type.INT, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
                int millis = (Integer) value;
                if (millis < 1000 || millis > 15000) {
                    throw new ConfigException(name + " must be from 1000 to 15000 (below Meta's own timeout), was " + millis);
                }
            }, Importance.MEDIUM, DESCRIBED);

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
                        (String) values.get(TOPIC_OUTBOUND_DLQ)));
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
            throw new InvalidSettingException(HTTP_HOST + ": unknown host \"" + configured + "\"");
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
        Map<String, String> settings = defaults();
        if (file != null) {
            settings.putAll(read(file));
        }
        EnvironmentVariables.Read fromEnvironment = EnvironmentVariables.read(environment, DEFINITION.names());
        settings.putAll(fromEnvironment.settings());
        settings.putAll(overrides);
        ServiceConfig config = new ServiceConfig(settings, fromEnvironment.misspelt());
        config.unknownKafkaProperties().ifPresent(log::warn);
        return config;
    }

    /** The defaults with {@code overrides} on top, the environment left out: for tests and tools. */
    public static ServiceConfig defaultsWith(Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    private static Map<String, String> defaults() {
        try (InputStream in = ServiceConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default configuration is missing from the jar");
            }
            return properties(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default configuration", e);
        }
    }

    private static Map<String, String> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return properties(reader);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingException("cannot read the config file " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InvalidSettingException("cannot read the config file " + file + ": permission denied");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException("cannot read the config file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> properties(Reader reader) throws IOException {
        Properties props = new Properties();
        props.load(reader);
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(key -> map.put(key, props.getProperty(key)));
        return map;
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
            throw new InvalidSettingException(wrongType(service).orElse(e.getMessage()));
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

    private static ConfigDef.Validator notEmpty() {
        return (name, value) -> {
            if (value == null || value.toString().isEmpty()) {
                throw new ConfigException(name + " must not be empty");
            }
        };
    }

    private static ConfigDef.Validator atLeast(long min) {
        return (name, value) -> {
            if (((Number) value).longValue() < min) {
                throw new ConfigException(name + " must be at least " + min + ", was " + value);
            }
        };
    }

    private static ConfigDef.Validator port() {
        return (name, value) -> {
            int port = (Integer) value;
            if (port < 0 || port > 65535) {
                throw new ConfigException(name + " must be a port number from 0 to 65535, was " + port);
            }
        };
    }

    /** A password setting's value; null when it is not set or empty. */
    private static String secret(Object password) {
        return password == null || ((Password) password).value().isEmpty() ? null : ((Password) password).value();
    }

    /** A list setting without the empty entries a trailing comma leaves. */
    @SuppressWarnings("unchecked")
    private static List<String> nonEmpty(Object list) {
        return ((List<String>) list).stream().filter(s -> !s.isEmpty()).toList();
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
        try {
            HostInfo.buildFromEndpoint(applicationServer);
            StreamsConfig streams = new StreamsConfig(streamsProperties(bootstrap));
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
            throw new InvalidSettingException(e.getMessage());
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

    /** The Kafka Streams configuration: the Kafka properties plus the dead-letter wiring of the contract. */
    public Properties streamsProperties(String bootstrapServers) {
        Properties streams = kafkaProperties(bootstrapServers);
        if (streamsProtocol()) {
            streams.setProperty(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        }
        streams.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingDeadLetterHandler.class.getName());
        streams.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        if (fleetInstances > 1) {
            // A warm copy of every store on another instance: a failed instance's contacts move
            // without a restore from the changelog, and are answered from it meanwhile.
            streams.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
            fastFailureDetection(streams);
        } else {
            outlastBrokerFailover(streams);
        }
        streams.setProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter().name());
        // Bad consent records go to their own dead-letter topic (the handler redirects Kafka's record).
        streams.setProperty(CountingDeadLetterHandler.DEAD_LETTER_TOPICS_CONFIG,
                topics.consentRecords().name() + "=" + topics.consentRecordsDeadLetter().name()
                        // ...and so do unreadable outbound requests, read directly or re-keyed.
                        + "," + topics.outbound().requests().name() + "=" + topics.outbound().deadLetter().name()
                        + "," + TopologyNames.outboundRepartitionTopic(applicationId) + "=" + topics.outbound().deadLetter().name());
        // A webhook body of up to 1 MiB that cannot be read is copied to the dead-letter topic with its error headers.
        streams.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(Topics.MAX_RECORD_BYTES));
        return streams;
    }

    /** A single instance's transaction timeout: longer than a broker's failover and the service's resume after it. */
    static final String SINGLE_TRANSACTION_TIMEOUT_MS = "30000";

    /**
     * A single instance's transactions outlast a broker's failover, unless the user set the timeout
     * (plain or {@code producer.}). With Kafka Streams' 10 s, a transaction open when a broker died
     * (the cluster takes 9 to 12 s to lead every partition again) was aborted by its coordinator and
     * the producer fenced: every task closed dirty, its stores restored from the changelogs, and no
     * commit for 27.7 s after the cluster had recovered (docs/broker-faults.md). A restarted
     * instance keeps its transactional id (Kafka Streams keeps the process id in state.dir) and
     * aborts its own open transaction at once, so the longer timeout does not slow a restart.
     */
    private static void outlastBrokerFailover(Properties streams) {
        if (!streams.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                && !streams.containsKey(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))) {
            streams.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, SINGLE_TRANSACTION_TIMEOUT_MS);
        }
    }

    /** In a fleet, a crashed instance is noticed within {@value #FLEET_SESSION_TIMEOUT_MS} ms instead of Kafka's 45 s. */
    static final String FLEET_SESSION_TIMEOUT_MS = "6000";
    static final String FLEET_HEARTBEAT_INTERVAL_MS = "1500";

    /**
     * The group's session timeout and heartbeat in a fleet, unless the user set either of them
     * (plain, {@code consumer.} or {@code main.consumer.}): a crashed instance's partitions move
     * after 6 s, the broker's smallest allowed session ({@code group.min.session.timeout.ms}).
     * With the Streams rebalance protocol both are the broker's group settings instead.
     */
    private void fastFailureDetection(Properties streams) {
        if (streamsProtocol()) {
            return;
        }
        for (String name : List.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
            if (streams.containsKey(name) || streams.containsKey(StreamsConfig.consumerPrefix(name))
                    || streams.containsKey(StreamsConfig.mainConsumerPrefix(name))) {
                return;
            }
        }
        streams.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, FLEET_SESSION_TIMEOUT_MS);
        streams.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, FLEET_HEARTBEAT_INTERVAL_MS);
        // A crashed instance's open transaction holds back its partitions' committed offsets
        // (the new owner waits for "unstable offsets") until the broker aborts it: FailoverIT saw
        // the new owner wait 7 s after the rebalance with Kafka Streams' 10 s.
        if (!streams.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                && !streams.containsKey(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))) {
            streams.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, FLEET_SESSION_TIMEOUT_MS);
        }
    }
}
