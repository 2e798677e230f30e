package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.query.ReviewQueries;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;

/** A contact's consent, from whichever instance owns the contact. */
final class ContactRoutes {

    static final String CONTACT = "/v1/businesses/{businessId}/contacts/{contactId}";

    private final ContactQueries queries;
    /** Null until the review queue is wired: the lookup shows no open review. */
    private volatile ReviewQueries reviews;

    ContactRoutes(ContactQueries queries) {
        this.queries = queries;
    }

    void reviews(ReviewQueries reviews) {
        this.reviews = reviews;
    }

    void get(Context ctx) {
        ReviewQueries open = reviews;
        answer(ctx, (businessId, contactId, consent) -> open == null
                ? Responses.Contact.of(businessId, contactId, consent)
                : Responses.Contact.of(businessId, contactId, consent, ReviewRoutes.openReviewOf(open, businessId, contactId)));
    }

    /** What a per-contact route answers from the contact's stored consent (null when never decided). */
    interface Render {
        Object body(String businessId, String contactId, ContactConsent consent);
    }

    /**
     * Answers a per-contact route from the store that holds the contact: this instance's, or the
     * owning instance's, asked the same route and relayed as it answered; while the owner cannot
     * answer, from a standby copy holding every committed change ({@code X-Optin-Served-From}).
     */
    void answer(Context ctx, Render render) {
        String businessId = PathParams.businessId(ctx);
        String contactId = PathParams.contactId(ctx);
        String ownerPath = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
        ContactQueries.Answer answer = queries.find(businessId, contactId, ownerPath,
                ctx.header(ContactQueries.FORWARDED_HEADER) != null);
        if (answer instanceof ContactQueries.Found found) {
            ctx.header(ContactQueries.SERVED_BY_HEADER, found.servedBy());
            ctx.header(ContactQueries.SERVED_FROM_HEADER, found.servedFrom().headerValue());
            ctx.json(render.body(businessId, contactId, found.consent()));
        } else if (answer instanceof ContactQueries.Relayed relayed) {
            ctx.status(relayed.status());
            relayed.contentType().ifPresent(ctx::contentType);
            relayed.retryAfter().ifPresent(v -> ctx.header("Retry-After", v));
            relayed.servedBy().ifPresent(v -> ctx.header(ContactQueries.SERVED_BY_HEADER, v));
            relayed.servedFrom().ifPresent(v -> ctx.header(ContactQueries.SERVED_FROM_HEADER, v));
            ctx.result(relayed.body());
        } else if (answer instanceof ContactQueries.Unavailable unavailable) {
            throw new ServiceUnavailableResponse(unavailable.reason());
        }
    }
}
