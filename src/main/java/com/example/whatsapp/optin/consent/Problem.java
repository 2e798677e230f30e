package com.example.whatsapp.optin.consent;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule of an input a person or a producer gave (a business's settings, a consent
 * record), as both validators report it, the HTTP API answers it and the console shows it.
 *
 * @param field   the path of the value it is about, as in the input: {@code optOut.keywords[2]},
 *                {@code optIn.confirmationTemplate.name}, {@code proof.consentText}; {@code ""} for
 *                the input as a whole (not JSON, not an object)
 * @param rule    a short, stable name of the rule (the records' dead-letter counters are tagged by it)
 * @param message the one line people read, naming the field and the rule
 */
public record Problem(String field, String rule, String message) {

    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** The problems' messages, joined by "; ": the one line of a log, an error header or stderr. */
    public static String oneLine(List<Problem> problems) {
        return String.join("; ", messages(problems));
    }

    public static List<String> messages(List<Problem> problems) {
        return problems.stream().map(Problem::message).toList();
    }

    @Override
    public String toString() {
        return message;
    }
}
