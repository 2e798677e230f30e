package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.consent.CampaignCounts;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/** The campaign counts' store values: a format byte, then the three counts. */
public final class CampaignCountsSerde implements Serde<CampaignCounts> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 3 * Long.BYTES;

    @Override
    public Serializer<CampaignCounts> serializer() {
        return (topic, counts) -> counts == null ? null : ByteBuffer.allocate(SIZE).put(VERSION)
                .putLong(counts.approved()).putLong(counts.suppressed()).putLong(counts.optOuts()).array();
    }

    @Override
    public Deserializer<CampaignCounts> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != SIZE || data[0] != VERSION) {
                throw new SerializationException("cannot read stored campaign counts (" + data.length + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, 1, SIZE - 1);
            return new CampaignCounts(buffer.getLong(), buffer.getLong(), buffer.getLong());
        };
    }
}
