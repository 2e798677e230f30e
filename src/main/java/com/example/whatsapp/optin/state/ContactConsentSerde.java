package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.kafka.JsonSerde;
import com.example.whatsapp.optin.consent.ConsentChange;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.LastApproved;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.Trigger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The contact store's values in a compact binary form (read and written for every keyword
 * message, so JSON's cost shows). The first byte is the format version (1: status and message ids;
 * 2: also record ids, the marketing status and the history; 3: version 2 followed by the last
 * approved request, written only when there is one, so a contact without one keeps version 2's
 * bytes); values that start with '{' are the JSON form of earlier versions. Every earlier form is still read.
 */
public final class ContactConsentSerde implements Serde<ContactConsent> {

    /** Version 3: version 2, then the last approved request. */
    private static final byte VERSION_3 = 3;
    /** Version 2: the status with record ids, the marketing status, the history. */
    private static final byte VERSION = 2;
    /** Version 1: the status and the message ids only. */
    private static final byte VERSION_1 = 1;
    private static final Scope[] SCOPES = Scope.values();
    private static final ConsentStatus[] STATUSES = ConsentStatus.values();
    private static final Trigger[] TRIGGERS = Trigger.values();
    private static final MessageCategory[] CATEGORIES = MessageCategory.values();
    private static final JsonSerde<ContactConsent> LEGACY = new JsonSerde<>(ContactConsent.class);

    @Override
    public Serializer<ContactConsent> serializer() {
        return (topic, c) -> encode(c);
    }

    @Override
    public Deserializer<ContactConsent> deserializer() {
        return (topic, data) -> decode(data);
    }

    /** The stored form of {@code c} (null for null). */
    public static byte[] encode(ContactConsent c) {
        return c == null ? null : write(c);
    }

    /** A stored value of any format, whole; null for null. */
    public static ContactConsent decode(byte[] data) {
        if (data == null) {
            return null;
        }
        if (isJson(data)) {
            return LEGACY.deserializer().deserialize("the contacts store", data);
        }
        try {
            return read(ByteBuffer.wrap(data));
        } catch (BufferUnderflowException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("cannot read a stored contact consent", e);
        }
    }

    /**
     * What {@code decode(data).current()} gives, reading only the leading fields of the binary
     * formats (the statuses come before the rule's memory and the history); null for null.
     */
    public static ContactConsent.Current current(byte[] data) {
        if (data == null) {
            return null;
        }
        if (isJson(data)) {
            return LEGACY.deserializer().deserialize("the contacts store", data).current();
        }
        try {
            return readCurrent(ByteBuffer.wrap(data));
        } catch (BufferUnderflowException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("cannot read a stored contact consent", e);
        }
    }

    private static boolean isJson(byte[] data) {
        return data.length > 0 && data[0] == '{';
    }

