package com.example.whatsapp.optin.state;

import com.example.whatsapp.optin.kafka.JsonSerde;
import com.example.whatsapp.optin.consent.ConsentRequest;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The repartition topic's values: a {@link ConsentRequest} written as a {@link ConsentRequestFormat}. */
public final class ConsentRequestSerde implements Serde<ConsentRequest> {

    private final JsonSerde<ConsentRequestFormat> json = new JsonSerde<>(ConsentRequestFormat.class);

    @Override
    public Serializer<ConsentRequest> serializer() {
        Serializer<ConsentRequestFormat> records = json.serializer();
        return (topic, request) -> request == null ? null : records.serialize(topic, ConsentRequestFormat.of(request));
    }

    @Override
    public Deserializer<ConsentRequest> deserializer() {
        Deserializer<ConsentRequestFormat> records = json.deserializer();
        return (topic, data) -> {
            ConsentRequestFormat record = records.deserialize(topic, data);
            if (record == null) {
                return null;
            }
            if (record.v() < 0 || record.v() > ConsentRequestFormat.VERSION) {
                throw new SerializationException("unknown consent request format version " + record.v() + " in " + topic);
            }
            try {
                return record.toRequest();
            } catch (NullPointerException e) {
                throw new SerializationException("incomplete consent request in " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
