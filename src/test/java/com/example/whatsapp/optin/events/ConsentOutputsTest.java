package com.example.whatsapp.optin.events;

import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.Trigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ConsentRecord section's confirmation: a template, without context, only for opt-ins from channels other than IMPORT. */
class ConsentOutputsTest {

    private static final ConsentRequest.ReplyTemplate TEMPLATE = new ConsentRequest.ReplyTemplate("optin_welcome", "en_US");

    private static ConsentOutputs outputs(Trigger channel, Direction direction, ConsentRequest.ReplyTemplate template) {
        return ConsentOutputs.of(ConsentRequest.record("acme", "919876543210", "r1", 1_764_000_000_000L, direction, channel,
                "{\"consentText\":\"x\"}", template), ConsentStatus.UNKNOWN, 1_764_000_001_000L);
    }

    @Test
    void an_opt_in_record_from_a_channel_is_confirmed_by_the_template_without_context() throws Exception {
        ConsentOutputs outputs = outputs(Trigger.WEBSITE_FORM, Direction.OPT_IN, TEMPLATE);
        assertThat(outputs.reply()).isNotNull();
        assertThat(outputs.reply().purpose()).isEqualTo(ReplyCommand.Purpose.OPT_IN_CONFIRMATION);
        assertThat(outputs.reply().consentEventId()).isEqualTo(outputs.event().eventId());
        assertThat(outputs.reply().expiresAt()).isEqualTo("2025-11-25T16:00:00.000Z");
        assertThat(Json.mapper().writeValueAsString(outputs.reply().message())).isEqualTo(
                "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"919876543210\","
                        + "\"type\":\"template\",\"template\":{\"name\":\"optin_welcome\",\"language\":{\"code\":\"en_US\"}}}");
    }

    @Test
    void an_import_an_opt_out_or_no_template_is_not_confirmed() {
        assertThat(outputs(Trigger.IMPORT, Direction.OPT_IN, TEMPLATE).reply()).isNull();
        assertThat(outputs(Trigger.AGENT, Direction.OPT_OUT, TEMPLATE).reply()).isNull();
        assertThat(outputs(Trigger.QR_CODE, Direction.OPT_IN, null).reply()).isNull();
        for (Trigger channel : Trigger.CHANNELS) {
            assertThat(outputs(channel, Direction.OPT_IN, TEMPLATE).reply() != null).as(channel.name()).isEqualTo(channel != Trigger.IMPORT);
        }
    }

    @Test
    void the_event_carries_the_record_and_its_proof_and_no_message_fields() {
        ConsentEvent event = outputs(Trigger.SMS, Direction.OPT_IN, null).event();
        assertThat(event.sourceRecordId()).isEqualTo("r1");
        assertThat(event.proof().get("consentText").asText()).isEqualTo("x");
        assertThat(event.keyword()).isNull();
        assertThat(event.sourceMessageId()).isNull();
        assertThat(event.trigger()).isEqualTo(Trigger.SMS);
    }
}
