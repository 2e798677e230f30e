package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.query.ContactQueries;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;

/** A contact's consent, from whichever instance owns the contact. */
final class ContactRoutes {

    static final String CONTACT = "/v1/businesses/{businessId}/contacts/{contactId}";

    private final ContactQueries queries;

    ContactRoutes(ContactQueries queries) {
        this.queries = queries;
    }

    void get(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        String contactId = PathParams.contactId(ctx);
        ContactQueries.Answer answer = queries.find(businessId, contactId, ctx.header(ContactQueries.FORWARDED_HEADER) != null);
        if (answer instanceof ContactQueries.Found found) {
            ctx.header(ContactQueries.SERVED_BY_HEADER, found.servedBy());
            ctx.json(Responses.Contact.of(businessId, contactId, found.consent()));
        } else if (answer instanceof ContactQueries.Relayed relayed) {
            ctx.status(relayed.status());
            relayed.contentType().ifPresent(ctx::contentType);
            relayed.retryAfter().ifPresent(v -> ctx.header("Retry-After", v));
            relayed.servedBy().ifPresent(v -> ctx.header(ContactQueries.SERVED_BY_HEADER, v));
            ctx.result(relayed.body());
        } else if (answer instanceof ContactQueries.Unavailable unavailable) {
            throw new ServiceUnavailableResponse(unavailable.reason());
        }
    }
}
