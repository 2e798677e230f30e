package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.consent.ConsentChange;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.LastApproved;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.kafka.JsonSerde;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The statuses read alone from a stored contact ({@link ContactConsentSerde#current}, what the
 * suppression list reads) are what the whole value's decoding gives, in every stored form.
 */
class ContactConsentCurrentTest {

    @Property(tries = 500)
    void the_binary_forms_give_what_the_whole_decoding_gives(@ForAll("contacts") ContactConsent contact) {
        byte[] bytes = ContactConsentSerde.encode(contact);
        assertThat(bytes[0]).isEqualTo((byte) (contact.lastApproved() == null ? 2 : 3));
        assertThat(ContactConsentSerde.current(bytes))
                .isEqualTo(ContactConsentSerde.decode(bytes).current())
                .isEqualTo(contact.current());
    }

    @Property(tries = 200)
    void format_version_1_gives_what_the_whole_decoding_gives(@ForAll("contacts") ContactConsent contact) throws IOException {
        byte[] bytes = version1(contact);
        ContactConsent.Current current = ContactConsentSerde.current(bytes);
        assertThat(current).isEqualTo(ContactConsentSerde.decode(bytes).current());
        assertThat(current.status()).isEqualTo(contact.status());
        assertThat(current.sourceRecordId()).isNull();
        assertThat(current.marketingStatus()).isEqualTo(ConsentStatus.UNKNOWN);
    }

    @Property(tries = 100)
    void the_json_form_gives_what_the_whole_decoding_gives(@ForAll("contacts") ContactConsent contact) {
        byte[] json = new JsonSerde<>(ContactConsent.class).serializer().serialize("t", contact);
        assertThat(ContactConsentSerde.current(json))
                .isEqualTo(ContactConsentSerde.decode(json).current())
                .isEqualTo(contact.current());
    }

    @Test
    void nothing_stored_is_null_and_an_unknown_form_an_error() {
        assertThat(ContactConsentSerde.current(null)).isNull();
        assertThatThrownBy(() -> ContactConsentSerde.current(new byte[] {9})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> ContactConsentSerde.current(new byte[] {2, 1})).isInstanceOf(SerializationException.class);
        byte[] whole = ContactConsentSerde.encode(new ContactConsent(ConsentStatus.OPTED_OUT, 5L, Trigger.KEYWORD, "STOP", "m1",
                5L, List.of(new ContactConsent.DecidedMessage("m1", 5L))));
        byte[] cut = java.util.Arrays.copyOf(whole, 40);
        assertThatThrownBy(() -> ContactConsentSerde.current(cut)).isInstanceOf(SerializationException.class);
    }

    @Provide
    Arbitrary<ContactConsent> contacts() {
        Arbitrary<ContactConsent.Marketing> marketing = Combinators.combine(statuses(), Arbitraries.longs(), Arbitraries.longs(),
                decided()).as(ContactConsent.Marketing::new);
        Arbitrary<ContactConsent> contact = Combinators.combine(statuses(), Arbitraries.longs(), triggers(), texts(), texts(),
                Arbitraries.longs(), decided(), texts()).flatAs((status, changedAt, trigger, keyword, source, newest, decided,
                        recordId) -> Combinators.combine(decided(), marketing, history()).as((records, m, history) ->
                        new ContactConsent(status, changedAt, trigger, keyword, source, newest, decided, recordId, records, m,
                                history)));
        Arbitrary<LastApproved> approved = Combinators.combine(texts(), texts(), texts(), Arbitraries.of(MessageCategory.class),
                Arbitraries.longs()).as(LastApproved::new).injectNull(0.5);
        return Combinators.combine(contact, approved).as(ContactConsent::withLastApproved);
    }

    private static Arbitrary<ConsentStatus> statuses() {
        return Arbitraries.of(ConsentStatus.class);
    }

    private static Arbitrary<Trigger> triggers() {
        return Arbitraries.of(Trigger.class).injectNull(0.2);
    }

    /** Any text without lone surrogates (which UTF-8 cannot carry), or null. */
    private static Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange(' ', '\uD7FF').withChars('\n', '"', '{').ofMaxLength(40).injectNull(0.3);
    }

    private static Arbitrary<List<ContactConsent.DecidedMessage>> decided() {
        return Combinators.combine(texts(), Arbitraries.longs()).as(ContactConsent.DecidedMessage::new).list().ofMaxSize(4);
    }

    private static Arbitrary<List<ConsentChange>> history() {
        Arbitrary<String> eventIds = Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()).toString());
        return Combinators.combine(eventIds, Arbitraries.of(Scope.class), statuses(), statuses(), triggers(), texts(), texts(),
                texts()).flatAs((id, scope, status, previous, trigger, keyword, source, recordId) ->
                        Combinators.combine(texts(), Arbitraries.longs(), Arbitraries.longs()).as((proof, occurred, processed) ->
                                new ConsentChange(id, scope, status, previous, trigger, keyword, source, recordId, proof,
                                        occurred, processed)))
                .list().ofMaxSize(3);
    }

    /** The contact as format version 1 held it: the status and its message ids, nothing after. */
    private static byte[] version1(ContactConsent c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeByte(c.status().ordinal());
        out.writeLong(c.changedAtMillis());
        out.writeByte(c.trigger() == null ? -1 : c.trigger().ordinal());
        text(out, c.keyword());
        text(out, c.sourceMessageId());
        out.writeLong(c.newestDecisionMillis());
        out.writeInt(c.recentDecisions().size());
        for (ContactConsent.DecidedMessage d : c.recentDecisions()) {
            text(out, d.messageId());
            out.writeLong(d.occurredAtMillis());
        }
        return bytes.toByteArray();
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }
}
