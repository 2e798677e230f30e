package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.OutboundGate;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** The outbound gate for senders without Kafka: the same rule, from the contact owner's store. */
final class GateRoutes {

    static final String MAY_SEND = ContactRoutes.CONTACT + "/may-send";

    private final ContactRoutes contacts;
    private final SettingsRegistry settings;

    GateRoutes(ContactRoutes contacts, SettingsRegistry settings) {
        this.contacts = contacts;
        this.settings = settings;
    }

    void maySend(Context ctx) {
        String name = ctx.queryParam("category");
        MessageCategory category = MessageCategory.named(name).orElseThrow(() -> new BadRequestResponse(
                (name == null ? "category is missing" : "unknown category") + "; one of MARKETING, UTILITY, AUTHENTICATION, SERVICE"));
        contacts.answer(ctx, (businessId, contactId, consent) -> {
            boolean requireOptIn = settings.forBusiness(businessId).requireOptIn();
            return Responses.MaySend.of(businessId, contactId, category, consent,
                    OutboundGate.decide(category, consent, requireOptIn));
        });
    }
}
