package com.example.whatsapp.optin.wire;

import com.example.whatsapp.optin.consent.ConsentRequest;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The repartition topic's values: a {@link ConsentRequest} written as a {@link ConsentRequestRecord}. */
public final class ConsentRequestSerde implements Serde<ConsentRequest> {

    private final JsonSerde<ConsentRequestRecord> json = new JsonSerde<>(ConsentRequestRecord.class);

    @Override
    public Serializer<ConsentRequest> serializer() {
        Serializer<ConsentRequestRecord> records = json.serializer();
        return (topic, request) -> request == null ? null : records.serialize(topic, ConsentRequestRecord.of(request));
    }

    @Override
    public Deserializer<ConsentRequest> deserializer() {
        Deserializer<ConsentRequestRecord> records = json.deserializer();
        return (topic, data) -> {
            ConsentRequestRecord record = records.deserialize(topic, data);
            if (record == null) {
                return null;
            }
            if (record.v() < 0 || record.v() > ConsentRequestRecord.VERSION) {
                throw new SerializationException("unknown consent request format version " + record.v() + " in " + topic);
            }
            try {
                return record.toRequest();
            } catch (NullPointerException e) {
                throw new SerializationException("incomplete consent request in " + topic + ": " + e.getMessage());
            }
        };
    }
}
