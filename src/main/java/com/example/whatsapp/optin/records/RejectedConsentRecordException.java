package com.example.whatsapp.optin.records;

import com.example.whatsapp.optin.consent.Problem;
import org.apache.kafka.common.errors.SerializationException;

import java.util.List;

/**
 * A consent record that cannot be read or breaks a rule. Thrown by the records' deserializer, so
 * that Kafka Streams' deserialization handler copies the record unchanged to the records'
 * dead-letter topic; the message (its {@code __streams.errors.message} header) names every rule broken,
 * the problems' messages joined by "; ".
 */
public final class RejectedConsentRecordException extends SerializationException {

    private final List<Problem> problems;

    public RejectedConsentRecordException(List<Problem> problems) {
        super(Problem.oneLine(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** No stack trace: a rejection is input, not a failure of the service. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
