package com.example.whatsapp.optin.topology;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.streams.test.TestRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records, keyword messages and marketing preferences for one contact, interleaved in any order,
 * with any times, redeliveries and ids shared between the sources: the production topology emits
 * exactly the changes an independent oracle of the contract's rule computes.
 */
class ConsentSourcesPropertyTest {

    private static final String CONTACT = "919876543210";
    private static final String KEY = "acme:" + CONTACT;
    private static final long T0 = 1_764_000_000L;

    enum Source { MESSAGE, RECORD, PREFERENCE }

    /** @param optOut STOP / OPTED_OUT / stop, else START / OPTED_IN / resume */
    record Input(Source source, String id, long seconds, boolean optOut, boolean foreignKey) {
    }

    @Provide
    Arbitrary<List<Input>> inputs() {
        Arbitrary<Input> input = Combinators.combine(
                Arbitraries.of(Source.values()), Arbitraries.integers().between(0, 12), Arbitraries.longs().between(0, 40),
                Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((source, id, seconds, optOut, foreignKey) -> new Input(source, "id-" + id, T0 + seconds, optOut, foreignKey));
        return input.list().ofMinSize(1).ofMaxSize(40);
    }

    /** The contract's rule, written again from its text: per scope a status, a newest time, ids per source. */
    static List<String> oracle(List<Input> inputs) {
        String status = "UNKNOWN";
        String marketing = "UNKNOWN";
        long newest = Long.MIN_VALUE;
        long newestMarketing = Long.MIN_VALUE;
        Set<String> seenMessages = new HashSet<>();
        Set<String> seenRecords = new HashSet<>();
        Set<String> seenPreferences = new HashSet<>();
        List<String> changes = new ArrayList<>();
        for (Input in : inputs) {
            String wanted = in.optOut() ? "OPTED_OUT" : "OPTED_IN";
            if (in.source() == Source.PREFERENCE) {
                String id = (in.optOut() ? "stop" : "resume") + "@" + in.seconds();
                if (seenPreferences.contains(id) || in.seconds() < newestMarketing) {
                    continue;
                }
                seenPreferences.add(id);
                newestMarketing = Math.max(newestMarketing, in.seconds());
                if (!wanted.equals(marketing)) {
                    changes.add("MARKETING " + wanted + " from " + marketing + " at " + in.seconds());
                    marketing = wanted;
                }
            } else {
                Set<String> seen = in.source() == Source.MESSAGE ? seenMessages : seenRecords;
                if (seen.contains(in.id()) || in.seconds() < newest) {
                    continue;
                }
                seen.add(in.id());
                newest = Math.max(newest, in.seconds());
                if (!wanted.equals(status)) {
                    changes.add("ALL " + wanted + " from " + status + " at " + in.seconds());
                    status = wanted;
                }
            }
        }
        return changes;
    }

    @Property(tries = 60)
    void the_topology_emits_the_changes_the_oracle_computes(@ForAll("inputs") List<Input> inputs) {
        try (ConsentDriver driver = new ConsentDriver()) {
            driver.putSettings("acme", ACME_SETTINGS);
            for (Input in : inputs) {
                switch (in.source()) {
                    case MESSAGE -> driver.send(in.foreignKey() ? null : KEY,
                            Messages.text("acme", CONTACT, in.id(), in.seconds(), in.optOut() ? "STOP" : "START"));
                    case RECORD -> driver.consentRecord(in.foreignKey() ? "crm-" + in.id() : KEY, in.optOut()
                            ? ConsentRecordsTest.optOut(in.id(), in.seconds())
                            : ConsentRecordsTest.optIn(in.id(), in.seconds()));
                    case PREFERENCE -> driver.send(in.foreignKey() ? null : "webhook",
                            ConsentRecordsTest.MarketingPreferences.envelope(ConsentRecordsTest.MarketingPreferences.preferences("acme",
                                    ConsentRecordsTest.MarketingPreferences.item(CONTACT, "marketing_messages",
                                            in.optOut() ? "stop" : "resume", in.seconds()))));
                }
            }
            List<String> emitted = new ArrayList<>();
            for (TestRecord<String, JsonNode> event : driver.events()) {
                JsonNode e = event.value();
                assertThat(event.key()).isEqualTo(KEY);
                emitted.add(e.get("scope").asText() + " " + e.get("status").asText() + " from " + e.get("previousStatus").asText()
                        + " at " + java.time.Instant.parse(e.get("occurredAt").asText()).getEpochSecond());
            }
            assertThat(emitted).isEqualTo(oracle(inputs));
            assertThat(driver.recordDeadLetters()).isEmpty();
        }
    }
}
