package com.example.whatsapp.optin.config;

/** A configuration mistake, told to the operator in one line. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
