package com.example.whatsapp.optin.wire;

import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.Direction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The outputs of one consent change: its event and, when that direction's response is enabled,
 * the confirmation reply. Ids are name-based UUIDs of the contact and the source message, so a
 * reprocessed message yields the same ids.
 */
public record ConsentOutputs(ConsentEvent event, ReplyCommand reply) {

    static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

    public static ConsentOutputs of(ConsentRequest request, ConsentStatus previous, long processedAtMillis) {
        String eventId = nameUuid("consent-event", request);
        ConsentEvent event = new ConsentEvent(eventId, request.businessId(), request.contactId(),
                request.direction().resultingStatus(), previous, request.trigger(), request.keyword(),
                request.messageId(), Timestamps.format(request.occurredAtMillis()), Timestamps.format(processedAtMillis));
        ReplyCommand reply = null;
        if (request.replyText() != null) {
            reply = new ReplyCommand(nameUuid("reply-command", request), request.businessId(),
                    request.direction() == Direction.OPT_OUT
                            ? ReplyCommand.Purpose.OPT_OUT_CONFIRMATION
                            : ReplyCommand.Purpose.OPT_IN_CONFIRMATION,
                    eventId,
                    Timestamps.format(request.occurredAtMillis() + CUSTOMER_SERVICE_WINDOW.toMillis()),
                    new ReplyCommand.Message("whatsapp", "individual", request.contactId(), "text",
                            new ReplyCommand.Text(request.replyText()),
                            new ReplyCommand.Context(request.messageId())));
        }
        return new ConsentOutputs(event, reply);
    }

    private static String nameUuid(String kind, ConsentRequest request) {
        String name = kind + "\n" + request.contactKey() + "\n" + request.messageId();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
