package com.example.whatsapp.optin.topology;

import com.example.whatsapp.optin.stats.DailyCounts;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static com.example.whatsapp.optin.topology.Messages.ACME_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's chart: every consent change counted on its business's UTC day, through the
 * production topology.
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
    void a_stop_of_marketing_messages_counts_apart_and_a_record_from_another_channel_counts_too() {
        driver.putSettings("acme", ACME_SETTINGS);
        driver.send(null, preference("stop", NOV_24_2025_16H));
        driver.send(null, preference("resume", NOV_24_2025_16H + 60));
        driver.consentRecord("acme:919876543211", ConsentRecordsTest.record("web-1", "OPTED_IN", "WEBSITE_FORM",
                Long.toString(NOV_24_2025_16H), ConsentRecordsTest.PROOF).replace("+91 98765-43210", "919876543211"));
        assertThat(driver.events()).hasSize(3);
        assertThat(countsOf("acme", NOV_24_2025)).isEqualTo(new DailyCounts(1, 0, 1));
    }

    @Test
    void a_contact_who_stops_marketing_messages_in_whatsapp_counts_as_a_marketing_stop() {
        driver.send(null, preference("stop", NOV_24_2025_16H));
        assertThat(driver.events()).hasSize(1);
        assertThat(countsOf("acme", NOV_24_2025)).isEqualTo(new DailyCounts(0, 0, 1));
    }

    /** Meta's webhook envelope of a marketing preference of the contact 919876543210 of acme. */
    private static String preference(String value, long timestamp) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"user_preferences",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"acme"},
                  "contacts":[{"profile":{"name":"Asha"},"wa_id":"919876543210"}],
                  "user_preferences":[{"wa_id":"919876543210","detail":"User requested to %s marketing messages",
                                       "category":"marketing_messages","value":"%s","timestamp":%d}]}}]}]}"""
                .formatted(value, value, timestamp);
    }
}
