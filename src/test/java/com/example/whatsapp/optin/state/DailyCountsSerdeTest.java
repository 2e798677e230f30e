package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.consent.DailyCounts;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The daily counts' store values: written compact, read back whole, and the JSON its changelog held before still read. */
class DailyCountsSerdeTest {

    private final DailyCountsSerde serde = new DailyCountsSerde();

    @Property(tries = 1000)
    void counts_read_back_as_they_were_written(@ForAll long optIns, @ForAll long optOuts, @ForAll long marketingStops) {
        DailyCounts counts = new DailyCounts(optIns, optOuts, marketingStops);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", counts))).isEqualTo(counts);
    }

    @Test
    void counts_the_changelog_holds_as_json_are_still_read() throws Exception {
        DailyCounts counts = new DailyCounts(3, 2, 1);
        byte[] json = Json.mapper().writeValueAsBytes(counts);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{");
        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(counts);
    }

    @Test
    void a_value_of_another_form_is_refused_by_name() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("daily counts");
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
