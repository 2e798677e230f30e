package com.example.whatsapp.optin.topology;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract, OptInSettings, "Settings in time": every input record is judged by the newest valid
 * settings (or tombstone) of its business whose record timestamp is not after its own, however
 * late either is read.
 */
class SettingsInTimeTest {

    private static final String ACME = "acme";
    private static final Instant T = Instant.parse("2026-11-20T09:00:00Z");

    /** The scenario of settings changing in time: CANCEL and a phrase are opt-out keywords, then CANCEL is removed and the reply changes. */
    static final String FIRST = """
            {"businessName":"Acme","optOut":{"keywords":["CANCEL","Don't send me messages"],
             "responseEnabled":true,"responseText":"First reply from {businessName}"}}""";
    static final String SECOND = """
            {"businessName":"Acme","optOut":{"keywords":["Don't send me messages"],
             "responseEnabled":true,"responseText":"Second reply from {businessName}"}}""";

    private static Instant at(int seconds) {
        return T.plusSeconds(seconds);
    }

    private static void text(ConsentDriver driver, String contact, int seconds, String body) {
        driver.send(ACME + ":" + contact, Messages.text(ACME, contact, "m-" + contact + "-" + seconds,
                at(seconds).getEpochSecond(), body), at(seconds));
    }

    /** Contact → "STATUS reply-text" (or "STATUS -" without a reply), for every change. */
    private static Map<String, String> outcomes(ConsentDriver driver) {
        Map<String, String> replies = new TreeMap<>();
        for (TestRecord<String, JsonNode> reply : driver.replies()) {
            replies.put(reply.key(), reply.value().at("/message/text/body").asText());
        }
        Map<String, String> outcomes = new TreeMap<>();
        for (TestRecord<String, JsonNode> event : driver.events()) {
            outcomes.merge(event.key().substring(ACME.length() + 1),
                    event.value().get("status").asText() + " " + replies.getOrDefault(event.key(), "-"),
                    (a, b) -> a + ", " + b);
        }
        return outcomes;
    }

    private static final Map<String, String> ISSUE_SCENARIO_OUTCOME = Map.of(
            "447700900001", "OPTED_OUT First reply from Acme",
            "447700900002", "OPTED_OUT First reply from Acme",
            "447700900004", "OPTED_OUT Second reply from Acme");

    @Test
    void each_message_is_judged_by_the_settings_of_its_own_time_when_settings_are_read_first() {
        try (ConsentDriver driver = new ConsentDriver()) {
            driver.putSettings(ACME, FIRST, at(0));
            driver.putSettings(ACME, SECOND, at(20));
            text(driver, "447700900004", 30, "Stop");
            text(driver, "447700900003", 25, "CANCEL");
            text(driver, "447700900002", 15, "Don’t send me messages!");
            text(driver, "447700900001", 10, "cancel");
            assertThat(outcomes(driver)).isEqualTo(ISSUE_SCENARIO_OUTCOME);
        }
    }

    @Test
    void settings_read_after_the_messages_they_precede_still_judge_them() {
        try (ConsentDriver driver = ConsentDriver.withSettingsReaderBehind()) {
            driver.putSettings(ACME, FIRST, at(0));
            text(driver, "447700900001", 10, "cancel");
            text(driver, "447700900002", 15, "Don’t send me messages!");
            driver.putSettings(ACME, SECOND, at(20));
            text(driver, "447700900003", 25, "CANCEL");
            text(driver, "447700900004", 30, "Stop");
            assertThat(driver.events()).as("nothing is judged before its settings are known").isEmpty();
            assertThat(driver.counters.heldForSettings().count()).isEqualTo(4.0);

            driver.readSettings();
            driver.settleSettings(at(40));

            assertThat(outcomes(driver)).isEqualTo(ISSUE_SCENARIO_OUTCOME);
        }
    }

