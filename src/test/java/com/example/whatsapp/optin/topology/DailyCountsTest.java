package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.consent.DailyCounts;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's chart: every consent change counted on its business's UTC day, through the
 * production topology (the consent events read back from their topic).
 */
class DailyCountsTest {

    private static final long NOV_24_2025_16H = 1764000000L;
    private static final LocalDate NOV_24_2025 = LocalDate.parse("2025-11-24");

    private final ConsentDriver driver = new ConsentDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    private DailyCounts countsOf(String businessId, LocalDate day) {
        WindowStore<String, DailyCounts> store = driver.driver.getWindowStore(TopologyNames.CHANGES_PER_DAY_STORE);
        DailyCounts counts = store.fetch(businessId, DailyCounts.startOf(day).toEpochMilli());
        return counts == null ? DailyCounts.ZERO : counts;
    }

    @Test
    void an_opt_out_counts_on_the_day_its_message_was_sent() {
        driver.text("acme", "919876543210", "wamid.1", NOV_24_2025_16H, "STOP");
        assertThat(driver.events()).hasSize(1);
        assertThat(countsOf("acme", NOV_24_2025)).isEqualTo(new DailyCounts(0, 1, 0));
        assertThat(countsOf("acme", NOV_24_2025.plusDays(1))).isEqualTo(DailyCounts.ZERO);
    }

    @Test
    void only_changes_count_and_each_business_has_its_own_counts() {
        driver.putSettings("acme", ACME_SETTINGS);
        driver.text("acme", "919876543210", "wamid.1", NOV_24_2025_16H, "JOIN");
        driver.text("acme", "919876543210", "wamid.2", NOV_24_2025_16H + 60, "STOP");
        driver.text("acme", "919876543210", "wamid.3", NOV_24_2025_16H + 120, "STOP");
        driver.text("acme", "919876543210", "wamid.2", NOV_24_2025_16H + 60, "STOP");
        driver.text("acme", "919876543211", "wamid.4", NOV_24_2025_16H + 8 * 3600, "JOIN");
        driver.text("shop", "919876543210", "wamid.5", NOV_24_2025_16H, "STOP");
        assertThat(countsOf("acme", NOV_24_2025)).isEqualTo(new DailyCounts(1, 1, 0));
        assertThat(countsOf("acme", NOV_24_2025.plusDays(1))).isEqualTo(new DailyCounts(1, 0, 0));
        assertThat(countsOf("shop", NOV_24_2025)).isEqualTo(new DailyCounts(0, 1, 0));
    }

    @Test
    void a_stop_of_marketing_messages_counts_apart_and_events_of_any_version_are_read() {
        TestInputTopic<String, String> events = driver.driver.createInputTopic(driver.topics.consentEvents().name(),
                new StringSerializer(), new StringSerializer());
        Instant time = Instant.parse("2026-11-20T09:30:00Z");
        events.pipeInput("acme:919876543210", marketing("OPTED_OUT"), time);
        events.pipeInput("acme:919876543210", marketing("OPTED_IN"), time);
        events.pipeInput("acme:919876543211", """
                {"eventId":"e3","businessId":"acme","contactId":"919876543211","status":"OPTED_IN","previousStatus":"UNKNOWN",
                 "trigger":"WEBSITE_FORM","scope":"ALL","sourceRecordId":"web-1","proof":{"consentText":"Yes"},
                 "occurredAt":"2026-11-20T09:30:00.000Z","somethingNew":1}""", time);
        assertThat(countsOf("acme", LocalDate.parse("2026-11-20"))).isEqualTo(new DailyCounts(1, 0, 1));
    }

    @Test
    void a_contact_who_stops_marketing_messages_in_whatsapp_counts_as_a_marketing_stop() {
        driver.send(null, """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"user_preferences",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"acme"},
                  "contacts":[{"profile":{"name":"Asha"},"wa_id":"919876543210"}],
                  "user_preferences":[{"wa_id":"919876543210","detail":"User requested to stop marketing messages",
                                       "category":"marketing_messages","value":"stop","timestamp":%d}]}}]}]}"""
                .formatted(NOV_24_2025_16H));
        assertThat(driver.events()).hasSize(1);
        assertThat(countsOf("acme", NOV_24_2025)).isEqualTo(new DailyCounts(0, 0, 1));
    }

    private static String marketing(String status) {
        return """
                {"eventId":"e-%s","businessId":"acme","contactId":"919876543210","status":"%s","previousStatus":"UNKNOWN",
                 "trigger":"USER_PREFERENCES","scope":"MARKETING","occurredAt":"2026-11-20T09:30:00.000Z"}"""
                .formatted(status, status);
    }
}
