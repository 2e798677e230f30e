package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.Revocation;
import com.example.whatsapp.optin.consent.RevocationTier;
import com.example.whatsapp.optin.consent.Trigger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentRequestSerdeTest {

    private final ConsentRequestSerde serde = new ConsentRequestSerde();

    private ConsentRequest read(String json) {
        return serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void round_trips_every_field_with_its_format_version() {
        ConsentRequest request = new ConsentRequest("acme", "919876543210", "wamid.ÅÄÖ", 1_764_000_000_000L, Direction.OPT_OUT,
                Trigger.BUTTON, "Don’t send 🙏", "You have unsubscribed from Acme.");
        byte[] bytes = serde.serializer().serialize("t", request);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"v\":" + ConsentRequestFormat.MESSAGES_VERSION + ",");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(request);
        ConsentRequest noReply = new ConsentRequest("acme", "919876543210", "m", 0L, Direction.OPT_IN, Trigger.KEYWORD, "START", null);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", noReply))).isEqualTo(noReply);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void the_marketing_keyword_platform_and_help_requests_round_trip_as_version_3_and_the_others_keep_their_version() {
        for (ConsentRequest request : java.util.List.of(
                ConsentRequest.marketingMessage("acme", "919876543210", "wamid.B1", 1_764_000_000_000L, Direction.OPT_OUT,
                        Trigger.BUTTON, "STOP PROMOTIONS", "No more offers."),
                ConsentRequest.platformStop("acme", "919876543210", "wamid.OUT1", 1_764_000_000L),
                ConsentRequest.help("acme", "919876543210", "wamid.H1", 1_764_000_000_000L, Trigger.KEYWORD, "HELP", "Help text"))) {
            byte[] bytes = serde.serializer().serialize("t", request);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"v\":3,");
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(request);
        }
        ConsentRequest preference = ConsentRequest.marketingPreference("acme", "919876543210", "stop", 1_764_000_000L);
        assertThat(new String(serde.serializer().serialize("t", preference), StandardCharsets.UTF_8)).startsWith("{\"v\":2,");
    }

    @Test
    void a_flagged_message_round_trips_as_version_3_with_its_detection_and_review_text() {
        Revocation clear = new Revocation(RevocationTier.CLEAR, "stop-messaging-me");
        ConsentRequest optOut = ConsentRequest.revocation("acme", "919876543210", "wamid.1", 1_764_000_000_000L, clear, "Bye.");
        ConsentRequest review = ConsentRequest.review("acme", "919876543210", "wamid.2", 1_764_000_000_000L,
                new Revocation(RevocationTier.POSSIBLE, "leave-me-alone"), "<b>leave me alone</b> 🙏");
        for (ConsentRequest request : java.util.List.of(optOut, review)) {
            byte[] bytes = serde.serializer().serialize("t", request);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"v\":3,");
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(request);
        }
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", review)).forReview()).isTrue();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", optOut)).forReview()).isFalse();
    }

    /** Records written by the version before this type (the domain record's Jackson form) are read during a rolling upgrade. */
    @Test
    void reads_the_unversioned_form_written_before_it() {
        assertThat(read("{\"businessId\":\"acme\",\"contactId\":\"919876543210\",\"messageId\":\"wamid.HBgM1\","
                + "\"occurredAtMillis\":1764000000000,\"direction\":\"OPT_OUT\",\"trigger\":\"KEYWORD\",\"keyword\":\"STOP\","
                + "\"replyText\":\"You have unsubscribed.\"}"))
                .isEqualTo(new ConsentRequest("acme", "919876543210", "wamid.HBgM1", 1_764_000_000_000L, Direction.OPT_OUT,
                        Trigger.KEYWORD, "STOP", "You have unsubscribed."));
    }

    @Test
    void a_newer_version_or_a_broken_value_is_a_serialization_error() {
        assertThatThrownBy(() -> read("{\"v\":4,\"businessId\":\"acme\",\"contactId\":\"1\",\"messageId\":\"m\",\"occurredAtMillis\":1,"
                + "\"direction\":\"OPT_IN\",\"trigger\":\"KEYWORD\",\"keyword\":\"YES\"}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 4");
        assertThatThrownBy(() -> read("{\"v\":1,\"businessId\":\"acme\"}")).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> read("not json")).isInstanceOf(SerializationException.class);
    }
}
