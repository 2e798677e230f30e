package com.example.whatsapp.optin.inbound;

import com.example.whatsapp.optin.kafka.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads inbound records. Its deserializer throws on unreadable input so that Kafka Streams'
 * deserialization handler copies the raw record to the dead-letter topic.
 */
public final class InboundSerde implements Serde<InboundBatch> {

    private final InboundParser parser = new InboundParser(Json.mapper());

    @Override
    public Serializer<InboundBatch> serializer() {
        return (topic, batch) -> {
            throw new UnsupportedOperationException("inbound records are only read");
        };
    }

    @Override
    public Deserializer<InboundBatch> deserializer() {
        return (topic, data) -> parser.parse(data);
    }
}
