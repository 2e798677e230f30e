package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ContactIds;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** The path parameters the routes share, checked the same way everywhere. */
final class PathParams {

    static final String BUSINESS_ID = "businessId";
    static final String CONTACT_ID = "contactId";

    private PathParams() {
    }

    static String businessId(Context ctx) {
        String businessId = ctx.pathParam(BUSINESS_ID);
        if (!ContactIds.isValidBusinessId(businessId)) {
            throw new BadRequestResponse("businessId must be " + ContactIds.BUSINESS_ID_RULE);
        }
        return businessId;
    }

    /** The contact id, normalized. */
    static String contactId(Context ctx) {
        return ContactIds.normalizeContactId(ctx.pathParam(CONTACT_ID)).orElseThrow(() -> new BadRequestResponse(
                "contactId must be a WhatsApp id: 5 to 20 digits, with an optional leading +, spaces or dashes"));
    }
}
