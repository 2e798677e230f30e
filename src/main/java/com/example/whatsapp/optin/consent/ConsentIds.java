package com.example.whatsapp.optin.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The deterministic ids of a change's outputs: name-based UUIDs of the contact and the source, so
 * that a reprocessed message, record or preference yields the same ids. Each source has its own
 * kind of name, so that equal ids from different sources never give the same event.
 */
public final class ConsentIds {

    /** One digest per thread: looking MD5 up for every id, as {@link UUID#nameUUIDFromBytes} does, showed in profiles. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new InternalError("MD5 is required of every Java platform", e);
        }
    });

    private ConsentIds() {
    }

    public static String eventId(ConsentRequest request) {
        return nameUuid(switch (request.source()) {
            case MESSAGE -> "consent-event";
            case RECORD -> "consent-record-event";
            case PREFERENCE -> "marketing-preference-event";
            case MARKETING_MESSAGE -> "marketing-message-event";
            case PLATFORM -> "platform-signal-event";
            case HELP -> throw new IllegalArgumentException("HELP decides no consent: it has no event");
        }, request);
    }

    public static String commandId(ConsentRequest request) {
        return nameUuid(switch (request.source()) {
            case MESSAGE -> "reply-command";
            case RECORD -> "consent-record-reply-command";
            case PREFERENCE -> "marketing-preference-reply-command";
            case MARKETING_MESSAGE -> "marketing-message-reply-command";
            case PLATFORM -> "platform-signal-reply-command";
            case HELP -> "help-reply-command";
        }, request);
    }

    /** The review of a flagged message: one per contact and message id, however often the message is delivered. */
    public static String reviewId(String contactKey, String messageId) {
        return nameUuid(("consent-review\n" + contactKey + "\n" + messageId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String nameUuid(String kind, ConsentRequest request) {
        String name = kind + "\n" + request.contactKey() + "\n" + request.sourceId();
        return nameUuid(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** What {@link UUID#nameUUIDFromBytes} gives: an MD5 name-based UUID (version 3). */
    static UUID nameUuid(byte[] name) {
        byte[] md5 = MD5.get().digest(name);
        md5[6] = (byte) ((md5[6] & 0x0f) | 0x30);
        md5[8] = (byte) ((md5[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (md5[i] & 0xff);
            least = (least << 8) | (md5[8 + i] & 0xff);
        }
        return new UUID(most, least);
    }
}
