package com.example.whatsapp.optin.topology;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.streams.test.TestRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings in time, as a property: settings versions and messages written at increasing times (at
 * least a second apart), read by the service in any order it may read them (each topic in its own
 * order, the two interleaved at random, the settings reader settling only what it has read), give
 * exactly the decisions of an oracle that judges each message by the newest valid settings not
 * after it.
 */
class SettingsInTimePropertyTest {

    private static final String BUSINESS = "acme";
    private static final Instant T = Instant.parse("2026-11-20T09:00:00Z");
    private static final String[] CONTACTS = {"447700900001", "447700900002", "447700900003"};
    /** Message bodies and the word the oracle reads in them (its own, simpler normalization). */
    private static final Map<String, String> BODIES = Map.of(
            "cancel", "CANCEL", "CANCEL", "CANCEL", "Quit!", "QUIT", "stop", "STOP",
            "yes", "YES", "YES.", "YES", "join", "JOIN", "hello", "HELLO");
    private static final Set<String> BUILT_IN = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "OPT OUT", "REVOKE");

    /** A settings version as the oracle sees it; {@code json} null is a tombstone; {@code valid} false never applies. */
    record Version(String json, boolean valid, Set<String> optOut, Set<String> optIn, String optOutReply, String optInReply) {
    }

    private static final List<Version> VERSIONS = List.of(
            new Version("{\"businessName\":\"A\",\"optOut\":{\"keywords\":[\"CANCEL\"],\"responseEnabled\":true,\"responseText\":\"r1\"}}",
                    true, Set.of("CANCEL"), Set.of(), "r1", null),
            new Version("{\"businessName\":\"A\",\"optOut\":{\"keywords\":[\"QUIT\"],\"responseEnabled\":true,\"responseText\":\"r2\"},"
                    + "\"optIn\":{\"enabled\":true,\"keywords\":[\"YES\"],\"responseEnabled\":true,\"responseText\":\"i2\"}}",
                    true, Set.of("QUIT"), Set.of("YES"), "r2", "i2"),
            new Version("{\"businessName\":\"A\",\"optOut\":{\"keywords\":[\"CANCEL\",\"QUIT\"],\"responseEnabled\":true,\"responseText\":\"r3\"},"
                    + "\"optIn\":{\"enabled\":false,\"keywords\":[\"JOIN\"]}}",
                    true, Set.of("CANCEL", "QUIT"), Set.of(), "r3", null),
            new Version("{\"businessName\":\"A\",\"optIn\":{\"enabled\":true,\"keywords\":[\"JOIN\",\"YES\"]}}",
                    true, Set.of(), Set.of("JOIN", "YES"), null, null),
            new Version("{\"businessName\":\"A\",\"optIn\":{\"enabled\":true,\"keywords\":[\"STOP\"]}}",
                    false, null, null, null, null),
            new Version(null, true, Set.of(), Set.of(), null, null));

    /** One record written at {@code T + millis}: a settings version or a message. */
    record Written(long millis, Version settings, String contact, String body) {
        boolean isSettings() {
            return contact == null;
        }
    }

    @Provide
    Arbitrary<List<Written>> histories() {
        Arbitrary<Written> settings = Arbitraries.of(VERSIONS).map(v -> new Written(0, v, null, null));
        Arbitrary<Written> message = Combinators.combine(Arbitraries.of(CONTACTS), Arbitraries.of(BODIES.keySet()))
                .as((contact, body) -> new Written(0, null, contact, body));
        Arbitrary<Written> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, settings), net.jqwik.api.Tuple.of(2, message));
        Arbitrary<List<Integer>> gaps = Arbitraries.integers().between(1_000, 4_000).list().ofSize(30);
        return Combinators.combine(any.list().ofMinSize(2).ofMaxSize(30), gaps).as((records, gapList) -> {
            List<Written> timed = new ArrayList<>();
            long millis = 0;
            for (int i = 0; i < records.size(); i++) {
                millis += gapList.get(i);
                Written w = records.get(i);
                timed.add(new Written(millis, w.settings(), w.contact(), w.body()));
            }
            return timed;
        });
    }

    @Property(tries = 60)
    void decisions_equal_the_oracle_whatever_order_the_service_reads_the_two_topics_in(
            @ForAll("histories") List<Written> history, @ForAll("interleavings") List<Boolean> readSettingsFirst) {
        assertThat(run(history, readSettingsFirst)).containsExactlyElementsOf(oracle(history));
    }

    @Provide
    Arbitrary<List<Boolean>> interleavings() {
        return Arbitraries.of(true, false).list().ofSize(60);
    }

    /** Reads the history the way the service may: each topic in order, the two interleaved as {@code choices} say. */
    private static List<String> run(List<Written> history, List<Boolean> choices) {
        List<Written> settings = history.stream().filter(Written::isSettings).toList();
        List<Written> messages = history.stream().filter(w -> !w.isSettings()).toList();
        try (ConsentDriver driver = ConsentDriver.withSettingsReaderBehind()) {
            int s = 0;
            int m = 0;
            int step = 0;
            while (s < settings.size() || m < messages.size()) {
                boolean takeSettings = m == messages.size() || s < settings.size() && choices.get(step++ % choices.size());
                if (takeSettings) {
                    Written w = settings.get(s++);
                    driver.putSettings(BUSINESS, w.settings().json(), T.plusMillis(w.millis()));
                    driver.readSettings();
                    // Everything written before the next settings record has now been read.
                    driver.settleSettings(s < settings.size() ? T.plusMillis(settings.get(s).millis() - 1) : T.plusSeconds(3_600));
                } else {
                    Written w = messages.get(m++);
                    Instant at = T.plusMillis(w.millis());
                    driver.send(BUSINESS + ":" + w.contact(),
                            Messages.text(BUSINESS, w.contact(), "m" + m, at.getEpochSecond(), w.body()), at);
                }
            }
            driver.settleSettings(T.plusSeconds(3_600));
            Map<String, String> replyOf = new HashMap<>();
            for (TestRecord<String, JsonNode> reply : driver.replies()) {
                replyOf.put(reply.value().get("consentEventId").asText(), reply.value().at("/message/text/body").asText());
            }
            List<String> outcomes = new ArrayList<>();
            for (TestRecord<String, JsonNode> event : driver.events()) {
                JsonNode e = event.value();
                outcomes.add(e.get("contactId").asText() + " " + e.get("status").asText() + " "
                        + replyOf.getOrDefault(e.get("eventId").asText(), "-"));
            }
            return outcomes;
        }
    }

    private static List<String> oracle(List<Written> history) {
        Version inEffect = null;
        Map<String, String> status = new HashMap<>();
        List<String> outcomes = new ArrayList<>();
        for (Written w : history) {
            if (w.isSettings()) {
                if (w.settings().valid()) {
                    inEffect = w.settings().json() == null ? null : w.settings();
                }
                continue;
            }
            String word = BODIES.get(w.body());
            String wanted = null;
            String reply = null;
            if (BUILT_IN.contains(word) || inEffect != null && inEffect.optOut().contains(word)) {
                wanted = "OPTED_OUT";
                reply = inEffect == null ? null : inEffect.optOutReply();
            } else if (inEffect != null && inEffect.optIn().contains(word)) {
                wanted = "OPTED_IN";
                reply = inEffect.optInReply();
            }
            if (wanted != null && !wanted.equals(status.get(w.contact()))) {
                status.put(w.contact(), wanted);
                outcomes.add(w.contact() + " " + wanted + " " + (reply == null ? "-" : reply));
            }
        }
        return outcomes;
    }
}
