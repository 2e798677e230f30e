package com.example.whatsapp.optin.wire;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Trigger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The contact store's values in a compact binary form (read and written for every keyword
 * message, so JSON's cost shows). The first byte is the format version; values that start with
 * '{' are the JSON form of earlier versions and are still read.
 */
public final class ContactConsentSerde implements Serde<ContactConsent> {

    private static final byte VERSION = 1;
    private static final ConsentStatus[] STATUSES = ConsentStatus.values();
    private static final Trigger[] TRIGGERS = Trigger.values();
    private final JsonSerde<ContactConsent> legacy = new JsonSerde<>(ContactConsent.class);

    @Override
    public Serializer<ContactConsent> serializer() {
        return (topic, c) -> c == null ? null : write(c);
    }

    @Override
    public Deserializer<ContactConsent> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length > 0 && data[0] == '{') {
                return legacy.deserializer().deserialize(topic, data);
            }
            try {
                return read(ByteBuffer.wrap(data));
            } catch (BufferUnderflowException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new SerializationException("cannot read a stored contact consent", e);
            }
        };
    }

    static byte[] write(ContactConsent c) {
        byte[] keyword = bytes(c.keyword());
        byte[] source = bytes(c.sourceMessageId());
        List<byte[]> ids = new ArrayList<>(c.recentDecisions().size());
        int size = 1 + 1 + 8 + 1 + len(keyword) + len(source) + 8 + 4;
        for (ContactConsent.DecidedMessage d : c.recentDecisions()) {
            byte[] id = d.messageId().getBytes(StandardCharsets.UTF_8);
            ids.add(id);
            size += 4 + id.length + 8;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION);
        out.put((byte) c.status().ordinal());
        out.putLong(c.changedAtMillis());
        out.put(c.trigger() == null ? -1 : (byte) c.trigger().ordinal());
        putNullable(out, keyword);
        putNullable(out, source);
        out.putLong(c.newestDecisionMillis());
        out.putInt(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.putInt(ids.get(i).length).put(ids.get(i));
            out.putLong(c.recentDecisions().get(i).occurredAtMillis());
        }
        return out.array();
    }

    static ContactConsent read(ByteBuffer in) {
        byte version = in.get();
        if (version != VERSION) {
            throw new SerializationException("unknown contact consent format version " + version);
        }
        ConsentStatus status = STATUSES[in.get()];
        long changedAt = in.getLong();
        byte trigger = in.get();
        String keyword = getNullable(in);
        String source = getNullable(in);
        long newest = in.getLong();
        int count = in.getInt();
        List<ContactConsent.DecidedMessage> decided = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[in.getInt()];
            in.get(id);
            decided.add(new ContactConsent.DecidedMessage(new String(id, StandardCharsets.UTF_8), in.getLong()));
        }
        return new ContactConsent(status, changedAt, trigger < 0 ? null : TRIGGERS[trigger], keyword, source, newest, decided);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int len(byte[] b) {
        return 4 + (b == null ? 0 : b.length);
    }

    private static void putNullable(ByteBuffer out, byte[] b) {
        if (b == null) {
            out.putInt(-1);
        } else {
            out.putInt(b.length).put(b);
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
