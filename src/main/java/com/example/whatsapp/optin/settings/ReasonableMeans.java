package com.example.whatsapp.optin.settings;

/**
 * What a business does with a revocation in the customer's own words ({@code optOut.reasonableMeans}):
 * text that matched no keyword, classified by the revocation detector.
 */
public enum ReasonableMeans {
    /** Keywords only: the detector is not asked. */
    OFF,
    /** Every flagged message (CLEAR or POSSIBLE) waits for a person; consent does not change. */
    REVIEW,
    /** A CLEAR revocation opts the contact out as a keyword would; a POSSIBLE one waits for a person. */
    AUTO;

    /** When the settings do not say. */
    public static final ReasonableMeans DEFAULT = REVIEW;
}
