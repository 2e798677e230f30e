package com.example.whatsapp.optin.wire;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Trigger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactConsentSerdeTest {

    private final ContactConsentSerde serde = new ContactConsentSerde();

    private ContactConsent roundTrip(ContactConsent c) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", c));
    }

    @Test
    void round_trips_every_field() {
        ContactConsent c = new ContactConsent(ConsentStatus.OPTED_OUT, 1_764_000_000_000L, Trigger.BUTTON, "Don’t send 🙏",
                "wamid.ÅÄÖ", 1_764_000_060_000L, List.of(new ContactConsent.DecidedMessage("a", 1L),
                new ContactConsent.DecidedMessage("x".repeat(70_000), Long.MAX_VALUE)));
        assertThat(roundTrip(c)).isEqualTo(c);
        assertThat(roundTrip(ContactConsent.UNKNOWN)).isEqualTo(ContactConsent.UNKNOWN);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void still_reads_the_json_form() {
        ContactConsent c = new ContactConsent(ConsentStatus.OPTED_IN, 5L, Trigger.KEYWORD, "START", "m1", 5L,
                List.of(new ContactConsent.DecidedMessage("m1", 5L)));
        byte[] json = new JsonSerde<>(ContactConsent.class).serializer().serialize("t", c);
        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(c);
    }

    @Test
    void garbage_is_a_serialization_error() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 2})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9})).isInstanceOf(SerializationException.class);
    }
}
