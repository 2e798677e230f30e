package com.example.whatsapp.optin.outbound;

import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.kafka.JsonSerde;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * OutboundDecisions as {@link JsonSerde} writes them, byte for byte, but streamed field by field:
 * every request the gate judges is written once, and Jackson's bean serializer showed in the
 * gate's profile. Read back through {@link JsonSerde}.
 */
public final class OutboundDecisionSerde implements Serde<OutboundDecision> {

    private static final JsonFactory FACTORY = Json.mapper().getFactory();
    private final JsonSerde<OutboundDecision> json = new JsonSerde<>(OutboundDecision.class);

    @Override
    public Serializer<OutboundDecision> serializer() {
        return (topic, decision) -> decision == null ? null : write(decision);
    }

    @Override
    public Deserializer<OutboundDecision> deserializer() {
        return json.deserializer();
    }

    static byte[] write(OutboundDecision d) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(FACTORY._getBufferRecycler(), 256 + length(d.message()));
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("requestId", d.requestId());
            out.writeStringField("businessId", d.businessId());
            out.writeStringField("contactId", d.contactId());
            writeEnum(out, "category", d.category());
            writeEnum(out, "decision", d.decision());
            writeEnum(out, "reason", d.reason());
            writeEnum(out, "status", d.status());
            writeEnum(out, "marketingStatus", d.marketingStatus());
            out.writeStringField("decidedAt", d.decidedAt());
            out.writeFieldName("message");
            if (d.message() == null) {
                out.writeNull();
            } else {
                out.writeRawValue(d.message());
            }
            if (d.campaignId() != null) {
                out.writeStringField("campaignId", d.campaignId());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new SerializationException("cannot write OutboundDecision", e);
        }
        byte[] written = bytes.toByteArray();
        bytes.release();
        return written;
    }

    private static void writeEnum(JsonGenerator out, String field, Enum<?> value) throws IOException {
        if (value == null) {
            out.writeNullField(field);
        } else {
            out.writeStringField(field, value.name());
        }
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
