package com.example.whatsapp.optin.wire;

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
 */
public record Topics(Topic<String, InboundBatch> inbound, Topic<String, String> settings,
                     Topic<String, ConsentEvent> consentEvents, Topic<String, ReplyCommand> replyCommands,
                     Topic<byte[], byte[]> deadLetter, Topic<String, String> validSettings,
                     Topic<String, byte[]> consentRecords, Topic<byte[], byte[]> consentRecordsDeadLetter) {

    /** Consent events are the proof of consent: kept for ten years. */
    public static final Duration CONSENT_EVENTS_RETENTION = Duration.ofDays(3650);

    private static final Map<String, String> DELETE = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
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
        return new Topics(
                new Topic<>(inbound, Serdes.String(), new InboundSerde(), false, DELETE),
                new Topic<>(settings, Serdes.String(), Serdes.String(), true, SETTINGS),
                new Topic<>(consentEvents, Serdes.String(), new JsonSerde<>(ConsentEvent.class), false, CONSENT_EVENTS),
                new Topic<>(replyCommands, Serdes.String(), new JsonSerde<>(ReplyCommand.class), false, DELETE),
                new Topic<>(deadLetter, Serdes.ByteArray(), Serdes.ByteArray(), false, DELETE),
                new Topic<>(validSettings, Serdes.String(), Serdes.String(), true, SETTINGS),
                new Topic<>(consentRecords, Serdes.String(), Serdes.ByteArray(), false, DELETE),
                new Topic<>(consentRecordsDeadLetter, Serdes.ByteArray(), Serdes.ByteArray(), false, DELETE));
    }

    public List<Topic<?, ?>> all() {
        return List.of(inbound, settings, validSettings, consentEvents, replyCommands, deadLetter,
                consentRecords, consentRecordsDeadLetter);
    }
}
