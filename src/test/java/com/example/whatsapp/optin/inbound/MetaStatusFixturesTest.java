package com.example.whatsapp.optin.inbound;

import com.example.whatsapp.optin.kafka.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta's documented status webhooks (the "Status messages webhook reference" shapes: sent and
 * delivered with conversation and pricing, read, and failed with an {@code errors[]} item) read
 * as the contract needs them, by the streaming parser and its tree oracle alike.
 */
@DisplayName("Meta's documented status webhooks")
public class MetaStatusFixturesTest {

    public static final String BUSINESS = "106540352242922";
    public static final String MESSAGE = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA";

    /** The fixture's bytes, as Meta sends it. */
    public static byte[] fixture(String name) {
        try (InputStream in = MetaStatusFixturesTest.class.getResourceAsStream("meta-status-" + name + ".json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "the {0} status reads with status {1}, codes [{2}], stopping marketing: {3}")
    @CsvSource({
            "sent, sent, '', false",
            "delivered, delivered, '', false",
            "read, read, '', false",
            "failed-131050, failed, 131050, true",
            "failed-131026, failed, 131026, false"})
    void each_documented_status_reads_right(String name, String status, String codes, boolean stopsMarketing) {
        byte[] value = fixture(name);
        InboundBatch batch = new InboundParser(Json.mapper()).parse(value);

        List<Long> expectedCodes = codes.isEmpty() ? List.of() : List.of(Long.parseLong(codes));
        assertThat(batch.messages()).isEmpty();
        assertThat(batch.skipped()).isEmpty();
        assertThat(batch.statuses()).containsExactly(new InboundBatch.PlatformStatus(BUSINESS, "16505551234", MESSAGE, status,
                1750263773L, expectedCodes));
        assertThat(batch.statuses().get(0).stopsMarketing()).isEqualTo(stopsMarketing);
        assertThat(new TreeInboundParser(Json.mapper()).parse(value)).isEqualTo(batch);
    }
}
