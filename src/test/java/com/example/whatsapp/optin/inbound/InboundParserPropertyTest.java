package com.example.whatsapp.optin.inbound;

import com.example.whatsapp.optin.kafka.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbound parser reads any value or rejects it as unreadable, whatever the order of its fields. */
class InboundParserPropertyTest {

    private final InboundParser parser = new InboundParser(Json.mapper());

    private static final String[] VALUES = {"\"acme\"", "\"919876543210\"", "\"+91 98765-43210\"", "\"x\"", "\"\"", "null", "1",
            "1764000000", "\"1764000000\"", "-5", "1.5", "true", "[]", "{}", "{\"body\":\"STOP\"}", "{\"body\":7}",
            "{\"payload\":\"JOIN\",\"text\":\"Join\"}", "{\"payload\":null}", "{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"y\",\"title\":\"Yes\"}}",
            "{\"list_reply\":{\"id\":1}}", "\"text\"", "\"button\"", "\"interactive\"", "\"image\"", "99999999999999999999"};
    private static final String[] FIELDS = {"businessId", "from", "id", "timestamp", "type", "text", "button", "interactive",
            "extra", "entry", "object"};

    @Provide
    Arbitrary<List<Tuple2<String, String>>> fields() {
        return Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.of(VALUES)).as(Tuple::of)
                .list().ofMaxSize(9).uniqueElements(Tuple2::get1);
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> object = fields().map(InboundParserPropertyTest::object);
        Arbitrary<String> valid = Arbitraries.of(
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"timestamp\":\"1764000000\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"button\",\"button\":{\"payload\":\"JOIN\",\"text\":\"Join\"}}");
        Arbitrary<String> cut = Combinators.combine(valid, Arbitraries.integers().between(0, 120))
                .as((v, n) -> v.substring(0, Math.min(v.length(), n)));
        return Arbitraries.oneOf(object, object, cut, valid.map(v -> v + " "), valid.map(v -> v + "{}"));
    }

    @Property(tries = 5000)
    void any_value_is_read_or_rejected_as_unreadable(@ForAll("values") String value) {
        Object outcome = outcome(value);
        assertThat(outcome).as(value).isInstanceOfAny(InboundBatch.class, String.class);
    }

    @Property(tries = 2000)
    void the_order_of_the_fields_does_not_change_the_reading(@ForAll("fields") List<Tuple2<String, String>> fields,
                                                             @ForAll Random random) {
        List<Tuple2<String, String>> shuffled = new ArrayList<>(fields);
        Collections.shuffle(shuffled, random);
        assertThat(outcome(object(shuffled))).as(object(fields)).isEqualTo(outcome(object(fields)));
    }

    /** The batch read, or the reason it is unreadable; any other exception fails the property. */
    private Object outcome(String value) {
        try {
            return parser.parse(value.getBytes(StandardCharsets.UTF_8));
        } catch (UnreadableInboundException e) {
            return e.getMessage();
        }
    }

    private static String object(List<Tuple2<String, String>> fields) {
        return fields.stream().map(f -> "\"" + f.get1() + "\":" + f.get2()).collect(Collectors.joining(",", "{", "}"));
    }
}
