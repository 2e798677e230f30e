package com.example.whatsapp.optin.inbound;

import com.example.whatsapp.optin.kafka.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming inbound parser reads every value as the Jackson tree parser it replaced
 * ({@link TreeInboundParser}) did: the same batch, or the same reason it is unreadable.
 */
class InboundParserOracleTest {

    private final InboundParser parser = new InboundParser(Json.mapper());
    private final TreeInboundParser tree = new TreeInboundParser(Json.mapper());

    @Provide
    Arbitrary<byte[]> inboundValues() {
        return Arbitraries.randomValue(random -> new Values(random).value());
    }

    @Property(tries = 15_000)
    void any_value_reads_as_the_tree_parser_read_it(@ForAll("inboundValues") byte[] value) {
        Object expected = outcome(tree::parse, value);
        Statistics.label("outcome").collect(kind(expected));
        assertThat(outcome(parser::parse, value))
                .as(new String(value, StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Example
    void values_at_the_limits_of_the_json_parser_read_as_the_tree_parser_read_them() {
        String overLong = "a".repeat(Json.mapper().getFactory().streamReadConstraints().getMaxStringLength() + 1);
        String message = "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}";
        List<byte[]> values = List.of(
                ("{\"extra\":\"" + overLong + "\"}").getBytes(StandardCharsets.UTF_8),
                ("{\"entry\":[{\"changes\":[],\"id\":\"" + overLong + "\"}]}").getBytes(StandardCharsets.UTF_8),
                ("{\"extra\":" + "[".repeat(1001) + "]".repeat(1001) + "}").getBytes(StandardCharsets.UTF_8),
                ("{\"extra\":" + "1".repeat(1001) + "}").getBytes(StandardCharsets.UTF_8),
                ("{\"timestamp\":" + "9".repeat(1000) + "}").getBytes(StandardCharsets.UTF_8),
                "{\"\\u0065ntry\":[]}".getBytes(StandardCharsets.UTF_8),
                ("\uFEFF" + message).getBytes(StandardCharsets.UTF_8),
                message.getBytes(StandardCharsets.UTF_16LE),
                message.getBytes(StandardCharsets.UTF_16));
        for (byte[] value : values) {
            assertThat(outcome(parser::parse, value)).as(new String(value, 0, Math.min(value.length, 60), StandardCharsets.UTF_8))
                    .isEqualTo(outcome(tree::parse, value));
        }
    }

    /** The batch read, or the reason it is unreadable; any other exception fails the property. */
    private static Object outcome(java.util.function.Function<byte[], InboundBatch> parse, byte[] value) {
        try {
            return parse.apply(value);
        } catch (UnreadableInboundException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static String kind(Object outcome) {
        if (outcome instanceof InboundBatch batch) {
            return batch.skipped().isEmpty() ? "read" : "read, with skipped items";
        }
        return ((String) outcome).startsWith("unreadable: the value is not valid JSON") ? "not JSON" : ((String) outcome).replaceAll("\\[\\d+\\]", "");
    }

    /** Values biased toward the inbound shapes: flat messages and webhook envelopes, some damaged. */
    private static final class Values {
        private static final String[] STRINGS = {"", " ", "STOP", "stop ", "Join", "x", "acme", "1065", "919876543210",
                "+91 98765-43210", "14155550100", "Ünïcödé STOP", "停止", "😀", "\\u00e9t\\u00e9", "\\ud83d\\ude00", "a\\\"b\\\\",
                "line\\nbreak", "text", "button", "interactive", "messages", "user_preferences", "marketing_messages",
                "stop", "resume", "1764000000", "12a", "x y", "statuses", "failed", "errors", "recipient_id"};
        private static final String[] TIMESTAMPS = {"\"1764000000\"", "1764000000", "0", "\"0\"", "-5", "\"-5\"",
                "253402300799", "253402300800", "\"253402300800\"", "\"999999999999\"", "\"1234567890123\"", "\"\"",
                "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999",
                "1.5", "1764000000.0", "1e3", "-0", "\"17640 00000\""};
        private static final String[] UNKNOWN = {"context", "extra", "image", "businessid", "entries", "objects", "profile",
                "wa_id", "errors", "\\u0065xtra"};
        private static final String[] DAMAGE = {"}", "]", "{", "[", ",", ":", "\"", "\\", " ", "\n", "x", "0", "null", "\u00e9",
                "\uD83D\uDE00"};

        private final Random random;

        Values(Random random) {
            this.random = random;
        }

        byte[] value() {
            int shape = random.nextInt(20);
            String json = shape < 9 ? message(true) : shape < 18 ? envelope() : any(3);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            return random.nextInt(5) == 0 ? damage(bytes) : bytes;
        }

        private boolean chance(int percent) {
            return random.nextInt(100) < percent;
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        private String string() {
            return "\"" + pick(STRINGS) + "\"";
        }

        private String string(String... likely) {
            return chance(85) ? "\"" + pick(likely) + "\"" : string();
        }

        /** A value for a known slot: usually the right type, sometimes null or any other JSON value. */
        private String slot(Supplier<String> right) {
            int roll = random.nextInt(100);
            return roll < 90 ? right.get() : roll < 94 ? "null" : any(2);
        }

        /** A value for a slot of the envelope's structure: nearly always the right type. */
        private String structure(Supplier<String> right) {
            return chance(97) ? right.get() : slot(right);
        }

        private String timestamp() {
            return chance(60) ? pick("\"1764000000\"", "1764000060") : pick(TIMESTAMPS);
        }

        private String any(int depth) {
            int roll = random.nextInt(depth <= 0 ? 7 : 9);
            return switch (roll) {
                case 0 -> "null";
                case 1 -> pick("true", "false");
                case 2 -> Integer.toString(random.nextInt(2000) - 1000);
                case 3 -> pick(TIMESTAMPS);
                case 4 -> pick("1.5", "-0.0", "1e999", "2E-3");
                case 5, 6 -> string();
                case 7 -> array(depth - 1, () -> any(depth - 1));
                default -> {
                    List<String[]> fields = new ArrayList<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        fields.add(new String[] {chance(50) ? pick(UNKNOWN) : pick("from", "id", "text", "body", "entry"), any(depth - 1)});
                    }
                    yield object(fields);
                }
            };
        }

        private String array(int max, Supplier<String> item) {
            List<String> items = new ArrayList<>();
            for (int i = random.nextInt(Math.max(1, max) + 1); i > 0; i--) {
                items.add(item.get());
            }
            return "[" + String.join(",", items) + "]";
        }

        /** An object of the fields each present or not, some repeated, often shuffled, with unknown ones. */
        private String object(List<String[]> fields) {
            List<String[]> all = new ArrayList<>(fields);
            for (int i = random.nextInt(3); i > 0; i--) {
                if (chance(40)) {
                    all.add(new String[] {pick(UNKNOWN), any(2)});
                }
            }
            if (!all.isEmpty() && chance(15)) {
                String[] twice = all.get(random.nextInt(all.size()));
                all.add(new String[] {twice[0], chance(50) ? any(2) : twice[1]});
            }
            if (chance(50)) {
                Collections.shuffle(all, random);
            }
            StringBuilder json = new StringBuilder("{");
            for (String[] field : all) {
                json.append(json.length() > 1 ? "," : "").append(chance(5) ? " \n" : "").append('"').append(field[0]).append("\":").append(field[1]);
            }
            return json.append('}').toString();
        }

        private void maybe(List<String[]> fields, int percent, String name, Supplier<String> value) {
            if (chance(percent)) {
                fields.add(new String[] {name, slot(value)});
            }
        }

        String message(boolean flat) {
            List<String[]> fields = new ArrayList<>();
            maybe(fields, flat ? 88 : 10, "businessId", () -> string("acme", "1065", "acme", "x y"));
            maybe(fields, 88, "from", () -> string("919876543210", "+91 98765-43210", "14155550100", "123", "x"));
            maybe(fields, 88, "id", () -> string("wamid.HBgM1", "m", "", " "));
            maybe(fields, 60, "timestamp", this::timestamp);
            String type = pick("text", "button", "interactive", "image", "TEXT");
            maybe(fields, 85, "type", () -> "\"" + type + "\"");
            maybe(fields, type.equals("text") ? 85 : 15, "text", () -> object(fields()
                    .and("body", () -> string("STOP", "Ünïcödé STOP", "停止", "Join"))));
            maybe(fields, type.equals("button") ? 85 : 15, "button", () -> object(fields()
                    .and("payload", () -> string("JOIN", "STOP"))
                    .and("text", () -> string("Join", "Stop"))));
            maybe(fields, type.equals("interactive") ? 85 : 15, "interactive", () -> object(fields()
                    .and("type", () -> string("button_reply", "list_reply"))
                    .and("button_reply", () -> object(fields()
                            .and("id", () -> string("yes-1", "STOP"))
                            .and("title", () -> string("Yes", "停止"))))
                    .and("list_reply", () -> object(fields()
                            .and("id", () -> string("row", "JOIN"))
                            .and("title", () -> string("Stop", "😀"))))));
            return object(fields);
        }

        private Fields fields() {
            return new Fields();
        }

        /** Fields each present or not. */
        private final class Fields extends ArrayList<String[]> {
            Fields and(String name, Supplier<String> value) {
                maybe(this, 80, name, value);
                return this;
            }

            Fields always(String name, Supplier<String> value) {
                add(new String[] {name, structure(value)});
                return this;
            }
        }

        private String preference() {
            return object(fields()
                    .and("wa_id", () -> string("919876543210", "14155550100", "123"))
                    .and("category", () -> string("marketing_messages", "other"))
                    .and("value", () -> string("stop", "resume", "STOP"))
                    .and("timestamp", this::timestamp));
        }

        /** A status item: Meta's shape, with the codes the service acts on and counts, some damaged. */
        private String status() {
            return object(fields()
                    .and("id", () -> string("wamid.HBgM1", "", " "))
                    .and("status", () -> string("failed", "sent", "delivered", "read", "FAILED"))
                    .and("timestamp", this::timestamp)
                    .and("recipient_id", () -> string("919876543210", "+91 98765-43210", "123"))
                    .and("conversation", () -> "{\"id\":\"c1\",\"origin\":{\"type\":\"marketing\"}}")
                    .and("errors", () -> array(3, () -> slot(() -> object(fields()
                            .and("code", () -> pick("131050", "131050", "131026", "131050.0", "\"131050\"",
                                    "99999999999999999999", "-1"))
                            .and("title", () -> string("Unable to deliver the message"))
                            .and("error_data", () -> "{\"details\":\"x\"}"))))));
        }

        String envelope() {
            List<String[]> fields = new ArrayList<>();
            boolean entry = chance(90);
            maybe(fields, entry ? 70 : 100, "object", () -> "\"whatsapp_business_account\"");
            if (entry) {
                fields.add(new String[] {"entry", structure(() -> array(3, () -> structure(this::entry)))});
            }
            if (chance(15)) {
                fields.add(new String[] {pick("from", "id", "type", "text", "businessId"), any(2)});
            }
            return object(fields);
        }

        private String entry() {
            return object(fields()
                    .and("id", () -> string("1065"))
                    .always("changes", () -> array(3, () -> structure(this::change))));
        }

        private String change() {
            String field = pick("messages", "messages", "user_preferences", "statuses");
            return object(fields()
                    .always("field", () -> "\"" + field + "\"")
                    .always("value", () -> object(fields()
                            .and("messaging_product", () -> "\"whatsapp\"")
                            .and("metadata", () -> object(fields()
                                    .and("display_phone_number", () -> string("15550001065"))
                                    .always("phone_number_id", () -> string("1065", "2077", "1065", "1065", "x y"))))
                            .and("contacts", () -> "[{\"profile\":{\"name\":\"Ana\"},\"wa_id\":\"919876543210\"}]")
                            .and("messages", () -> array(3, () -> slot(() -> message(false))))
                            .and("user_preferences", () -> array(3, () -> slot(this::preference)))
                            .and("statuses", () -> array(3, () -> slot(this::status))))));
        }

        /** Syntax damage: a cut, inserted or replaced bytes (some not UTF-8), or something after the value. */
        byte[] damage(byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            switch (random.nextInt(6)) {
                case 0 -> out.write(bytes, 0, at);
                case 1, 2 -> {
                    out.write(bytes, 0, at);
                    byte[] inserted = chance(70) ? pick(DAMAGE).getBytes(StandardCharsets.UTF_8)
                            : new byte[] {(byte) (0x80 + random.nextInt(128))};
                    out.write(inserted, 0, inserted.length);
                    out.write(bytes, at, bytes.length - at);
                }
                case 3 -> {
                    out.write(bytes, 0, bytes.length);
                    if (at < bytes.length) {
                        byte[] copy = out.toByteArray();
                        copy[at] = (byte) random.nextInt(256);
                        return copy;
                    }
                }
                case 4 -> {
                    out.write(bytes, 0, bytes.length);
                    byte[] trailing = pick(" ", "\n\n ", " {}", "x", "1", "\"s\"", "]", ",", " null", "/*").getBytes(StandardCharsets.UTF_8);
                    out.write(trailing, 0, trailing.length);
                }
                default -> {
                    return pick("", "  \n\t", "null", "[]", "\"text\"", "42", "[{\"entry\":[]}]").getBytes(StandardCharsets.UTF_8);
                }
            }
            return out.toByteArray();
        }
    }
}
