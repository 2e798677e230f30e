package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.kafka.JsonSerde;
import com.example.whatsapp.optin.consent.ConsentChange;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.consent.LastApproved;
import com.example.whatsapp.optin.consent.MessageCategory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

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
    void round_trips_the_records_the_marketing_status_and_the_history() {
        ConsentChange change = new ConsentChange(UUID.randomUUID().toString(), Scope.ALL, ConsentStatus.OPTED_IN,
                ConsentStatus.UNKNOWN, Trigger.WEBSITE_FORM, null, null, "web-1", "{\"consentText\":\"Acme Store on WhatsApp ✓\"}",
                1_764_000_000_000L, 1_764_000_001_000L);
        ConsentChange marketing = new ConsentChange(UUID.randomUUID().toString(), Scope.MARKETING, ConsentStatus.OPTED_OUT,
                ConsentStatus.UNKNOWN, Trigger.USER_PREFERENCES, null, null, null, null, 1_764_000_300_000L, 1_764_000_301_000L);
        ContactConsent c = new ContactConsent(ConsentStatus.OPTED_IN, 1_764_000_000_000L, Trigger.WEBSITE_FORM, null, null,
                1_764_000_000_000L, List.of(new ContactConsent.DecidedMessage("m", 5L)), "web-1",
                List.of(new ContactConsent.DecidedMessage("web-1", 1_764_000_000_000L)),
                new ContactConsent.Marketing(ConsentStatus.OPTED_OUT, 1_764_000_300_000L, 1_764_000_300_000L,
                        List.of(new ContactConsent.DecidedMessage("stop@1764000300", 1_764_000_300_000L))),
                List.of(change, marketing));
        assertThat(roundTrip(c)).isEqualTo(c);
        assertThat(serde.serializer().serialize("t", c)[0]).isEqualTo((byte) 2);
    }

    @Test
    void round_trips_the_last_approved_request_as_version_3_and_keeps_version_2_without_one() {
        ContactConsent base = new ContactConsent(ConsentStatus.OPTED_IN, 5L, Trigger.KEYWORD, "START", "m1", 5L,
                List.of(new ContactConsent.DecidedMessage("m1", 5L)));
        ContactConsent c = base.withLastApproved(new LastApproved("req-é", null, "spring_sale", MessageCategory.UTILITY, 42L));
        byte[] bytes = serde.serializer().serialize("t", c);
        assertThat(bytes[0]).isEqualTo((byte) 3);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(c);
        ContactConsent both = base.withLastApproved(new LastApproved("r", "c-1", null, MessageCategory.MARKETING, -1L));
        assertThat(roundTrip(both)).isEqualTo(both);
        byte[] v2 = serde.serializer().serialize("t", base);
        assertThat(v2[0]).isEqualTo((byte) 2);
        assertThat(serde.deserializer().deserialize("t", v2).lastApproved()).isNull();
    }

    /** Values written by the version before records and marketing (format version 1) are still read. */
    @Test
    void still_reads_format_version_1() {
        byte[] id = "wamid.1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(1 + 1 + 8 + 1 + 4 + 4 + 4 + id.length + 8 + 4 + 4 + id.length + 8);
        v1.put((byte) 1).put((byte) ConsentStatus.OPTED_OUT.ordinal()).putLong(1000L).put((byte) Trigger.KEYWORD.ordinal());
        v1.putInt(4).put("STOP".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        v1.putInt(id.length).put(id);
        v1.putLong(1000L);
        v1.putInt(1).putInt(id.length).put(id).putLong(1000L);
        byte[] bytes = java.util.Arrays.copyOf(v1.array(), v1.position());
        ContactConsent read = serde.deserializer().deserialize("t", bytes);
        assertThat(read).isEqualTo(new ContactConsent(ConsentStatus.OPTED_OUT, 1000L, Trigger.KEYWORD, "STOP", "wamid.1", 1000L,
                List.of(new ContactConsent.DecidedMessage("wamid.1", 1000L))));
        assertThat(read.marketingStatus()).isEqualTo(ConsentStatus.UNKNOWN);
        assertThat(read.history()).isEmpty();
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
