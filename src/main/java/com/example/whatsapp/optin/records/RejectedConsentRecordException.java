package com.example.whatsapp.optin.records;

import org.apache.kafka.common.errors.SerializationException;

import java.util.List;

/**
 * A consent record that cannot be read or breaks a rule: what its copy on the records'
 * dead-letter topic names in {@code __streams.errors.exception}; the message (its
 * {@code __streams.errors.message} header) names every rule broken.
 */
public final class RejectedConsentRecordException extends SerializationException {

    private final List<ConsentRecordValidator.Problem> problems;

    public RejectedConsentRecordException(List<ConsentRecordValidator.Problem> problems) {
        super(String.join("; ", problems.stream().map(ConsentRecordValidator.Problem::message).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<ConsentRecordValidator.Problem> problems() {
        return problems;
    }

    /** No stack trace: a rejection is input, not a failure of the service. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
