package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.service.ConsentStreams;
import com.example.whatsapp.optin.kafka.Topic;

import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsReader;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.kafka.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The production topology under TopologyTestDriver, with the production Streams configuration.
 *
 * <p>The settings reader runs outside the topology; this driver plays its part with the same
 * registry calls: a settings record piped here is read from the settings topic and, once the
 * validation step has copied it, from the valid-settings topic. By default the reader keeps up at
 * once; {@link #withSettingsReaderBehind()} makes a driver whose reader reads only when told to
 * ({@link #readSettings()}, {@link #settleSettings(Instant)}), to pipe records in the orders the
 * service may read them.
 *
 * <p>Every record piped without a time gets the next millisecond of one clock shared by all
 * input topics, so records are written in the order they are piped.
 */
final class ConsentDriver implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");

    final ServiceConfig config;
    final Topics topics;
    final ConsentCounters counters = ConsentCounters.inMemory();
    final SettingsRegistry registry;
    private final Path stateDir;
    final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> inbound;
    private final TestInputTopic<String, String> settings;
    private final TestOutputTopic<String, String> events;
    private final TestOutputTopic<String, String> replies;
    private final TestOutputTopic<byte[], byte[]> dlq;
    private final TestOutputTopic<String, String> validSettings;
    private final TestInputTopic<String, byte[]> consentRecords;
    private final TestOutputTopic<byte[], byte[]> recordsDlq;
    private final boolean readerKeepsUp;
    // The outbound gate
    private final TestInputTopic<String, byte[]> outboundRequests;
    private final TestOutputTopic<String, String> outboundApproved;
    private final TestOutputTopic<String, String> outboundSuppressed;
    private final TestOutputTopic<byte[], byte[]> outboundDlq;
    private final TestOutputTopic<String, String> reviews;
    private final List<SettingsRecord> unreadSettings = new ArrayList<>();
    private long settingsOffset;
    private Instant recordTime = NOW.minus(Duration.ofHours(1));

    ConsentDriver() {
        this(Map.of());
    }

    ConsentDriver(Map<String, String> overrides) {
        this(overrides, true);
    }

    /** A driver whose settings reader reads and settles only when the test says so. */
    static ConsentDriver withSettingsReaderBehind() {
        return new ConsentDriver(Map.of(), false);
    }

    private ConsentDriver(Map<String, String> overrides, boolean readerKeepsUp) {
        this.readerKeepsUp = readerKeepsUp;
        try {
            stateDir = Files.createTempDirectory("consent-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config = ServiceConfig.defaultsWith(settings);
        ConsentStreams consent = new ConsentStreams(config, counters, Clock.fixed(NOW, ZoneOffset.UTC));
        topics = consent.topics();
        registry = consent.settings();
        driver = new TopologyTestDriver(consent.topology(), consent.streamsProperties("unused:9092"));
        inbound = driver.createInputTopic(topics.inbound().name(), new StringSerializer(), new ByteArraySerializer());
        this.settings = input(topics.settings());
        events = driver.createOutputTopic(topics.consentEvents().name(), new StringDeserializer(), new StringDeserializer());
        replies = driver.createOutputTopic(topics.replyCommands().name(), new StringDeserializer(), new StringDeserializer());
        dlq = output(topics.deadLetter());
        validSettings = output(topics.validSettings());
        outboundRequests = driver.createInputTopic(topics.outbound().requests().name(), new StringSerializer(),
                new ByteArraySerializer());
        outboundApproved = driver.createOutputTopic(topics.outbound().approved().name(), new StringDeserializer(),
                new StringDeserializer());
        outboundSuppressed = driver.createOutputTopic(topics.outbound().suppressed().name(), new StringDeserializer(),
                new StringDeserializer());
        outboundDlq = output(topics.outbound().deadLetter());
        consentRecords = input(topics.consentRecords());
        recordsDlq = output(topics.consentRecordsDeadLetter());
        reviews = driver.createOutputTopic(topics.consentReviews().name(), new StringDeserializer(), new StringDeserializer());
        if (readerKeepsUp) {
            registry.settledThrough(Long.MAX_VALUE);
        }
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    void putSettings(String businessId, String json) {
        putSettings(businessId, json, nextRecordTime());
    }

    void putSettings(String businessId, String json, Instant time) {
        settings.pipeInput(businessId, json, time);
        unreadSettings.add(new SettingsRecord(businessId, json, time.toEpochMilli(), settingsOffset++));
        for (TestRecord<String, String> copy : validSettings.readRecordsToList()) {
            unreadSettings.add(new SettingsRecord(copy.key(), copy.value(), copy.timestamp(),
                    SettingsReader.sequenceOf(copy.headers())));
        }
        if (readerKeepsUp) {
            readSettings();
        }
    }

    void deleteSettings(String businessId) {
        putSettings(businessId, null);
    }

    /** The settings reader reads what was piped so far: the settings records and their valid copies. */
    void readSettings() {
        for (SettingsRecord record : unreadSettings) {
            registry.apply(record.businessId(), record.json(), record.timestamp(), record.sequence());
        }
        unreadSettings.clear();
    }

    /**
     * The settings reader says everything written before {@code wallClock} has been read, and the
     * wall clock moves on so that held messages are retried.
     */
    void settleSettings(Instant wallClock) {
        registry.settledThrough(wallClock.toEpochMilli());
        driver.advanceWallClockTime(AwaitSettings.RETRY_EVERY);
    }

    void send(String key, String json) {
        send(key, json, nextRecordTime());
    }

    void send(String key, String json, Instant recordTime) {
        inbound.pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8), recordTime);
    }

    void sendBytes(String key, byte[] value) {
        inbound.pipeInput(key, value, nextRecordTime());
    }

    /** An outbound request, written at the next millisecond of the shared clock. */
    void request(String key, String json) {
        requestBytes(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    void requestBytes(String key, byte[] value) {
        outboundRequests.pipeInput(key, value, nextRecordTime());
    }

    void request(String key, String json, Instant recordTime) {
        outboundRequests.pipeInput(key, json.getBytes(StandardCharsets.UTF_8), recordTime);
    }

    /** The OutboundDecisions written to the approved topic since the last read, as written. */
    List<TestRecord<String, String>> approvedRaw() {
        return outboundApproved.readRecordsToList();
    }

    List<TestRecord<String, String>> suppressedRaw() {
        return outboundSuppressed.readRecordsToList();
    }

    List<TestRecord<String, JsonNode>> approved() {
        return approvedRaw().stream().map(ConsentDriver::parse).toList();
    }

    List<TestRecord<String, JsonNode>> suppressed() {
        return suppressedRaw().stream().map(ConsentDriver::parse).toList();
    }

    List<TestRecord<byte[], byte[]>> outboundDeadLetters() {
        return outboundDlq.readRecordsToList();
    }

    /** A ConsentRecord on the consent-records topic. */
    void consentRecord(String key, String json) {
        consentRecords.pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8), nextRecordTime());
    }

    /** A ConsentRecord on the consent-records topic, written at {@code time}. */
    void consentRecord(String key, String json, Instant time) {
        consentRecords.pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8), time);
    }

    List<TestRecord<byte[], byte[]>> recordDeadLetters() {
        return recordsDlq.readRecordsToList();
    }

    /** The contact's stored consent, as the lookup and the history answer from it. */
    com.example.whatsapp.optin.consent.ContactConsent contact(String contactKey) {
        org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store = driver.getKeyValueStore(TopologyNames.CONTACTS_STORE);
        return com.example.whatsapp.optin.state.ContactConsentSerde.decode(store.get(contactKey));
    }

    private record SettingsRecord(String businessId, String json, long timestamp, long sequence) {
    }

    private Instant nextRecordTime() {
        recordTime = recordTime.plusMillis(1);
        return recordTime;
    }

    /** A flat text message keyed by its contact key. */
    void text(String businessId, String from, String id, long timestamp, String body) {
        send(businessId + ":" + from, Messages.text(businessId, from, id, timestamp, body));
    }

    List<TestRecord<String, JsonNode>> events() {
        return events.readRecordsToList().stream().map(ConsentDriver::parse).toList();
    }

    List<TestRecord<String, JsonNode>> replies() {
        return replies.readRecordsToList().stream().map(ConsentDriver::parse).toList();
    }

    /** The ConsentReviews written to the consent-reviews topic since the last read. */
    List<TestRecord<String, JsonNode>> reviews() {
        return reviews.readRecordsToList().stream().map(ConsentDriver::parse).toList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return dlq.readRecordsToList();
    }

    static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static TestRecord<String, JsonNode> parse(TestRecord<String, String> record) {
        try {
            return new TestRecord<>(record.key(), Json.mapper().readTree(record.value()), record.headers(), record.getRecordTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans it up
        }
    }
}
