package com.example.whatsapp.optin.config;

/** A configuration mistake, told to the operator in one line (exit code 2). */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
