package com.example.whatsapp.optin.outbound;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An outbound request that cannot be read. Its message names the problem but never the record's
 * content (phone numbers), since it ends up in logs and in the dead-letter record's headers.
 */
public class UnreadableOutboundRequestException extends SerializationException {

    public UnreadableOutboundRequestException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
