package com.example.whatsapp.optin.config;

import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.settings.KeywordRule;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The service's own {@code optin.*} settings, each defined once with its type, default, rule and
 * description, as Kafka's own {@code StreamsConfig} defines its properties.
 * {@code java -jar whatsapp-optin.jar config} prints them.
 */
public final class ServiceSettings {

    public static final String PREFIX = "optin.";

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
    static final String TOPIC_CONSENT_REVIEWS = "optin.topic.consent-reviews";
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
    static final String HTTP_LOOKUP_WAIT_MS = "optin.http.lookup-wait-ms";
    static final String EMBEDDED_ENABLED = "optin.embedded.enabled";
    static final String EMBEDDED_PORT = "optin.embedded.port";
    static final String EMBEDDED_CONTROLLER_PORT = "optin.embedded.controller-port";
    static final String EMBEDDED_DATA_DIR = "optin.embedded.data-dir";
    static final String WEBHOOK_APP_SECRET = "optin.webhook.app-secret";
    static final String WEBHOOK_VERIFY_TOKEN = "optin.webhook.verify-token";
    static final String WEBHOOK_WRITE_TIMEOUT_MS = "optin.webhook.write-timeout-ms";

    private static final String TOPICS = "Topics (the contract's names)";
    private static final String RULES = "Consent rules";
    private static final String SERVICE = "Service";
    private static final String HTTP = "HTTP";
    private static final String WEBHOOK = "Webhook ingress (POST/GET /webhooks/whatsapp: the service is the URL Meta calls)";
    private static final String EMBEDDED = "Embedded broker (only when bootstrap.servers is unset)";

