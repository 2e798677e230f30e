package com.example.whatsapp.optin.topology;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile settings records: none takes effect, the last valid settings stay, each rejection is
 * logged and counted, and opt-out keeps working throughout.
 */
class SettingsAbuseTest {

    private static final String VALID = "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"PAUSE\"],\"responseEnabled\":true,"
            + "\"responseText\":\"Bye from {businessName}\"},\"optIn\":{\"enabled\":true,\"keywords\":[\"RESUME\"]}}";

    private static String keywords(int count) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ",").append("\"kw").append(i).append('"');
        }
        return sb.append(']').toString();
    }

    @Test
    void no_attack_takes_effect_and_opt_out_keeps_working() {
        Map<String, String> attacks = new java.util.LinkedHashMap<>();
        attacks.put("not JSON", "{\"businessName\":");
        attacks.put("a JSON array", "[\"STOP\"]");
        attacks.put("colliding keywords", "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"GO\"]},\"optIn\":{\"enabled\":true,\"keywords\":[\"go!\"]}}");
        attacks.put("a built-in as opt-in", "{\"businessName\":\"Acme\",\"optIn\":{\"enabled\":true,\"keywords\":[\"ＳＴＯＰ\"]}}");
        attacks.put("empty keywords", "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"\",\"  \",\"🛑\"]}}");
        attacks.put("10k keywords", "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":" + keywords(10_000) + "}}");
        attacks.put("a 1 MB response text", "{\"businessName\":\"Acme\",\"optOut\":{\"responseEnabled\":true,\"responseText\":\""
                + "x".repeat(1_000_000) + "\"}}");
        attacks.put("a businessId that disagrees with the key", "{\"businessId\":\"globex\",\"businessName\":\"Acme\"}");
        attacks.put("no businessName", "{\"optOut\":{\"keywords\":[]}}");
        attacks.put("wrong types", "{\"businessName\":[],\"optOut\":{\"keywords\":\"PAUSE\",\"responseEnabled\":\"yes\"}}");
        attacks.put("response enabled without text", "{\"businessName\":\"Acme\",\"optOut\":{\"responseEnabled\":true}}");

        PrintStream savedErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ConsentDriver driver = new ConsentDriver()) {
            driver.putSettings("acme", VALID);
            int contact = 0;
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            for (String attack : attacks.values()) {
                driver.putSettings("acme", attack);
                contact++;
                driver.text("acme", "44700000" + String.format("%04d", contact), "m" + contact, 1764000000L, "PAUSE");
                contact++;
                driver.text("acme", "44700000" + String.format("%04d", contact), "m" + contact, 1764000000L, "STOP");
            }
            // Invalid keys: none of these may touch acme or anything else.
            driver.putSettings("not a business id", VALID);
            driver.putSettings("a".repeat(129), VALID);
            driver.putSettings("acme:1", VALID);
            System.setErr(savedErr);

            assertThat(driver.counters.settingsRejected().count()).isEqualTo(attacks.size() + 3.0);
            List<String> keywords = driver.events().stream().map(e -> e.value().get("keyword").asText()).toList();
            assertThat(keywords).hasSize(attacks.size() * 2);
            assertThat(keywords.stream().filter("PAUSE"::equals).count()).isEqualTo(attacks.size());
            assertThat(keywords.stream().filter("STOP"::equals).count()).isEqualTo(attacks.size());
            assertThat(driver.replies()).hasSize(attacks.size() * 2)
                    .allSatisfy(r -> assertThat(r.value().at("/message/text/body").asText()).isEqualTo("Bye from Acme"));
            assertThat(driver.registry.configured("acme")).get()
                    .satisfies(s -> assertThat(s.optOut().keywords()).containsExactly("PAUSE"));
            String logged = log.toString(StandardCharsets.UTF_8);
            long rejections = logged.lines().filter(l -> l.contains("WARN") && l.contains("Rejected")).count();
            assertThat(rejections).isEqualTo(attacks.size() + 3L);
            assertThat(logged.length()).as("a 1 MB attack is not copied into the log").isLessThan(100_000);
        } finally {
            System.setErr(savedErr);
        }
    }
}
