package com.example.whatsapp.optin.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming fast path reads every value exactly as the general tree path does. */
class InboundParserProperties {

    private final InboundParser parser = new InboundParser(Json.mapper());

    private static final String[] VALUES = {"\"acme\"", "\"919876543210\"", "\"+91 98765-43210\"", "\"x\"", "\"\"", "null", "1",
            "1764000000", "\"1764000000\"", "-5", "1.5", "true", "[]", "{}", "{\"body\":\"STOP\"}", "{\"body\":7}",
            "{\"payload\":\"JOIN\",\"text\":\"Join\"}", "{\"payload\":null}", "{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"y\",\"title\":\"Yes\"}}",
            "{\"list_reply\":{\"id\":1}}", "\"text\"", "\"button\"", "\"interactive\"", "\"image\"", "99999999999999999999"};
    private static final String[] FIELDS = {"businessId", "from", "id", "timestamp", "type", "text", "button", "interactive",
            "extra", "entry", "object"};

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> pair = Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.of(VALUES))
                .as((f, v) -> "\"" + f + "\":" + v);
        Arbitrary<String> object = pair.list().ofMaxSize(9).map(l -> "{" + String.join(",", l) + "}");
        Arbitrary<String> valid = Arbitraries.of(
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"timestamp\":\"1764000000\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"button\",\"button\":{\"payload\":\"JOIN\",\"text\":\"Join\"}}");
        Arbitrary<String> cut = Combinators.combine(valid, Arbitraries.integers().between(0, 120))
                .as((v, n) -> v.substring(0, Math.min(v.length(), n)));
        return Arbitraries.oneOf(object, object, cut, valid.map(v -> v + " "), valid.map(v -> v + "{}"));
    }

    @Property(tries = 5000)
    void both_paths_agree(@ForAll("values") String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Object fast;
        Object tree;
        try {
            fast = parser.parse(bytes);
        } catch (UnreadableInboundException e) {
            fast = "unreadable";
        }
        try {
            tree = parser.parseTree(bytes);
        } catch (UnreadableInboundException e) {
            tree = "unreadable";
        }
        assertThat(fast).as(value).isEqualTo(tree);
    }
}
