package com.example.whatsapp.optin.topology;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand random and malformed inbound records through the production topology: nothing
 * escapes, every record known to be bad is in the dead-letter topic, every good message is read
 * and every good keyword message decides.
 */
class InboundFuzzTest {

    private static final int RECORDS = 10_000;
    private static final String[] WORDS = {"STOP", "stop.", "Stop 🛑", "START", "hello", "UNSUBSCRIBE", "opt out", "ok", "",
            "ＳＴＯＰ", "don’t", "\u200BSTOP", "x".repeat(300), "\uD800", "\\u0000", "\"quoted\""};

    private final Random random = new Random(20261125L);

    private String goodMessage(int i, String contact, boolean keyword) {
        String body = keyword ? "STOP" : WORDS[random.nextInt(WORDS.length)].replace("STOP", "chat").replace("stop", "chat")
                .replace("Stop", "chat").replace("ＳＴＯＰ", "chat").replace("UNSUBSCRIBE", "chat").replace("opt out", "chat")
                .replace("START", "chat");
        return switch (random.nextInt(4)) {
            case 0 -> Messages.text("fuzz", contact, "g" + i, 1764000000L + i, body);
            case 1 -> Messages.button("fuzz", contact, "g" + i, 1764000000L + i, random.nextBoolean() ? body : "p" + i, body);
            case 2 -> Messages.buttonReply("fuzz", contact, "g" + i, 1764000000L + i,
                    random.nextBoolean() ? "button_reply" : "list_reply", "id-" + i, body);
            default -> "{\"businessId\":\"fuzz\",\"from\":\"+" + contact + "\",\"id\":\"g" + i + "\",\"timestamp\":" + (1764000000L + i)
                    + ",\"type\":\"" + (keyword ? "text" : "image") + "\",\"text\":{\"body\":" + Messages.quote(body) + "},\"image\":{\"id\":\"x\"},\"extra\":[null,1,{}]}";
        };
    }

    private String badRecord(int i) {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "null";
            case 2 -> "[" + i + "]";
            case 3 -> "{\"businessId\":\"fuzz\",\"from\":\"" + i + "x\",\"id\":\"b\"}";
            case 4 -> "{\"businessId\":\"fuzz\",\"id\":\"b" + i + "\"}";
            case 5 -> "{\"businessId\":\"fu:zz\",\"from\":\"4412345678\",\"id\":\"b\"}";
            case 6 -> "{\"businessId\":\"fuzz\",\"from\":\"4412345678\",\"id\":\"b\",\"text\":\"STOP\"}";
            case 7 -> "{\"businessId\":\"fuzz\",\"from\":\"4412345678\",\"id\":\"b\",\"timestamp\":{}}";
            case 8 -> "{\"entry\":\"" + i + "\"}";
            case 9 -> "{\"businessId\":\"fuzz\",\"from\":\"4412345678\",\"id\":\"b\"" + "}".repeat(random.nextInt(3) + 2);
            case 10 -> "{".repeat(2000);
            default -> "{\"businessId\":\"fuzz\",\"from\":\"4412345678\",\"id\":" + random.nextDouble() + "}";
        };
    }

    private byte[] mutate(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int cuts = 1 + random.nextInt(3);
        for (int c = 0; c < cuts && bytes.length > 0; c++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    @Test
    void ten_thousand_random_records_never_stop_the_service() {
        try (ConsentDriver driver = new ConsentDriver(Map.of("processing.guarantee", "at_least_once"))) {
            int goodMessages = 0;
            int keywordContacts = 0;
            int bad = 0;
            int mutated = 0;
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String contact = "7" + String.format("%09d", i);
                int kind = random.nextInt(10);
                if (kind < 5) {
                    boolean keyword = random.nextInt(5) == 0;
                    driver.send(random.nextBoolean() ? null : "fuzz:" + contact, goodMessage(i, contact, keyword));
                    goodMessages++;
                    if (keyword) {
                        keywordContacts++;
                    }
                } else if (kind < 8) {
                    driver.send("bad-" + i, badRecord(i));
                    bad++;
                } else {
                    byte[] value = random.nextInt(3) == 0 ? randomBytes() : mutate(goodMessage(i, contact, random.nextBoolean()));
                    driver.sendBytes("mut-" + i, value);
                    mutated++;
                }
                keys.add(contact);
            }
            long deadLetters = driver.deadLetters().stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .filter(k -> k.startsWith("bad-")).count();
            assertThat(deadLetters).isEqualTo(bad);
            long read = (long) driver.counters.messagesRead().count();
            long mutatedRead = read - goodMessages;
            assertThat(mutatedRead).as("every good message is read, mutated ones either read or dead-lettered")
                    .isBetween(0L, (long) mutated);
            assertThat((long) driver.counters.deadLetters().count()).isEqualTo(bad + (mutated - mutatedRead));
            long decided = driver.events().stream().filter(e -> e.value().get("sourceMessageId").asText().startsWith("g")).count();
            assertThat(decided).isGreaterThanOrEqualTo(keywordContacts);
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }
}
