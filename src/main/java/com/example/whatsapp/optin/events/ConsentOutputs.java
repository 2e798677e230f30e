package com.example.whatsapp.optin.events;

import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.kafka.Timestamps;
import com.example.whatsapp.optin.consent.ConsentChange;
import com.example.whatsapp.optin.consent.ConsentIds;
import com.example.whatsapp.optin.consent.ConsentRequest;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.LastApproved;
import com.example.whatsapp.optin.consent.Direction;
import com.example.whatsapp.optin.consent.Revocation;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.Trigger;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The outputs of one consent change: its event and, when one is due, the confirmation reply: a
 * text answering the message when that direction's response is enabled (for a marketing keyword:
 * when the marketing opt-out text is set), or the settings' template for an opt-in record from a
 * channel other than IMPORT. Or the answer to a HELP message, which has no event. Ids are
 * deterministic ({@link ConsentIds}), so a reprocessed source yields the same ids.
 *
 * @param event the change's event; null for the answer to a HELP message
 */
public record ConsentOutputs(ConsentEvent event, ReplyCommand reply) {

    static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

    public static ConsentOutputs of(ConsentRequest request, ConsentStatus previous, long processedAtMillis) {
        return of(request, new ConsentChange(ConsentIds.eventId(request), request.scope(), request.direction().resultingStatus(),
                previous, request.trigger(), request.keyword(), request.messageId(), request.recordId(), request.proof(),
                request.occurredAtMillis(), processedAtMillis));
    }

    public static ConsentOutputs of(ConsentRequest request, ConsentChange change) {
        return of(request, change, null);
    }

    /** @param approved the contact's last approved request, to attribute an opt-out to; null when none */
    public static ConsentOutputs of(ConsentRequest request, ConsentChange change, LastApproved approved) {
        ConsentEvent.Attribution attribution = change.status() == ConsentStatus.OPTED_OUT
                ? ConsentEvent.Attribution.of(approved, change.occurredAtMillis())
                : null;
        ConsentEvent event = event(request.businessId(), request.contactId(), change, request.revocation(), attribution);
        return new ConsentOutputs(event, reply(request, event.eventId()));
    }

    /** The answer to a HELP message: a reply and no event. */
    public static ConsentOutputs help(ConsentRequest request) {
        if (request.source() != ConsentRequest.Source.HELP) {
            throw new IllegalArgumentException("not a HELP message: " + request.source());
        }
        return new ConsentOutputs(null, reply(request, null));
    }

    /** The event of a change, as the topic and the contact's history show it. */
    public static ConsentEvent event(String businessId, String contactId, ConsentChange change) {
        return event(businessId, contactId, change, null, null);
    }

    private static ConsentEvent event(String businessId, String contactId, ConsentChange change, Revocation detection,
                                      ConsentEvent.Attribution attribution) {
        return new ConsentEvent(change.eventId(), businessId, contactId, change.status(), change.previousStatus(),
                change.trigger(), change.keyword(), change.sourceMessageId(), Timestamps.format(change.occurredAtMillis()),
                Timestamps.format(change.processedAtMillis()), change.scope(), change.sourceRecordId(), proof(change.proof()),
                detection, attribution);
    }

    private static JsonNode proof(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored proof is not JSON", e);
        }
    }

    private static ReplyCommand.Purpose purpose(ConsentRequest request) {
        if (request.source() == ConsentRequest.Source.HELP) {
            return ReplyCommand.Purpose.HELP;
        }
        if (request.direction() == Direction.OPT_OUT) {
            return request.scope() == Scope.MARKETING
                    ? ReplyCommand.Purpose.MARKETING_OPT_OUT_CONFIRMATION
                    : ReplyCommand.Purpose.OPT_OUT_CONFIRMATION;
        }
        return ReplyCommand.Purpose.OPT_IN_CONFIRMATION;
    }

    private static ReplyCommand reply(ConsentRequest request, String eventId) {
        ReplyCommand.Message message;
        if (request.replyText() != null) {
            message = new ReplyCommand.Message("whatsapp", "individual", request.contactId(), "text",
                    new ReplyCommand.Text(request.replyText()), new ReplyCommand.Context(request.messageId()));
        } else if (request.template() != null && request.direction() == Direction.OPT_IN && request.trigger() != Trigger.IMPORT) {
            message = new ReplyCommand.Message("whatsapp", "individual", request.contactId(), "template", null,
                    new ReplyCommand.Template(request.template().name(), new ReplyCommand.Language(request.template().language())),
                    null);
        } else {
            return null;
        }
        return new ReplyCommand(ConsentIds.commandId(request), request.businessId(), purpose(request), eventId,
                Timestamps.format(request.occurredAtMillis() + CUSTOMER_SERVICE_WINDOW.toMillis()),
                message);
    }
}
