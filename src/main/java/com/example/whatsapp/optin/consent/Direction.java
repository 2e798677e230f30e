package com.example.whatsapp.optin.consent;

/** What a matched keyword asks for. */
public enum Direction {
    OPT_OUT(ConsentStatus.OPTED_OUT),
    OPT_IN(ConsentStatus.OPTED_IN);

    private final ConsentStatus resultingStatus;

    Direction(ConsentStatus resultingStatus) {
        this.resultingStatus = resultingStatus;
    }

    public ConsentStatus resultingStatus() {
        return resultingStatus;
    }
}
