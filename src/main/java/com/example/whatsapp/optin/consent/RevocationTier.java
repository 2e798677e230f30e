package com.example.whatsapp.optin.consent;

/** How sure the detector is that a message revokes consent. */
public enum RevocationTier {
    /** The message as a whole asks the business to stop messaging the sender. */
    CLEAR,
    /** It may be a revocation: a person should look. */
    POSSIBLE
}
