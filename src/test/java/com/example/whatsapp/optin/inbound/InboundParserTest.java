package com.example.whatsapp.optin.inbound;

import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.consent.Trigger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboundParserTest {

    private final InboundParser parser = new InboundParser(Json.mapper());

    private InboundBatch parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private InboundMessage one(String json) {
        InboundBatch batch = parse(json);
        assertThat(batch.messages()).hasSize(1);
        return batch.messages().get(0);
    }

    @Test
    void a_text_message() {
        InboundMessage m = one("{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"wamid.HBgM1\",\"timestamp\":\"1764000000\","
                + "\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}");
        assertThat(m.contactKey()).isEqualTo("acme:919876543210");
        assertThat(m.timestampSeconds()).isEqualTo(1764000000L);
        assertThat(m.candidates()).containsExactly("STOP");
        assertThat(m.trigger()).isEqualTo(Trigger.KEYWORD);
    }

    @Test
    void a_button_message_offers_payload_then_text() {
        InboundMessage m = one("{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"timestamp\":1764000060,"
                + "\"type\":\"button\",\"button\":{\"payload\":\"JOIN\",\"text\":\"Join\"}}");
        assertThat(m.candidates()).containsExactly("JOIN", "Join");
        assertThat(m.trigger()).isEqualTo(Trigger.BUTTON);
        assertThat(m.timestampSeconds()).isEqualTo(1764000060L);
    }

    @Test
    void interactive_replies_offer_id_then_title() {
        assertThat(one("{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"interactive\","
                + "\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"yes-1\",\"title\":\"Yes\"}}}").candidates())
                .containsExactly("yes-1", "Yes");
        assertThat(one("{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"interactive\","
                + "\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"row\",\"title\":\"Stop\",\"description\":\"x\"}}}").candidates())
                .containsExactly("row", "Stop");
    }

    @Test
    void other_types_have_no_candidates_and_unknown_fields_are_ignored() {
        InboundMessage m = one("{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"image\","
                + "\"image\":{\"caption\":\"STOP\"},\"context\":{\"from\":\"x\"},\"extra\":[1,2]}");
        assertThat(m.candidates()).isEmpty();
        assertThat(m.trigger()).isNull();
        assertThat(m.timestampSeconds()).isNull();
    }

    @Test
    void an_envelope_yields_each_message_with_the_phone_number_id_as_business() {
        InboundBatch batch = parse("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":["
                + "{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"1065\"},\"messages\":["
                + "{\"from\":\"919876543210\",\"id\":\"a\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}},"
                + "{\"from\":\"x\",\"id\":\"b\"},"
                + "{\"from\":\"14155550100\",\"id\":\"c\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]}},"
                + "{\"field\":\"account_update\",\"value\":42}]},"
                + "{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"2077\"},\"messages\":["
                + "{\"from\":\"919876543210\",\"id\":\"d\",\"type\":\"text\",\"text\":{\"body\":\"START\"}}]}}]}]}");
        assertThat(batch.messages()).extracting(InboundMessage::contactKey)
                .containsExactly("1065:919876543210", "1065:14155550100", "2077:919876543210");
        assertThat(batch.skipped()).hasSize(1);
    }

    @Test
    void unreadable_values_throw_without_echoing_their_content() {
        String[] bad = {
                "{\"businessId\":\"acme\",\"from\":\"919876543210x\",\"id\":\"m\"}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"timestamp\":\"919876543210.5\"}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"timestamp\":1.5}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"timestamp\":-1}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"timestamp\":\"99999999999999\"}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"  \"}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":7}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":\"button\",\"button\":\"JOIN\"}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"interactive\":{\"button_reply\":{\"id\":1}}}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\",\"type\":5}",
                "{\"entry\":[{\"changes\":{}}]}",
                "{\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":{}}}]}]}",
                "{\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"a:b\"},\"messages\":[{}]}}]}]}",
                "{\"object\":\"whatsapp_business_account\"}",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\",\"id\":\"m\"}{}",
                "91987654321",
                "{\"businessId\":\"acme\",\"from\":\"919876543210\"",
                ""};
        for (String value : bad) {
            assertThatThrownBy(() -> parse(value)).as(value)
                    .isInstanceOf(UnreadableInboundException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("98765"));
        }
        assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(UnreadableInboundException.class);
    }
}