    /** Every {@code optin.*} setting. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(TOPIC_INBOUND, Type.STRING, "whatsapp.inbound-messages", notEmpty(), Importance.HIGH,
                    "Inbound WhatsApp messages and Meta's webhook envelopes.", TOPICS, 1, ConfigDef.Width.LONG, TOPIC_INBOUND)
            .define(TOPIC_SETTINGS, Type.STRING, "whatsapp.optin-settings", notEmpty(), Importance.HIGH,
                    "The businesses' opt-in settings, keyed by business id.", TOPICS, 2, ConfigDef.Width.LONG, TOPIC_SETTINGS)
            .define(TOPIC_CONSENT_EVENTS, Type.STRING, "whatsapp.consent-events", notEmpty(), Importance.HIGH,
                    "Consent changes with their proof.", TOPICS, 3, ConfigDef.Width.LONG, TOPIC_CONSENT_EVENTS)
            .define(TOPIC_REPLY_COMMANDS, Type.STRING, "whatsapp.reply-commands", notEmpty(), Importance.HIGH,
                    "Ready-to-send confirmation replies.", TOPICS, 4, ConfigDef.Width.LONG, TOPIC_REPLY_COMMANDS)
            .define(TOPIC_DLQ, Type.STRING, "whatsapp.inbound-messages.dlq", notEmpty(), Importance.HIGH,
                    "Unreadable inbound records, unchanged, with Kafka Streams' error headers.", TOPICS, 5, ConfigDef.Width.LONG, TOPIC_DLQ)
            .define(TOPIC_VALID_SETTINGS, Type.STRING, "", Importance.MEDIUM,
                    "The service's own compacted topic of validated settings. Empty: <application.id>-valid-settings.",
                    TOPICS, 6, ConfigDef.Width.LONG, TOPIC_VALID_SETTINGS)
            .define(TOPIC_OUTBOUND_REQUESTS, Type.STRING, "whatsapp.outbound-requests", notEmpty(), Importance.HIGH,
                    "The outbound gate's requests. The service creates this topic with the inbound topic's partition count and"
                            + " refuses to start when an existing one has another: a request is judged in the task that holds its"
                            + " contact's consent.", TOPICS, 7, ConfigDef.Width.LONG, TOPIC_OUTBOUND_REQUESTS)
            .define(TOPIC_OUTBOUND_APPROVED, Type.STRING, "whatsapp.outbound-approved", notEmpty(), Importance.HIGH,
                    "Outbound requests the gate approved.", TOPICS, 8, ConfigDef.Width.LONG, TOPIC_OUTBOUND_APPROVED)
            .define(TOPIC_OUTBOUND_SUPPRESSED, Type.STRING, "whatsapp.outbound-suppressed", notEmpty(), Importance.HIGH,
                    "Outbound requests the gate suppressed, with the reason.", TOPICS, 9, ConfigDef.Width.LONG, TOPIC_OUTBOUND_SUPPRESSED)
            .define(TOPIC_OUTBOUND_DLQ, Type.STRING, "whatsapp.outbound-requests.dlq", notEmpty(), Importance.HIGH,
                    "Unreadable outbound requests, unchanged, with Kafka Streams' error headers.",
                    TOPICS, 10, ConfigDef.Width.LONG, TOPIC_OUTBOUND_DLQ)
            .define(TOPIC_CONSENT_RECORDS, Type.STRING, "whatsapp.consent-records", notEmpty(), Importance.HIGH,
                    "Consent records from other channels (website forms, imports, ...).",
                    TOPICS, 11, ConfigDef.Width.LONG, TOPIC_CONSENT_RECORDS)
            .define(TOPIC_CONSENT_RECORDS_DLQ, Type.STRING, "whatsapp.consent-records.dlq", notEmpty(), Importance.HIGH,
                    "Unreadable or rejected consent records, unchanged, with Kafka Streams' error headers.",
                    TOPICS, 12, ConfigDef.Width.LONG, TOPIC_CONSENT_RECORDS_DLQ)
            .define(TOPIC_CONSENT_REVIEWS, Type.STRING, "whatsapp.consent-reviews", notEmpty(), Importance.HIGH,
                    "Messages flagged as possible revocations (the review queue) and the decisions on them; kept like the"
                            + " consent events, since a review and its decision are part of the proof.",
                    TOPICS, 13, ConfigDef.Width.LONG, TOPIC_CONSENT_REVIEWS)
            .define(TOPIC_PARTITIONS, Type.INT, 4, atLeast(1), Importance.MEDIUM,
                    "Partitions of the topics the service creates when they are missing: the inbound topic's count is the"
                            + " ceiling of parallelism.", TOPICS, 14, ConfigDef.Width.SHORT, TOPIC_PARTITIONS)
            .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, (name, value) -> {
                short factor = (Short) value;
                if (factor == 0 || factor < -1) {
                    throw new ConfigException(name + " must be -1 (broker default) or at least 1, was " + factor);
                }
            }, Importance.MEDIUM, "Replication factor of the topics the service creates; -1: the broker's default.",
                    TOPICS, 15, ConfigDef.Width.SHORT, TOPIC_REPLICATION_FACTOR)
            .define(TOPIC_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Create missing topics at start-up. When false, a missing topic stops the service with its name.",
                    TOPICS, 16, ConfigDef.Width.SHORT, TOPIC_CREATE)
            .define(BUILTIN_OPT_OUT, Type.LIST, "STOP,STOPALL,UNSUBSCRIBE,OPTOUT,OPT OUT,REVOKE", (name, value) -> {
                for (String keyword : nonEmpty(value)) {
                    Optional<String> problem = KeywordRule.problem(keyword);
                    if (problem.isPresent()) {
                        throw new ConfigException(name + ": \"" + keyword + "\" " + problem.get());
                    }
                }
            }, Importance.HIGH, "Opt-out keywords every business has, in addition to its own (comma-separated).",
                    RULES, 1, ConfigDef.Width.LONG, BUILTIN_OPT_OUT)
            .define(DEDUPE_WINDOW_DAYS, Type.INT, 7, atLeast(ConsentDecider.MIN_DEDUPE_WINDOW.toDays()), Importance.MEDIUM,
                    "How long (in days of message time) a message id that decided something is remembered, at least "
                            + ConsentDecider.MIN_DEDUPE_WINDOW.toDays() + ".", RULES, 2, ConfigDef.Width.SHORT, DEDUPE_WINDOW_DAYS)
            .define(STARTUP_TIMEOUT_SECONDS, Type.INT, 30, atLeast(1), Importance.LOW,
                    "How long start-up waits for Kafka to answer and for the topics to be ready, in seconds.",
                    SERVICE, 1, ConfigDef.Width.SHORT, STARTUP_TIMEOUT_SECONDS)
            .define(FLEET_INSTANCES, Type.INT, 1, atLeast(1), Importance.MEDIUM,
                    "How many instances of the service run with this application.id. Above 1, num.standby.replicas defaults"
                            + " to 1 and the group notices a crashed instance within 6 s (config/optin.properties says why and"
                            + " how to override it). Every instance needs its own state.dir and application.server; the inbound"
                            + " topic's partition count caps how many instances can work at once.",
                    SERVICE, 2, ConfigDef.Width.SHORT, FLEET_INSTANCES)
            .define(HTTP_PORT, Type.INT, 8080, port(), Importance.HIGH, "The HTTP API's port.",
                    HTTP, 1, ConfigDef.Width.SHORT, HTTP_PORT)
            .define(HTTP_ADMIN_TOKEN, Type.PASSWORD, "", Importance.HIGH,
                    "Bearer token of the settings-changing routes (PUT and DELETE .../settings). Empty: those routes answer 403."
                            + " Set it in a file readable only by the service, never in the repository.",
                    HTTP, 2, ConfigDef.Width.LONG, HTTP_ADMIN_TOKEN)
            .define(HTTP_HOST, Type.STRING, "", Importance.HIGH,
                    "The address the HTTP API listens on. Empty: 0.0.0.0 (every interface) when a read token is set, else"
                            + " 127.0.0.1, so that contacts' data never reaches the network without a token. Any address but a"
                            + " loopback one needs optin.http.read-token: the service refuses to start without it.",
                    HTTP, 3, ConfigDef.Width.MEDIUM, HTTP_HOST)
            .define(HTTP_READ_TOKEN, Type.PASSWORD, "", Importance.HIGH,
                    "Bearer token of the routes that return a contact's data (lookup, history, may-send, lists, reviews and"
                            + " exports); the admin token works there too. Empty: those routes need no token, and the service"
                            + " listens on 127.0.0.1 only (a developer's machine). Health, /metrics, the console page, the"
                            + " settings and the daily counts stay open: they hold no contact's data. Like the admin token, set"
                            + " it in a file readable only by the service or in the environment (OPTIN_HTTP_READ_TOKEN).",
                    HTTP, 4, ConfigDef.Width.LONG, HTTP_READ_TOKEN)
            .define(HTTP_LOOKUP_WAIT_MS, Type.INT, 5000, between(0, 30000), Importance.LOW,
                    "How long a per-contact lookup that no copy of the contact's store can answer yet (its partition moving"
                            + " to another instance, a crashed owner not yet replaced) asks again before it answers 503, in"
                            + " milliseconds, from 0 (at once) to 30000. While the service starts or stops it answers 503 at once.",
                    HTTP, 5, ConfigDef.Width.SHORT, HTTP_LOOKUP_WAIT_MS)
            // PASSWORD, so that Kafka's config logging and errors print [hidden].
            .define(WEBHOOK_APP_SECRET, Type.PASSWORD, "", Importance.HIGH,
                    "The Meta app's App Secret: every POST must carry X-Hub-Signature-256, its HMAC-SHA256 of the body."
                            + " Empty: the webhook routes answer 404. Like the admin token, set it in a file readable only by"
                            + " the service or in the environment (OPTIN_WEBHOOK_APP_SECRET), never in the repository.",
                    WEBHOOK, 1, ConfigDef.Width.LONG, WEBHOOK_APP_SECRET)
            .define(WEBHOOK_VERIFY_TOKEN, Type.PASSWORD, "", Importance.HIGH,
                    "The Verify Token typed into the Meta app's webhook settings, checked by the GET handshake."
                            + " Empty: every handshake answers 403.", WEBHOOK, 2, ConfigDef.Width.LONG, WEBHOOK_VERIFY_TOKEN)
            .define(WEBHOOK_WRITE_TIMEOUT_MS, Type.INT, 10000, (name, value) -> {
                int millis = (Integer) value;
                if (millis < 1000 || millis > 15000) {
                    throw new ConfigException(name + " must be from 1000 to 15000 (below Meta's own timeout), was " + millis);
                }
            }, Importance.MEDIUM, "How long a POST waits for Kafka to acknowledge its write before answering 503 (Meta then"
                    + " retries), in milliseconds, from 1000 to 15000: below Meta's own timeout.",
                    WEBHOOK, 3, ConfigDef.Width.SHORT, WEBHOOK_WRITE_TIMEOUT_MS)
            .define(EMBEDDED_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "false: with bootstrap.servers unset the service refuses to start instead of running its own broker"
                            + " (the container image sets false: a container asks for the trial broker by name).",
                    EMBEDDED, 0, ConfigDef.Width.SHORT, EMBEDDED_ENABLED)
            .define(EMBEDDED_PORT, Type.INT, 9092, port(), Importance.LOW, "The embedded broker's port.",
                    EMBEDDED, 1, ConfigDef.Width.SHORT, EMBEDDED_PORT)
            .define(EMBEDDED_CONTROLLER_PORT, Type.INT, 9093, port(), Importance.LOW, "The embedded broker's controller port.",
                    EMBEDDED, 2, ConfigDef.Width.SHORT, EMBEDDED_CONTROLLER_PORT)
            .define(EMBEDDED_DATA_DIR, Type.STRING, "data/kafka", notEmpty(), Importance.LOW, "The embedded broker's data directory.",
                    EMBEDDED, 3, ConfigDef.Width.LONG, EMBEDDED_DATA_DIR);

    private ServiceSettings() {
    }

    /**
     * Every setting as a properties file: each group under its heading, each setting's
     * description as a comment above its default.
     */
    public static String describe() {
        StringBuilder out = new StringBuilder();
        for (String group : DEFINITION.groups()) {
            out.append(out.isEmpty() ? "" : "\n").append("# --- ").append(group).append('\n');
            List<ConfigDef.ConfigKey> keys = DEFINITION.configKeys().values().stream().filter(key -> group.equals(key.group))
                    .sorted(Comparator.comparingInt(key -> key.orderInGroup)).toList();
            for (ConfigDef.ConfigKey key : keys) {
                for (String line : wrap(key.documentation, 98)) {
                    out.append("# ").append(line).append('\n');
                }
                out.append(key.name).append('=').append(defaultText(key)).append('\n');
            }
        }
        return out.toString();
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (key.type == Type.PASSWORD) {
            return "";
        }
        return key.type == Type.LIST ? String.join(",", nonEmpty(key.defaultValue)) : String.valueOf(key.defaultValue);
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
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

    private static ConfigDef.Validator between(long min, long max) {
        return (name, value) -> {
            long number = ((Number) value).longValue();
            if (number < min || number > max) {
                throw new ConfigException(name + " must be from " + min + " to " + max + ", was " + value);
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

    /** A list setting without the empty entries a trailing comma leaves. */
    @SuppressWarnings("unchecked")
    static List<String> nonEmpty(Object list) {
        return ((List<String>) list).stream().filter(s -> !s.isEmpty()).toList();
    }
}
