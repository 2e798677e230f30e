package com.example.whatsapp.optin.inbound;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An inbound record that cannot be read. Its message names the problem but never the record's
 * content, since that content may hold phone numbers and ends up in logs.
 */
public class UnreadableInboundException extends SerializationException {

    public UnreadableInboundException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Thrown once per bad record on the hot path; the message says all there is to say.
        return this;
    }
}
