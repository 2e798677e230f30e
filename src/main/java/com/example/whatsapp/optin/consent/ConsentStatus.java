package com.example.whatsapp.optin.consent;

public enum ConsentStatus {
    UNKNOWN, OPTED_IN, OPTED_OUT
}
