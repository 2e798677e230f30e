package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.LanguagePacks;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A business's effective settings, and their changes through the settings administration. */
final class SettingsRoutes {

    static final String SETTINGS = "/v1/businesses/{businessId}/settings";
    static final String LANGUAGE_PACKS = "/v1/language-packs";
    static final String BUSINESSES = "/v1/businesses";

    private static final Logger log = LoggerFactory.getLogger(SettingsRoutes.class);

    private final SettingsRegistry settings;
    private final SettingsAdmin admin;

    SettingsRoutes(SettingsRegistry settings, SettingsAdmin admin) {
        this.settings = settings;
        this.admin = admin;
    }

    void get(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        ctx.json(Responses.EffectiveSettings.of(businessId, settings.configured(businessId), settings.builtInOptOut()));
    }

    /** The language packs a business may list, each code with its opt-out keywords. */
    void languagePacks(Context ctx) {
        ctx.json(LanguagePacks.all());
    }

    /** The businesses that have settings of their own: admin only, the list of a service's tenants is theirs to see. */
    void list(Context ctx) {
        ctx.json(new Responses.Businesses(settings.configuredBusinesses()));
    }

    /** An invalid businessId is one of the settings' problems, listed with the others. */
    void put(Context ctx) {
        answer(ctx, admin.put(ctx.pathParam(PathParams.BUSINESS_ID), ctx.body(), "the path"));
    }

    void delete(Context ctx) {
        answer(ctx, admin.delete(PathParams.businessId(ctx)));
    }

    private static void answer(Context ctx, SettingsAdmin.Outcome outcome) {
        if (outcome instanceof SettingsAdmin.Written written) {
            log.info("Settings of business {} {} over HTTP{}", written.businessId(), written.deleted() ? "deleted" : "written",
                    written.inEffect() ? ", in effect" : ", not yet read back by this instance");
            ctx.status(written.inEffect() ? 200 : 202).json(Responses.Written.of(written));
        } else if (outcome instanceof SettingsAdmin.Invalid invalid) {
            ctx.status(400).json(Responses.InvalidSettings.of(invalid.problems()));
        } else if (outcome instanceof SettingsAdmin.Failed failed) {
            throw new ServiceUnavailableResponse(failed.reason());
        }
    }
}
