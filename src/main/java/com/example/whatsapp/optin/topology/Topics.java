package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.events.ConsentEvent;
import com.example.whatsapp.optin.events.ConsentReview;
import com.example.whatsapp.optin.events.ReplyCommand;
import com.example.whatsapp.optin.inbound.InboundBatch;
import com.example.whatsapp.optin.inbound.InboundSerde;
import com.example.whatsapp.optin.kafka.JsonSerde;
import com.example.whatsapp.optin.kafka.Topic;
import com.example.whatsapp.optin.outbound.OutboundDecision;
import com.example.whatsapp.optin.outbound.OutboundDecisionSerde;
import com.example.whatsapp.optin.outbound.OutboundRequest;
import com.example.whatsapp.optin.outbound.OutboundRequestSerde;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The topic catalogue: every topic the service reads or writes, with its serdes and cleanup
 * policy, in one place for the topology, topic setup, the tools and the tests. Internal topics
 * (changelogs, the repartition topic) are Kafka Streams' and are named in {@code TopologyNames}.
 *
 * @param validSettings the service's own compacted copy of the valid settings records
 * @param consentRecords v2: ConsentRecords, read raw: the topology validates them against the settings
 * @param consentRecordsDeadLetter v2: unreadable and rejected consent records
 * @param outbound      v2: the outbound gate's topics
 * @param consentReviews v3: messages flagged as possible revocations, and the decisions on them
 */
public record Topics(Topic<String, InboundBatch> inbound, Topic<String, String> settings,
                     Topic<String, ConsentEvent> consentEvents, Topic<String, ReplyCommand> replyCommands,
                     Topic<byte[], byte[]> deadLetter, Topic<String, String> validSettings,
                     Topic<String, byte[]> consentRecords, Topic<byte[], byte[]> consentRecordsDeadLetter,
                     Outbound outbound, Topic<String, ConsentReview> consentReviews) {

    /** Consent events are the proof of consent: kept for ten years. */
    public static final Duration CONSENT_EVENTS_RETENTION = Duration.ofDays(3650);

    private static final Map<String, String> DELETE = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    /**
     * Room for the largest webhook body the service takes (1 MiB), and for its copy in the
     * dead-letter topic with the error headers: Kafka's default limit is 1 MiB for the whole record.
     */
    public static final int MAX_RECORD_BYTES = 2 * 1024 * 1024;
    private static final Map<String, String> DELETE_WEBHOOK_SIZED = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES));
    /** Every settings version is kept for the retention, so a message read late is still judged by the settings of its time. */
    private static final Map<String, String> SETTINGS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(SettingsRegistry.RETENTION.toMillis()));
    private static final Map<String, String> CONSENT_EVENTS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(CONSENT_EVENTS_RETENTION.toMillis()));

    /** The v1 topics as named, the v2 ones by their default names. */
    public static Topics named(String inbound, String settings, String consentEvents, String replyCommands,
                               String deadLetter, String validSettings) {
        return named(inbound, settings, consentEvents, replyCommands, deadLetter, validSettings,
                "whatsapp.consent-records", "whatsapp.consent-records.dlq");
    }

    public static Topics named(String inbound, String settings, String consentEvents, String replyCommands,
                               String deadLetter, String validSettings, String consentRecords, String consentRecordsDeadLetter) {
        return named(inbound, settings, consentEvents, replyCommands, deadLetter, validSettings, consentRecords,
                consentRecordsDeadLetter, Outbound.named("whatsapp.outbound-requests", "whatsapp.outbound-approved",
                        "whatsapp.outbound-suppressed", "whatsapp.outbound-requests.dlq"));
    }

    public static Topics named(String inbound, String settings, String consentEvents, String replyCommands,
                               String deadLetter, String validSettings, String consentRecords, String consentRecordsDeadLetter,
                               Outbound outbound) {
        return named(inbound, settings, consentEvents, replyCommands, deadLetter, validSettings, consentRecords,
                consentRecordsDeadLetter, outbound, "whatsapp.consent-reviews");
    }

    public static Topics named(String inbound, String settings, String consentEvents, String replyCommands,
                               String deadLetter, String validSettings, String consentRecords, String consentRecordsDeadLetter,
                               Outbound outbound, String consentReviews) {
        return new Topics(
                new Topic<>(inbound, Serdes.String(), new InboundSerde(), false, DELETE_WEBHOOK_SIZED),
                new Topic<>(settings, Serdes.String(), Serdes.String(), true, SETTINGS),
                new Topic<>(consentEvents, Serdes.String(), new JsonSerde<>(ConsentEvent.class), false, CONSENT_EVENTS),
                new Topic<>(replyCommands, Serdes.String(), new JsonSerde<>(ReplyCommand.class), false, DELETE),
                new Topic<>(deadLetter, Serdes.ByteArray(), Serdes.ByteArray(), false, DELETE_WEBHOOK_SIZED),
                new Topic<>(validSettings, Serdes.String(), Serdes.String(), true, SETTINGS),
                new Topic<>(consentRecords, Serdes.String(), Serdes.ByteArray(), false, DELETE),
                new Topic<>(consentRecordsDeadLetter, Serdes.ByteArray(), Serdes.ByteArray(), false, DELETE),
                outbound,
                // Kept like the consent events: a review and its decision are part of the proof.
                new Topic<>(consentReviews, Serdes.String(), new JsonSerde<>(ConsentReview.class), false, CONSENT_EVENTS));
    }

    public List<Topic<?, ?>> all() {
        return List.of(inbound, settings, validSettings, consentEvents, replyCommands, deadLetter,
                consentRecords, consentRecordsDeadLetter,
                outbound.requests(), outbound.approved(), outbound.suppressed(), outbound.deadLetter(), consentReviews);
    }

    /**
     * The outbound gate's topics. The requests topic must have the inbound topic's partition count:
     * its requests are judged in the task that holds their contacts' consent.
     */
    public record Outbound(Topic<String, OutboundRequest> requests, Topic<String, OutboundDecision> approved,
                           Topic<String, OutboundDecision> suppressed, Topic<byte[], byte[]> deadLetter) {

        public static Outbound named(String requests, String approved, String suppressed, String deadLetter) {
            return new Outbound(
                    new Topic<>(requests, Serdes.String(), new OutboundRequestSerde(), false, DELETE),
                    new Topic<>(approved, Serdes.String(), new OutboundDecisionSerde(), false, DELETE),
                    new Topic<>(suppressed, Serdes.String(), new OutboundDecisionSerde(), false, DELETE),
                    new Topic<>(deadLetter, Serdes.ByteArray(), Serdes.ByteArray(), false, DELETE));
        }
    }
}
