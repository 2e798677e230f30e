package com.example.whatsapp.optin.records;

import com.example.whatsapp.optin.consent.ConsentRequest;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads the consent-records topic: a valid record becomes a consent request; an unreadable or
 * invalid one throws {@link RejectedConsentRecordException}, so that Kafka Streams' own
 * deserialization handler sends it, unchanged and with the error headers, to the dead-letter topic.
 */
public final class ConsentRecordSerde implements Serde<ConsentRequest> {

    private final ConsentRecordValidator validator;

    public ConsentRecordSerde(ConsentRecordValidator validator) {
        this.validator = validator;
    }

    @Override
    public Serializer<ConsentRequest> serializer() {
        return (topic, request) -> {
            throw new UnsupportedOperationException("consent records are only read");
        };
    }

    @Override
    public Deserializer<ConsentRequest> deserializer() {
        return (topic, data) -> {
            ConsentRecordValidator.Result result = validator.validate(data);
            if (!result.valid()) {
                throw new RejectedConsentRecordException(result.problems());
            }
            return result.request();
        };
    }
}
