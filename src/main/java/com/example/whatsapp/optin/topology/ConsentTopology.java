package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.CampaignCounts;
import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ReviewRule;
import com.example.whatsapp.optin.events.ConsentReview;
import com.example.whatsapp.optin.kafka.QueryableStores;
import com.example.whatsapp.optin.kafka.Topic;
import com.example.whatsapp.optin.state.ReviewedMessages;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.events.ConsentOutputs;
import com.example.whatsapp.optin.records.ConsentRecordValidator;
import com.example.whatsapp.optin.state.ConsentRequestSerde;
import com.example.whatsapp.optin.events.CountedEvent;
import com.example.whatsapp.optin.state.CampaignCountsSerde;
import com.example.whatsapp.optin.state.DailyCountsSerde;
import com.example.whatsapp.optin.state.StatusCountsSerde;
import com.example.whatsapp.optin.kafka.JsonSerde;
import com.example.whatsapp.optin.outbound.CountedDecision;
import com.example.whatsapp.optin.outbound.OutboundDecision;
import com.example.whatsapp.optin.outbound.OutboundRequest;
import com.example.whatsapp.optin.consent.OutboundGate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static com.example.whatsapp.optin.topology.TopologyNames.*;

/**
 * The consent service, wired: settings validated onto the valid-settings topic (the settings
 * reader, outside the topology, reads both topics into the registry); inbound messages held until
 * the settings of their time are known, then matched against them; the matches routed to their
 * contact's partition (re-keyed only when the record's key is not already the contact key), with
 * the consent records from other channels judged by the settings of their time; each
 * contact's consent decided against its stored state; changes written out as ConsentEvents and
 * ReplyCommands; the messages flagged as possible revocations opened as reviews, beside the decisions,
 * and the reviews read back for the HTTP API; the ConsentEvents read back and counted per business and
 * UTC day (the console's chart).
 */
public final class ConsentTopology {

    private ConsentTopology() {
    }

    public static Topology build(Topics topics, SettingsRegistry settings, ConsentDecider decider,
                                 ConsentCounters counters, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();

        builder.stream(topics.settings().name(), topics.settings().consumed(SETTINGS_SOURCE))
                .processValues(() -> new ValidateSettings(settings.validator(), counters), Named.as(VALIDATE_SETTINGS))
                .to(topics.validSettings().name(), topics.validSettings().produced(VALID_SETTINGS_SINK));

        // Its values are ContactConsentSerde's bytes, decoded by their readers (StoredContacts, and the
        // suppression list, which reads only the statuses): the store's serde would decode every value whole.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                QueryableStores.persistent(CONTACTS_STORE), Serdes.String(), Serdes.ByteArray()));
        // Normally empty: in memory (restored from its changelog), not one more RocksDB instance per task.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AWAITING_SETTINGS_STORE), Serdes.Long(), new JsonSerde<>(AwaitSettings.Waiting.class)));

        KStream<String, ConsentRequest> records = consentRecords(builder, topics, settings, counters, clock);

        Map<String, KStream<String, ConsentRequest>> routes = builder
                .stream(topics.inbound().name(), topics.inbound().consumed(INBOUND_SOURCE))
                .process(() -> AwaitSettings.inbound(settings, counters), Named.as(AWAIT_SETTINGS), AWAITING_SETTINGS_STORE)
                .processValues(() -> new MatchKeywords(settings, counters), Named.as(MATCH_KEYWORDS))
                .merge(records, Named.as(WITH_RECORDS))
                .split(Named.as(ROUTE))
                .branch((key, request) -> request.contactKey().equals(key), Branched.as(ALREADY_KEYED_BY_CONTACT))
                .defaultBranch(Branched.as(NEEDS_REKEY));

        KStream<String, ConsentRequest> rekeyed = routes.get(ROUTE + NEEDS_REKEY)
                .selectKey((key, request) -> request.contactKey(), Named.as(REKEY_BY_CONTACT))
                .repartition(Repartitioned.<String, ConsentRequest>as(REQUESTS_BY_CONTACT)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new ConsentRequestSerde()));

        Map<String, KStream<String, ConsentRequest>> byPurpose = routes.get(ROUTE + ALREADY_KEYED_BY_CONTACT)
                .merge(rekeyed, Named.as(ALL_REQUESTS))
                .split(Named.as(BY_PURPOSE))
                .branch((key, request) -> request.forReview(), Branched.as(FOR_REVIEW))
                .defaultBranch(Branched.as(TO_DECIDE));

        KStream<String, ConsentOutputs> changes = byPurpose.get(BY_PURPOSE + TO_DECIDE)
                .process(() -> new DecideConsent(decider, counters, clock), Named.as(DECIDE_CONSENT), CONTACTS_STORE);

