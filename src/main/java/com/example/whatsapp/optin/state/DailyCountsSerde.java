package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.kafka.JsonSerde;
import com.example.whatsapp.optin.consent.DailyCounts;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * The daily counts' store values in a compact binary form (read and written for every consent
 * change, so JSON's cost showed in the all-keyword profile): a format byte, then the three counts.
 * Values that start with '{' are the JSON its changelog held before, still read.
 */
public final class DailyCountsSerde implements Serde<DailyCounts> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 3 * Long.BYTES;
    private final JsonSerde<DailyCounts> legacy = new JsonSerde<>(DailyCounts.class);

    @Override
    public Serializer<DailyCounts> serializer() {
        return (topic, counts) -> counts == null ? null : ByteBuffer.allocate(SIZE).put(VERSION)
                .putLong(counts.optIns()).putLong(counts.optOuts()).putLong(counts.marketingStops()).array();
    }

    @Override
    public Deserializer<DailyCounts> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length > 0 && data[0] == '{') {
                return legacy.deserializer().deserialize(topic, data);
            }
            if (data.length != SIZE || data[0] != VERSION) {
                throw new SerializationException("cannot read stored daily counts (" + data.length + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, 1, SIZE - 1);
            return new DailyCounts(buffer.getLong(), buffer.getLong(), buffer.getLong());
        };
    }
}
