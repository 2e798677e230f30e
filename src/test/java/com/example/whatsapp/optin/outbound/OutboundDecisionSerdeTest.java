package com.example.whatsapp.optin.outbound;

import com.example.whatsapp.optin.kafka.JsonSerde;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.OutboundGate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's OutboundDecision shape: the streamed writer writes what Jackson's bean serializer writes. */
class OutboundDecisionSerdeTest {

    private final JsonSerde<OutboundDecision> json = new JsonSerde<>(OutboundDecision.class);
    private final OutboundDecisionSerde serde = new OutboundDecisionSerde();

    @Test
    void aDecisionIsWrittenByteForByteAsJacksonWritesIt() {
        List<OutboundDecision> decisions = List.of(
                new OutboundDecision("req-1", "acme", "919876543210", MessageCategory.MARKETING, OutboundGate.Verdict.SUPPRESSED,
                        OutboundGate.Reason.OPTED_OUT, ConsentStatus.OPTED_OUT, ConsentStatus.UNKNOWN, "2026-11-24T10:15:30.123Z",
                        "{\"to\":\"919876543210\",\"template\":{\"name\":\"spring_sale\"}}"),
                new OutboundDecision("r\"é\u0001\\/", "acme", "447700900123", MessageCategory.SERVICE, OutboundGate.Verdict.APPROVED,
                        null, ConsentStatus.UNKNOWN, ConsentStatus.UNKNOWN, "2026-11-24T10:15:30.123Z",
                        "{ \"to\" : \"+44 7700 900123\", \"text\": {\"body\": \"h\\u00e9 \\\"x\\\" 😀\"} }"),
                new OutboundDecision(null, null, null, null, null, null, null, null, null, null));
        for (OutboundDecision decision : decisions) {
            assertThat(serde.serializer().serialize("t", decision)).isEqualTo(json.serializer().serialize("t", decision));
        }
    }
}
