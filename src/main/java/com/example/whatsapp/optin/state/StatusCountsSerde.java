package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.consent.StatusCounts;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/** The contacts-per-status store values: a format byte, then the four counts. */
public final class StatusCountsSerde implements Serde<StatusCounts> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 4 * Long.BYTES;

    @Override
    public Serializer<StatusCounts> serializer() {
        return (topic, c) -> c == null ? null : ByteBuffer.allocate(SIZE).put(VERSION)
                .putLong(c.optedIn()).putLong(c.optedOut()).putLong(c.marketingOptedIn()).putLong(c.marketingOptedOut())
                .array();
    }

    @Override
    public Deserializer<StatusCounts> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != SIZE || data[0] != VERSION) {
                throw new SerializationException("cannot read stored status counts (" + data.length + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, 1, SIZE - 1);
            return new StatusCounts(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
        };
    }
}
