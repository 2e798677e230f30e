package com.example.whatsapp.optin.outbound;

import com.example.whatsapp.optin.kafka.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Outbound requests as the contract writes them, on the requests topic and on the repartition
 * topic alike: a re-keyed request carries its original bytes on, so the repartition topic holds
 * no format of the service's own. The deserializer throws on unreadable input so that Kafka
 * Streams' deserialization handler copies the record to the outbound dead-letter topic.
 */
public final class OutboundRequestSerde implements Serde<OutboundRequest> {

    private final OutboundRequestParser parser = new OutboundRequestParser(Json.mapper());

    @Override
    public Serializer<OutboundRequest> serializer() {
        return (topic, request) -> request == null ? null : request.value();
    }

    @Override
    public Deserializer<OutboundRequest> deserializer() {
        return (topic, data) -> parser.parse(data);
    }
}