    @Test
    void held_messages_leave_as_soon_as_the_settings_of_their_time_are_read_and_in_arrival_order() {
        try (ConsentDriver driver = ConsentDriver.withSettingsReaderBehind()) {
            driver.putSettings(ACME, FIRST, at(0));
            driver.readSettings();
            driver.settleSettings(at(5));
            text(driver, "447700900001", 5, "cancel");
            assertThat(driver.events()).as("settings known through its time minus a second: judged at once").hasSize(1);

            String alice = "447700900002";
            driver.send(ACME + ":" + alice, Messages.text(ACME, alice, "a1", at(30).getEpochSecond(), "cancel"), at(30));
            driver.send(ACME + ":" + alice, Messages.text(ACME, alice, "a2", at(30).getEpochSecond(), "START"), at(30));
            text(driver, "447700900003", 50, "cancel");
            driver.settleSettings(at(28));
            assertThat(driver.events()).as("still missing settings written up to a second before them").isEmpty();

            driver.settleSettings(at(29));
            List<TestRecord<String, JsonNode>> released = driver.events();
            assertThat(released).extracting(e -> e.value().get("sourceMessageId").asText()).containsExactly("a1");
            assertThat(released.get(0).value().get("keyword").asText()).isEqualTo("CANCEL");

            driver.settleSettings(at(60));
            assertThat(driver.events()).extracting(TestRecord::key).containsExactly(ACME + ":447700900003");
        }
    }

    @Test
    void a_message_never_overtakes_one_that_waits() {
        try (ConsentDriver driver = ConsentDriver.withSettingsReaderBehind()) {
            driver.putSettings(ACME, FIRST, at(0));
            driver.readSettings();
            driver.send(ACME + ":447700900001", Messages.text(ACME, "447700900001", "a1", at(30).getEpochSecond(), "cancel"), at(30));
            driver.registry.settledThrough(at(25).toEpochMilli());
            // Its own settings are known, but an earlier record still waits: it waits behind it.
            driver.send(ACME + ":447700900002", Messages.text(ACME, "447700900002", "b1", at(20).getEpochSecond(), "cancel"), at(20));
            assertThat(driver.events()).isEmpty();

            driver.settleSettings(at(29));
            assertThat(driver.events()).extracting(e -> e.value().get("sourceMessageId").asText()).containsExactly("a1", "b1");
        }
    }

    @Test
    void tombstones_and_invalid_records_in_the_history_are_honoured_in_time() {
        try (ConsentDriver driver = ConsentDriver.withSettingsReaderBehind()) {
            driver.putSettings(ACME, "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"PAUSE\"]}}", at(10));
            driver.putSettings(ACME, "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"HALT\"]},"
                    + "\"optIn\":{\"enabled\":true,\"keywords\":[\"PAUSE\"]}}", at(20));
            driver.putSettings(ACME, "{\"optOut\":{\"keywords\":[\"QUIT\"]}}", at(30)); // invalid: no businessName
            driver.putSettings(ACME, null, at(40));
            driver.putSettings(ACME, "{\"businessName\":\"Acme\",\"optOut\":{\"keywords\":[\"QUIT\"]}}", at(50));
            text(driver, "447700900001", 5, "PAUSE");   // before every version: the defaults
            text(driver, "447700900002", 15, "PAUSE");  // first version
            text(driver, "447700900003", 25, "HALT");   // second version
            text(driver, "447700900004", 35, "QUIT");   // the invalid record never took effect: still the second
            text(driver, "447700900005", 35, "HALT");
            text(driver, "447700900006", 45, "HALT");   // after the tombstone: the defaults
            text(driver, "447700900007", 45, "STOP");   // built-ins always
            text(driver, "447700900008", 55, "QUIT");   // the last version
            text(driver, "447700900009", 55, "PAUSE");
            driver.readSettings();
            driver.settleSettings(at(60));
            assertThat(outcomes(driver).keySet()).containsExactly(
                    "447700900002", "447700900003", "447700900005", "447700900007", "447700900008");
            assertThat(driver.counters.settingsRejected().count()).isEqualTo(1.0);
        }
    }

    @Test
    void a_message_older_than_every_settings_version_gets_the_defaults() {
        try (ConsentDriver driver = new ConsentDriver()) {
            driver.putSettings(ACME, FIRST, at(10));
            text(driver, "447700900001", 9, "cancel");
            text(driver, "447700900002", 9, "STOP");
            text(driver, "447700900003", 10, "cancel");
            assertThat(outcomes(driver)).isEqualTo(Map.of(
                    "447700900002", "OPTED_OUT -",
                    "447700900003", "OPTED_OUT First reply from Acme"));
        }
    }
}
