package com.example.whatsapp.optin.consent;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The deterministic ids of a change's outputs: name-based UUIDs of the contact and the source, so
 * that a reprocessed message, record or preference yields the same ids. Each source has its own
 * kind of name, so that equal ids from different sources never give the same event.
 */
public final class ConsentIds {

    private ConsentIds() {
    }

    public static String eventId(ConsentRequest request) {
        return nameUuid(switch (request.source()) {
            case MESSAGE -> "consent-event";
            case RECORD -> "consent-record-event";
            case PREFERENCE -> "marketing-preference-event";
        }, request);
    }

    public static String commandId(ConsentRequest request) {
        return nameUuid(switch (request.source()) {
            case MESSAGE -> "reply-command";
            case RECORD -> "consent-record-reply-command";
            case PREFERENCE -> "marketing-preference-reply-command";
        }, request);
    }

    private static String nameUuid(String kind, ConsentRequest request) {
        String name = kind + "\n" + request.contactKey() + "\n" + request.sourceId();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
