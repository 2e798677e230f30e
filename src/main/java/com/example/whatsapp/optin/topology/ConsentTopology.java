package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.ConsentDecider;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.settings.SettingsValidator;
import com.example.whatsapp.optin.wire.ConsentEvent;
import com.example.whatsapp.optin.wire.ConsentOutputs;
import com.example.whatsapp.optin.wire.ConsentRequestSerde;
import com.example.whatsapp.optin.wire.ContactConsentSerde;
import com.example.whatsapp.optin.wire.InboundSerde;
import com.example.whatsapp.optin.wire.JsonSerde;
import com.example.whatsapp.optin.wire.ReplyCommand;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.util.Map;

import static com.example.whatsapp.optin.topology.TopologyNames.*;

/**
 * The consent service, wired: valid settings into a global store; inbound messages matched against
 * them; the matches routed to their contact's partition (re-keyed only when the record's key is
 * not already the contact key); each contact's consent decided against its stored state; changes
 * written out as ConsentEvents and ReplyCommands.
 */
public final class ConsentTopology {

    private ConsentTopology() {
    }

    public static Topology build(Topics topics, SettingsRegistry settings, ConsentDecider decider,
                                 ConsentCounters counters, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        ConsentRequestSerde requestSerde = new ConsentRequestSerde();

        SettingsValidator validator = new SettingsValidator(settings.builtInOptOut());
        builder.stream(topics.settings(), Consumed.with(Serdes.String(), Serdes.String()).withName(SETTINGS_SOURCE))
                .processValues(() -> new SettingsValidation(validator, counters), Named.as(VALIDATE_SETTINGS))
                .to(topics.validSettings(), Produced.with(Serdes.String(), Serdes.String()).withName(VALID_SETTINGS_SINK));

        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SETTINGS_STORE), Serdes.String(), Serdes.String())
                        .withLoggingDisabled(),
                topics.validSettings(),
                Consumed.with(Serdes.String(), Serdes.String()).withName(VALID_SETTINGS_SOURCE),
                () -> new SettingsUpdater(settings, validator, counters));

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CONTACTS_STORE), Serdes.String(), new ContactConsentSerde()));

        Map<String, KStream<String, ConsentRequest>> routes = builder
                .stream(topics.inbound(), Consumed.with(Serdes.String(), new InboundSerde()).withName(INBOUND_SOURCE))
                .processValues(() -> new KeywordMatching(settings, counters), Named.as(MATCH_KEYWORDS))
                .split(Named.as(ROUTE))
                .branch((key, request) -> request.contactKey().equals(key), Branched.as(KEYED_BY_CONTACT))
                .defaultBranch(Branched.as(NEEDS_REKEY));

        KStream<String, ConsentRequest> rekeyed = routes.get(ROUTE + NEEDS_REKEY)
                .selectKey((key, request) -> request.contactKey(), Named.as(KEY_BY_CONTACT))
                .repartition(Repartitioned.<String, ConsentRequest>as(REQUESTS_BY_CONTACT)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(requestSerde));

        KStream<String, ConsentOutputs> changes = routes.get(ROUTE + KEYED_BY_CONTACT)
                .merge(rekeyed, Named.as(ALL_REQUESTS))
                .process(() -> new ConsentDecision(decider, counters, clock), Named.as(DECIDE_CONSENT), CONTACTS_STORE);

        changes.mapValues(ConsentOutputs::event, Named.as(TO_CONSENT_EVENT))
                .to(topics.consentEvents(), Produced.with(Serdes.String(), new JsonSerde<>(ConsentEvent.class))
                        .withName(CONSENT_EVENTS_SINK));

        changes.filter((key, outputs) -> outputs.reply() != null, Named.as(WITH_REPLY))
                .mapValues(ConsentOutputs::reply, Named.as(TO_REPLY_COMMAND))
                .to(topics.replyCommands(), Produced.with(Serdes.String(), new JsonSerde<>(ReplyCommand.class))
                        .withName(REPLY_COMMANDS_SINK));

        return builder.build();
    }
}
