package com.example.whatsapp.optin.kafka;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Output timestamps are the contract's ISO-8601 UTC with three fraction digits, as java.time writes them. */
class TimestampsTest {

    private static final DateTimeFormatter ORACLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void a_time_is_written_with_three_fraction_digits_in_utc() {
        assertThat(Timestamps.format(1_764_000_000_007L)).isEqualTo("2025-11-24T16:00:00.007Z");
        assertThat(Timestamps.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
    }

    @Provide
    Arbitrary<List<Long>> times() {
        Arbitrary<Long> any = Arbitraries.longs().between(-62_167_219_200_000L * 2, 253_402_300_799_999L * 2);
        Arbitrary<Long> nearNow = Arbitraries.longs().between(1_700_000_000_000L, 1_800_000_000_000L);
        Arbitrary<Long> edges = Arbitraries.of(0L, -1L, 1L, 86_399_999L, 86_400_000L, -86_400_000L, -86_400_001L,
                253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_000L, -62_167_219_200_001L);
        return Arbitraries.oneOf(nearNow, nearNow, any, edges).list().ofMaxSize(20);
    }

    /** In sequences, so that a time of the same day, millisecond or another day follows the one before. */
    @Property(tries = 3000)
    void every_time_is_written_as_java_time_writes_it(@ForAll("times") List<Long> times) {
        for (long time : times) {
            assertThat(Timestamps.format(time)).as("%d", time).isEqualTo(ORACLE.format(Instant.ofEpochMilli(time)));
            assertThat(Timestamps.format(time + 1)).as("%d", time + 1).isEqualTo(ORACLE.format(Instant.ofEpochMilli(time + 1)));
        }
    }
}
