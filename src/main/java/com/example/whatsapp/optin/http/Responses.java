package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.settings.BusinessSettings;
import com.example.whatsapp.optin.settings.OptInSettings;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.stats.DailyCounts;
import com.example.whatsapp.optin.wire.Timestamps;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON bodies of the HTTP API, as the OpenAPI document's schemas of the same names describe them. */
public final class Responses {

    private Responses() {
    }

    /** Every error that is not a list of settings problems. */
    public record Error(String error) {
    }

    public record InvalidSettings(String error, List<String> problems) {
        static InvalidSettings of(List<String> problems) {
            return new InvalidSettings("invalid settings", problems);
        }
    }

    /** @param changedAt null while UNKNOWN */
    public record Contact(String businessId, String contactId, ConsentStatus status, String changedAt, Trigger trigger,
                          String keyword, String sourceMessageId) {

        /** @param consent null when the contact was never decided */
        static Contact of(String businessId, String contactId, ContactConsent consent) {
            ContactConsent c = consent == null ? ContactConsent.UNKNOWN : consent;
            return new Contact(businessId, contactId, c.status(),
                    c.status() == ConsentStatus.UNKNOWN ? null : Timestamps.format(c.changedAtMillis()),
                    c.trigger(), c.keyword(), c.sourceMessageId());
        }
    }

    /** @param source "configured" or "defaults" */
    public record EffectiveSettings(String businessId, String source, String businessName, EffectiveOptOut optOut,
                                    EffectiveOptIn optIn) {

        static EffectiveSettings of(String businessId, Optional<OptInSettings> configured, List<String> builtInOptOut) {
            OptInSettings settings = configured.orElse(null);
            BusinessSettings effective = settings == null
                    ? BusinessSettings.defaults(builtInOptOut) : BusinessSettings.compile(settings, builtInOptOut);
            OptInSettings.OptOut out = settings == null ? OptInSettings.OptOut.NONE : settings.optOut();
            OptInSettings.OptIn in = settings == null ? OptInSettings.OptIn.OFF : settings.optIn();
            return new EffectiveSettings(businessId, settings == null ? "defaults" : "configured",
                    settings == null ? null : settings.businessName(),
                    new EffectiveOptOut(out.keywords(), builtInOptOut, out.responseEnabled(), out.responseText(),
                            effective.optOutReply()),
                    new EffectiveOptIn(in.enabled(), in.keywords(), in.responseEnabled(), in.responseText(),
                            effective.optInReply()));
        }
    }

    /** @param reply the confirmation as sent, {businessName} filled in; null when none is sent */
    public record EffectiveOptOut(List<String> keywords, List<String> builtInKeywords, boolean responseEnabled,
                                  String responseText, String reply) {
    }

    public record EffectiveOptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText,
                                 String reply) {
    }

    /**
     * @param result   "written" or "deleted"
     * @param inEffect this instance applies the change already (200), or not yet (202)
     * @param message  what the answer means for a GET that follows
     */
    public record Written(String businessId, String result, String topic, int partition, long offset, boolean inEffect,
                          String message) {
        static Written of(SettingsAdmin.Written written) {
            String what = written.deleted() ? "The settings were removed" : "The settings were written";
            return new Written(written.businessId(), written.deleted() ? "deleted" : "written", written.topic(),
                    written.partition(), written.offset(), written.inEffect(), written.inEffect()
                    ? what + " and are in effect: a GET shows them."
                    : what + " and acknowledged by Kafka, but this instance has not read them yet: they are on their way,"
                    + " and a GET shows them once they are in effect.");
        }
    }

    /** The businesses with settings of their own, by businessId. */
    public record Businesses(List<String> businesses) {
    }

    /** @param daily every day from {@code from} to {@code to}, oldest first, zeros included */
    public record DailyStats(String businessId, String from, String to, List<Day> daily) {

        static DailyStats of(String businessId, LocalDate from, LocalDate to, Map<LocalDate, DailyCounts> byDay) {
            List<Day> daily = new ArrayList<>();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                DailyCounts counts = byDay.getOrDefault(day, DailyCounts.ZERO);
                daily.add(new Day(day.toString(), counts.optIns(), counts.optOuts(), counts.marketingStops()));
            }
            return new DailyStats(businessId, from.toString(), to.toString(), daily);
        }
    }

    /** @param date a UTC day, yyyy-mm-dd */
    public record Day(String date, long optIns, long optOuts, long marketingStops) {
    }

    public record Liveness(String status) {
    }

    /** @param status "UP" or "DOWN" */
    public record Readiness(String status, String streams, boolean settingsLoaded) {
    }
}
