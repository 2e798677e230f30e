package com.example.whatsapp.optin.settings;

import org.junit.jupiter.api.Test;

import java.util.List;

import static com.example.whatsapp.optin.settings.SettingsRegistry.Outcome.APPLIED;
import static com.example.whatsapp.optin.settings.SettingsRegistry.Outcome.KNOWN;
import static com.example.whatsapp.optin.settings.SettingsRegistry.Outcome.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

class SettingsRegistryTest {

    private static final long DAY = SettingsRegistry.RETENTION.toMillis() / 7;
    private final SettingsRegistry registry = new SettingsRegistry(List.of("STOP"));

    private static String named(String name) {
        return "{\"businessName\":\"" + name + "\"}";
    }

    private String nameAt(long time) {
        return registry.forBusiness("acme", time).settings() == null ? "defaults"
                : registry.forBusiness("acme", time).settings().businessName();
    }

    @Test
    void a_version_applies_from_its_timestamp_on_and_the_defaults_before_the_first() {
        registry.apply("acme", named("One"), 1_000, 0);
        registry.apply("acme", named("Two"), 2_000, 1);
        assertThat(nameAt(999)).isEqualTo("defaults");
        assertThat(nameAt(1_000)).isEqualTo("One");
        assertThat(nameAt(1_999)).isEqualTo("One");
        assertThat(nameAt(2_000)).isEqualTo("Two");
        assertThat(registry.configured("acme")).get().extracting(OptInSettings::businessName).isEqualTo("Two");
    }

    @Test
    void versions_read_out_of_order_land_in_time_order() {
        registry.apply("acme", named("Two"), 2_000, 1);
        registry.apply("acme", named("One"), 1_000, 0);
        assertThat(nameAt(1_500)).isEqualTo("One");
        assertThat(nameAt(2_500)).isEqualTo("Two");
    }

    @Test
    void of_two_versions_with_one_timestamp_the_later_written_wins() {
        registry.apply("acme", named("Later"), 1_000, 7);
        registry.apply("acme", named("Earlier"), 1_000, 3);
        assertThat(nameAt(1_000)).isEqualTo("Later");
    }

    @Test
    void the_copy_of_a_version_on_the_valid_settings_topic_is_known_already() {
        assertThat(registry.apply("acme", named("One"), 1_000, 4)).isEqualTo(APPLIED);
        assertThat(registry.apply("acme", named("One"), 1_000, 4)).isEqualTo(KNOWN);
    }

    @Test
    void invalid_records_and_tombstones_of_invalid_keys_are_rejected_and_change_nothing() {
        registry.apply("acme", named("One"), 1_000, 0);
        assertThat(registry.apply("acme", "{\"optOut\":{}}", 2_000, 1)).isEqualTo(REJECTED);
        assertThat(registry.apply("acme", "][", 2_000, 2)).isEqualTo(REJECTED);
        assertThat(registry.apply("not valid", null, 2_000, 3)).isEqualTo(REJECTED);
        assertThat(nameAt(3_000)).isEqualTo("One");
    }

    @Test
    void a_tombstone_brings_back_the_defaults_from_its_time_on() {
        registry.apply("acme", named("One"), 1_000, 0);
        registry.apply("acme", null, 2_000, 1);
        assertThat(nameAt(1_500)).isEqualTo("One");
        assertThat(nameAt(2_000)).isEqualTo("defaults");
        assertThat(registry.configured("acme")).isEmpty();
    }

    @Test
    void pruning_keeps_the_version_in_effect_at_the_horizon_and_everything_after() {
        registry.apply("acme", named("Old"), 0, 0);
        registry.apply("acme", named("AtHorizon"), DAY, 1);
        registry.apply("acme", named("Recent"), 8 * DAY + 1, 2);
        registry.apply("gone", named("X"), 0, 3);
        registry.apply("gone", null, DAY, 4);
        registry.prune();
        assertThat(nameAt(DAY / 2)).as("older than the retention: judged by the oldest kept").isEqualTo("AtHorizon");
        assertThat(nameAt(DAY + 1)).isEqualTo("AtHorizon");
        assertThat(nameAt(8 * DAY + 1)).isEqualTo("Recent");
        assertThat(registry.businesses()).isEqualTo(1);
    }

    @Test
    void settled_never_goes_back_and_loaded_means_read_to_the_end_once() {
        assertThat(registry.loaded()).isFalse();
        assertThat(registry.settled(0)).isFalse();
        registry.settledThrough(5_000);
        registry.settledThrough(4_000);
        assertThat(registry.loaded()).isTrue();
        assertThat(registry.settled(5_000)).isTrue();
        assertThat(registry.settled(5_001)).isFalse();
    }
}
