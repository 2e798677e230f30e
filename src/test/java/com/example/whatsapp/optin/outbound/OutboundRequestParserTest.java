package com.example.whatsapp.optin.outbound;

import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.consent.MessageCategory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundRequestParserTest {

    private final OutboundRequestParser parser = new OutboundRequestParser(Json.mapper());

    private OutboundRequest parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_contract_example_is_read_and_its_message_kept_as_written() {
        String message = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"+91 98765-43210\",\n"
                + "            \"type\":\"template\",\"template\":{\"name\":\"spring_sale\",\"language\":{\"code\":\"en_US\"}}}";
        OutboundRequest r = parse("{\"requestId\":\"spring-sale-000017\",\"businessId\":\"acme\",\"category\":\"MARKETING\",\n"
                + " \"message\":" + message + "}");
        assertThat(r.requestId()).isEqualTo("spring-sale-000017");
        assertThat(r.businessId()).isEqualTo("acme");
        assertThat(r.category()).isEqualTo(MessageCategory.MARKETING);
        assertThat(r.contactId()).isEqualTo("919876543210");
        assertThat(r.contactKey()).isEqualTo("acme:919876543210");
        assertThat(r.message()).isEqualTo(message);
    }

    @Test
    void the_message_text_is_cut_at_its_bytes_whatever_comes_before_it() {
        String message = "{\"to\":\"919876543210\",\"text\":{\"body\":\"é 😀 \\u00e9\"}}";
        OutboundRequest r = parse("{\"note\":\"ñandú 😀\",\"message\" :  " + message + " ,\"requestId\":\"r\",\"businessId\":\"acme\",\"category\":\"SERVICE\"}");
        assertThat(r.message()).isEqualTo(message);
    }

    @Test
    void unreadable_requests_say_what_is_wrong_without_the_number() {
        assertThatThrownBy(() -> parse("{\"requestId\":\"r\",\"businessId\":\"acme\",\"category\":\"SERVICE\",\"message\":{\"to\":\"12ab\"}}"))
                .isInstanceOf(UnreadableOutboundRequestException.class).hasMessageContaining("message.to");
        assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(UnreadableOutboundRequestException.class);
    }

    @Test
    void the_contact_is_the_messages_own_last_to_string_never_one_nested_in_it() {
        String head = "{\"requestId\":\"r\",\"businessId\":\"acme\",\"category\":\"SERVICE\",\"message\":";
        assertThat(parse(head + "{\"to\":\"111111111\",\"x\":[{\"to\":\"2\"}],\"to\":\"919876543210\"}}").contactId())
                .isEqualTo("919876543210");
        assertThat(parse(head + "{\"template\":{\"to\":\"919876543210\"},\"to\":\"447700900123\"}}").contactId())
                .isEqualTo("447700900123");
        assertThatThrownBy(() -> parse(head + "{\"template\":{\"to\":\"919876543210\"}}}"))
                .isInstanceOf(UnreadableOutboundRequestException.class).hasMessageContaining("message.to");
        assertThatThrownBy(() -> parse(head + "{\"to\":\"919876543210\",\"to\":919876543210}}"))
                .isInstanceOf(UnreadableOutboundRequestException.class).hasMessageContaining("message.to");
        assertThatThrownBy(() -> parse(head + "{\"to\":\"919876543210\",\"x\":[1,}}"))
                .isInstanceOf(UnreadableOutboundRequestException.class).hasMessageContaining("not valid JSON");
    }
}