        changes.filter((key, outputs) -> outputs.event() != null, Named.as(WITH_EVENT))
                .mapValues(ConsentOutputs::event, Named.as(TO_CONSENT_EVENT))
                .to(topics.consentEvents().name(), topics.consentEvents().produced(CONSENT_EVENTS_SINK));

        changes.filter((key, outputs) -> outputs.reply() != null, Named.as(WITH_REPLY))
                .mapValues(ConsentOutputs::reply, Named.as(TO_REPLY_COMMAND))
                .to(topics.replyCommands().name(), topics.replyCommands().produced(REPLY_COMMANDS_SINK));

        addReviews(builder, byPurpose.get(BY_PURPOSE + FOR_REVIEW), topics.consentReviews(),
                new ReviewRule(decider.dedupeWindow(), ConsentDecider.DEFAULT_MAX_REMEMBERED), counters, clock);

        addOutboundGate(builder, topics.outbound(), settings, counters, clock);

        // The console's chart: per business and UTC day, from the events as consumers read them.
        // In memory (a few entries per business and day, restored from its changelog): as a
        // persistent window store it came back from a clean stop without checkpoint offsets, and
        // under exactly-once every restart wiped and rebuilt its tasks as corrupted.
        builder.addStateStore(Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(CHANGES_PER_DAY_STORE, DailyCounts.KEPT, Duration.ofDays(1), false),
                        Serdes.String(), new DailyCountsSerde())
                .withCachingEnabled());
        KStream<String, CountedEvent> events = builder.stream(topics.consentEvents().name(),
                Consumed.with(Serdes.String(), new JsonSerde<>(CountedEvent.class)).withName(CONSENT_EVENTS_SOURCE));
        events.process(CountDailyChanges::new, Named.as(COUNT_CHANGES_PER_DAY), CHANGES_PER_DAY_STORE);

        addOutcomeCounts(builder, events, topics.outbound());

        return builder.build();
    }

    /**
     * Consent records, read as bytes, held until the settings of their time are known (like inbound
     * messages), then judged by them: the valid ones as consent requests; the rejected and the
     * unreadable ones, unchanged, to their dead-letter topic with the error headers.
     */
    private static KStream<String, ConsentRequest> consentRecords(StreamsBuilder builder, Topics topics,
                                                                  SettingsRegistry settings, ConsentCounters counters,
                                                                  Clock clock) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RECORDS_AWAITING_SETTINGS_STORE), Serdes.Long(),
                new JsonSerde<>(AwaitSettings.WaitingRecord.class)));
        ConsentRecordValidator validator = new ConsentRecordValidator(settings, clock);
        Map<String, KStream<String, JudgeRecords.Judged>> judged = builder
                .stream(topics.consentRecords().name(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(CONSENT_RECORDS_SOURCE))
                .map((key, value) -> KeyValue.pair(key == null ? null : new String(key, StandardCharsets.UTF_8),
                        new JudgeRecords.Raw(key, value)), Named.as(RAW_RECORDS))
                .process(() -> AwaitSettings.records(settings, counters), Named.as(AWAIT_SETTINGS_RECORDS),
                        RECORDS_AWAITING_SETTINGS_STORE)
                .processValues(() -> new JudgeRecords(validator, counters), Named.as(JUDGE_RECORDS))
                .split(Named.as(RECORD_VERDICT))
                .branch((key, verdict) -> verdict.valid(), Branched.as(VALID))
                .defaultBranch(Branched.as(REJECTED));
        judged.get(RECORD_VERDICT + REJECTED)
                .process(ToRecordDeadLetter::new, Named.as(TO_RECORD_DEAD_LETTER))
                .to(topics.consentRecordsDeadLetter().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(RECORDS_DEAD_LETTER_SINK));
        return judged.get(RECORD_VERDICT + VALID).mapValues(JudgeRecords.Judged::request, Named.as(TO_RECORD_REQUEST));
    }

    /**
     * The review queue: a flagged message opens a review in the task that holds its contact's
     * consent (the same conditions as a decision, and a memory of the reviewed messages); the
     * reviews topic, decisions included, is read back into a store the HTTP API lists and decides from.
     */
    private static void addReviews(StreamsBuilder builder, KStream<String, ConsentRequest> flagged,
                                   Topic<String, ConsentReview> reviews, ReviewRule rule, ConsentCounters counters,
                                   Clock clock) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REVIEWED_MESSAGES_STORE), Serdes.String(), new JsonSerde<>(ReviewedMessages.class)));
        flagged.process(() -> new OpenReview(rule, counters, clock), Named.as(OPEN_REVIEW), CONTACTS_STORE, REVIEWED_MESSAGES_STORE)
                .to(reviews.name(), reviews.produced(CONSENT_REVIEWS_SINK));

        builder.addStateStore(Stores.keyValueStoreBuilder(
                QueryableStores.persistent(REVIEWS_STORE), Serdes.String(), reviews.valueSerde()));
        builder.stream(reviews.name(), reviews.consumed(CONSENT_REVIEWS_SOURCE))
                .process(IndexReviews::new, Named.as(INDEX_REVIEWS), REVIEWS_STORE);
    }

    /**
     * The suppression list's summary (contacts per status, from the events) and the campaign
     * counts (approved and suppressed requests, from the gate's outputs; attributed opt-outs, from
     * the events), in the daily counts' task, apart from the contacts: in memory, like the daily
     * counts, and small (a few counts per business, and per business, campaign and day).
     */
    private static void addOutcomeCounts(StreamsBuilder builder, KStream<String, CountedEvent> events,
                                         Topics.Outbound outbound) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                QueryableStores.inMemory(CONTACTS_PER_STATUS_STORE), Serdes.String(), new StatusCountsSerde()));
        builder.addStateStore(Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(CAMPAIGNS_PER_DAY_STORE, CampaignCounts.KEPT, Duration.ofDays(1), false),
                        Serdes.String(), new CampaignCountsSerde())
                .withCachingEnabled());
        events.process(CountConsentOutcomes::new, Named.as(COUNT_CONSENT_OUTCOMES), CONTACTS_PER_STATUS_STORE,
                CAMPAIGNS_PER_DAY_STORE);
        JsonSerde<CountedDecision> decisions = new JsonSerde<>(CountedDecision.class);
        builder.stream(outbound.approved().name(), Consumed.with(Serdes.String(), decisions).withName(OUTBOUND_APPROVED_SOURCE))
                .merge(builder.stream(outbound.suppressed().name(),
                        Consumed.with(Serdes.String(), decisions).withName(OUTBOUND_SUPPRESSED_SOURCE)), Named.as(ALL_DECISIONS))
                .process(CountCampaignDecisions::new, Named.as(COUNT_CAMPAIGN_DECISIONS), CAMPAIGNS_PER_DAY_STORE);
    }

    /**
     * The outbound gate: requests held until the settings of their time are known (like inbound
     * messages: {@code outbound.requireOptIn} is a setting), routed to their contact's partition,
     * and judged against the contacts store the consent decisions write, in the same task, so a
     * request is judged after every consent change that task processed before it.
     */
    private static void addOutboundGate(StreamsBuilder builder, Topics.Outbound topics, SettingsRegistry settings,
                                        ConsentCounters counters, Clock clock) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(OUTBOUND_AWAITING_SETTINGS_STORE), Serdes.Long(),
                new JsonSerde<>(AwaitSettings.WaitingRequest.class)));

        Map<String, KStream<String, OutboundRequest>> routes = builder
                .stream(topics.requests().name(), topics.requests().consumed(OUTBOUND_SOURCE))
                .process(() -> AwaitSettings.outbound(settings, counters), Named.as(AWAIT_SETTINGS_OUTBOUND),
                        OUTBOUND_AWAITING_SETTINGS_STORE)
                .split(Named.as(OUTBOUND_ROUTE))
                .branch((key, request) -> request.contactKey().equals(key), Branched.as(ALREADY_KEYED_BY_CONTACT))
                .defaultBranch(Branched.as(NEEDS_REKEY));

        KStream<String, OutboundRequest> rekeyed = routes.get(OUTBOUND_ROUTE + NEEDS_REKEY)
                .selectKey((key, request) -> request.contactKey(), Named.as(OUTBOUND_REKEY_BY_CONTACT))
                .repartition(Repartitioned.<String, OutboundRequest>as(OUTBOUND_BY_CONTACT)
                        .withKeySerde(topics.requests().keySerde())
                        .withValueSerde(topics.requests().valueSerde()));

        Map<String, KStream<String, OutboundDecision>> verdicts = routes.get(OUTBOUND_ROUTE + ALREADY_KEYED_BY_CONTACT)
                .merge(rekeyed, Named.as(ALL_OUTBOUND))
                .process(() -> new JudgeOutbound(settings, counters, clock), Named.as(JUDGE_OUTBOUND), CONTACTS_STORE)
                .split(Named.as(OUTBOUND_VERDICT))
                .branch((key, decision) -> decision.decision() == OutboundGate.Verdict.APPROVED, Branched.as(APPROVED))
                .defaultBranch(Branched.as(SUPPRESSED));
        verdicts.get(OUTBOUND_VERDICT + APPROVED)
                .to(topics.approved().name(), topics.approved().produced(OUTBOUND_APPROVED_SINK));
        verdicts.get(OUTBOUND_VERDICT + SUPPRESSED)
                .to(topics.suppressed().name(), topics.suppressed().produced(OUTBOUND_SUPPRESSED_SINK));
    }
}
