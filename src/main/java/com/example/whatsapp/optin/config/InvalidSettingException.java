package com.example.whatsapp.optin.config;

/** A configuration mistake, told to the operator in one line (exit code 2). */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String message) {
        super(message);
    }

    /** @param cause what found the mistake, kept for a stack trace; the message alone is the operator's line */
    public InvalidSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