    static byte[] write(ContactConsent c) {
        ContactConsent.Marketing m = c.marketing();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + c.history().size() * 96);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(c.lastApproved() == null ? VERSION : VERSION_3);
            out.writeByte(c.status().ordinal());
            out.writeLong(c.changedAtMillis());
            putTrigger(out, c.trigger());
            putNullable(out, c.keyword());
            putNullable(out, c.sourceMessageId());
            out.writeLong(c.newestDecisionMillis());
            putDecided(out, c.recentDecisions());
            putNullable(out, c.sourceRecordId());
            putDecided(out, c.recentRecords());
            out.writeByte(m.status().ordinal());
            out.writeLong(m.changedAtMillis());
            out.writeLong(m.newestDecisionMillis());
            putDecided(out, m.recentPreferences());
            out.writeInt(c.history().size());
            for (ConsentChange change : c.history()) {
                UUID eventId = UUID.fromString(change.eventId());
                out.writeLong(eventId.getMostSignificantBits());
                out.writeLong(eventId.getLeastSignificantBits());
                out.writeByte(change.scope().ordinal());
                out.writeByte(change.status().ordinal());
                out.writeByte(change.previousStatus().ordinal());
                putTrigger(out, change.trigger());
                putNullable(out, change.keyword());
                putNullable(out, change.sourceMessageId());
                putNullable(out, change.sourceRecordId());
                putNullable(out, change.proof());
                out.writeLong(change.occurredAtMillis());
                out.writeLong(change.processedAtMillis());
            }
            LastApproved approved = c.lastApproved();
            if (approved != null) {
                putNullable(out, approved.requestId());
                putNullable(out, approved.campaignId());
                putNullable(out, approved.templateName());
                out.writeByte(approved.category().ordinal());
                out.writeLong(approved.approvedAtMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte version(ByteBuffer in) {
        byte version = in.get();
        if (version != VERSION_3 && version != VERSION && version != VERSION_1) {
            throw new SerializationException("unknown contact consent format version " + version);
        }
        return version;
    }

    static ContactConsent read(ByteBuffer in) {
        byte version = version(in);
        ConsentStatus status = STATUSES[in.get()];
        long changedAt = in.getLong();
        Trigger trigger = getTrigger(in);
        String keyword = getNullable(in);
        String source = getNullable(in);
        long newest = in.getLong();
        List<ContactConsent.DecidedMessage> decided = getDecided(in);
        if (version == VERSION_1) {
            return new ContactConsent(status, changedAt, trigger, keyword, source, newest, decided);
        }
        String sourceRecordId = getNullable(in);
        List<ContactConsent.DecidedMessage> records = getDecided(in);
        ContactConsent.Marketing marketing = new ContactConsent.Marketing(STATUSES[in.get()], in.getLong(), in.getLong(),
                getDecided(in));
        int changes = in.getInt();
        List<ConsentChange> history = new ArrayList<>(Math.min(changes, 64));
        for (int i = 0; i < changes; i++) {
            String eventId = new UUID(in.getLong(), in.getLong()).toString();
            history.add(new ConsentChange(eventId, SCOPES[in.get()], STATUSES[in.get()], STATUSES[in.get()], getTrigger(in),
                    getNullable(in), getNullable(in), getNullable(in), getNullable(in), in.getLong(), in.getLong()));
        }
        LastApproved approved = version == VERSION_3
                ? new LastApproved(getNullable(in), getNullable(in), getNullable(in), CATEGORIES[in.get()], in.getLong())
                : null;
        return new ContactConsent(status, changedAt, trigger, keyword, source, newest, decided, sourceRecordId, records,
                marketing, history, approved);
    }

    private static ContactConsent.Current readCurrent(ByteBuffer in) {
        byte version = version(in);
        ConsentStatus status = STATUSES[in.get()];
        long changedAt = in.getLong();
        Trigger trigger = getTrigger(in);
        String keyword = getNullable(in);
        String source = getNullable(in);
        in.getLong();
        skipDecided(in);
        if (version == VERSION_1) {
            return new ContactConsent.Current(status, changedAt, trigger, keyword, source, null,
                    ContactConsent.Marketing.UNKNOWN.status(), ContactConsent.Marketing.UNKNOWN.changedAtMillis());
        }
        String sourceRecordId = getNullable(in);
        skipDecided(in);
        ConsentStatus marketingStatus = STATUSES[in.get()];
        long marketingChangedAt = in.getLong();
        return new ContactConsent.Current(status, changedAt, trigger, keyword, source, sourceRecordId, marketingStatus,
                marketingChangedAt);
    }

    private static void skipDecided(ByteBuffer in) {
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            skipNullable(in);
            in.position(in.position() + Long.BYTES);
        }
    }

    private static void skipNullable(ByteBuffer in) {
        int length = in.getInt();
        if (length > 0) {
            in.position(in.position() + length);
        }
    }

    private static void putTrigger(DataOutputStream out, Trigger trigger) throws IOException {
        out.writeByte(trigger == null ? -1 : trigger.ordinal());
    }

    private static Trigger getTrigger(ByteBuffer in) {
        byte trigger = in.get();
        return trigger < 0 ? null : TRIGGERS[trigger];
    }

    private static void putDecided(DataOutputStream out, List<ContactConsent.DecidedMessage> decided) throws IOException {
        out.writeInt(decided.size());
        for (ContactConsent.DecidedMessage d : decided) {
            putNullable(out, d.messageId());
            out.writeLong(d.occurredAtMillis());
        }
    }

    private static List<ContactConsent.DecidedMessage> getDecided(ByteBuffer in) {
        int count = in.getInt();
        List<ContactConsent.DecidedMessage> decided = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            decided.add(new ContactConsent.DecidedMessage(getNullable(in), in.getLong()));
        }
        return decided;
    }

    private static void putNullable(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static String getNullable(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
