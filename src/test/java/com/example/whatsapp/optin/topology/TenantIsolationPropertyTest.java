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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever keywords two businesses have, and whatever business A's customers send, business B's
 * contacts end up exactly as if A did not exist.
 */
class TenantIsolationPropertyTest {

    private static final String[] VOCABULARY = {"STOP", "stop", "PAUSE", "GO", "YES", "START", "JOIN", "HALT", "ok",
            "hello", "opt out", "Ｇｏ", "pause!", "revoke", "no"};
    private static final String[] PHONES = {"447700900001", "447700900002", "919876543210"};

    record Message(boolean toA, String phone, String body, long ts, String id) {
    }

    @Provide
    Arbitrary<List<String>> keywords() {
        return Arbitraries.of(VOCABULARY).list().ofMinSize(0).ofMaxSize(4).uniqueElements();
    }

    @Provide
    Arbitrary<List<Message>> messages() {
        Arbitrary<Message> message = Combinators.combine(
                Arbitraries.of(true, false), Arbitraries.of(PHONES), Arbitraries.of(VOCABULARY),
                Arbitraries.longs().between(0, 50), Arbitraries.integers().between(0, 30))
                .as((toA, phone, body, ts, id) -> new Message(toA, phone, body, 1764000000L + ts, "m" + id));
        return message.list().ofMinSize(1).ofMaxSize(40);
    }

    private static String settings(List<String> optOut, List<String> optIn) {
        return "{\"businessName\":\"B\",\"optOut\":{\"keywords\":" + json(optOut) + ",\"responseEnabled\":true,\"responseText\":\"bye\"},"
                + "\"optIn\":{\"enabled\":true,\"keywords\":" + json(optIn) + ",\"responseEnabled\":true,\"responseText\":\"hi\"}}";
    }

    private static String json(List<String> words) {
        List<String> quoted = words.stream().map(Messages::quote).toList();
        return "[" + String.join(",", quoted) + "]";
    }

    private static List<String> runAndKeepB(List<String> aOut, List<String> aIn, List<String> bOut, List<String> bIn,
                                            List<Message> messages, boolean includeA) {
        try (ConsentDriver driver = new ConsentDriver()) {
            if (includeA) {
                driver.putSettings("biz-a", settings(aOut, aIn));
            }
            driver.putSettings("biz-b", settings(bOut, bIn));
            for (Message m : messages) {
                if (m.toA() && !includeA) {
                    continue;
                }
                String business = m.toA() ? "biz-a" : "biz-b";
                driver.send(m.ts() % 2 == 0 ? null : business + ":" + m.phone(), Messages.text(business, m.phone(), m.id(), m.ts(), m.body()));
            }
            List<String> outputs = new ArrayList<>();
            for (TestRecord<String, JsonNode> event : driver.events()) {
                if (event.key().startsWith("biz-b:")) {
                    outputs.add(event.key() + " " + event.value());
                } else {
                    assertThat(includeA).as("an event for A when A sent nothing: %s", event.key()).isTrue();
                }
            }
            for (TestRecord<String, JsonNode> reply : driver.replies()) {
                if (reply.key().startsWith("biz-b:")) {
                    outputs.add(reply.key() + " " + reply.value());
                }
            }
            return outputs;
        }
    }

    @Property(tries = 40)
    void business_a_never_changes_a_contact_of_business_b(
            @ForAll("keywords") List<String> aOut, @ForAll("keywords") List<String> aIn,
            @ForAll("keywords") List<String> bOut, @ForAll("keywords") List<String> bIn,
            @ForAll("messages") List<Message> messages) {
        List<String> withA = runAndKeepB(aOut, aIn, bOut, bIn, messages, true);
        List<String> withoutA = runAndKeepB(aOut, aIn, bOut, bIn, messages, false);
        assertThat(withA).containsExactlyElementsOf(withoutA);
    }
}
