package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ConsentChange;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.OutboundGate;
import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.consent.LanguagePacks;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.settings.BusinessSettings;
import com.example.whatsapp.optin.settings.OptInSettings;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.consent.DailyCounts;
import com.example.whatsapp.optin.events.ConsentEvent;
import com.example.whatsapp.optin.events.ConsentOutputs;
import com.example.whatsapp.optin.records.ConsentRecordWriter;
import com.example.whatsapp.optin.kafka.Timestamps;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /**
     * @param problems every problem's message
     * @param details  the same problems, each with its field path and rule
     */
    public record InvalidSettings(String error, List<String> problems, List<Problem> details) {
        static InvalidSettings of(List<Problem> problems) {
            return new InvalidSettings("invalid settings", Problem.messages(problems), problems);
        }
    }

    /**
     * @param changedAt          null while UNKNOWN
     * @param sourceRecordId     v2: the consent record that decided the status, or null
     * @param marketingStatus    v2: Meta's marketing preference
     * @param marketingChangedAt v2: null while the marketing status is UNKNOWN
     */
    public record Contact(String businessId, String contactId, ConsentStatus status, String changedAt, Trigger trigger,
                          String keyword, String sourceMessageId, String sourceRecordId, ConsentStatus marketingStatus,
                          String marketingChangedAt) {

        /** @param consent null when the contact was never decided */
        static Contact of(String businessId, String contactId, ContactConsent consent) {
            ContactConsent c = consent == null ? ContactConsent.UNKNOWN : consent;
            return new Contact(businessId, contactId, c.status(),
                    c.status() == ConsentStatus.UNKNOWN ? null : Timestamps.format(c.changedAtMillis()),
                    c.trigger(), c.keyword(), c.sourceMessageId(), c.sourceRecordId(), c.marketingStatus(),
                    c.marketingStatus() == ConsentStatus.UNKNOWN ? null : Timestamps.format(c.marketingChangedAtMillis()));
        }
    }

    /** v2: a contact's latest changes of both scopes, newest first, each as its ConsentEvent. */
    public record History(String businessId, String contactId, List<ConsentEvent> changes) {

        /** @param consent null when the contact was never decided */
        static History of(String businessId, String contactId, ContactConsent consent) {
            List<ConsentEvent> changes = new ArrayList<>();
            if (consent != null) {
                for (ConsentChange change : consent.history()) {
                    changes.add(0, ConsentOutputs.event(businessId, contactId, change));
                }
            }
            return new History(businessId, contactId, changes);
        }
    }

    /** v2: consent records written and acknowledged by Kafka. */
    public record RecordsWritten(String businessId, String topic, int accepted, List<String> recordIds) {
        static RecordsWritten of(String businessId, ConsentRecordWriter.Written written) {
            return new RecordsWritten(businessId, written.topic(), written.recordIds().size(), written.recordIds());
        }
    }

    /** v2: nothing written; every problem of every invalid record. */
    public record InvalidRecords(String error, List<ConsentRecordWriter.RecordProblems> records) {
        static InvalidRecords of(ConsentRecordWriter.Invalid invalid) {
            return new InvalidRecords(invalid.error(), invalid.records());
        }
    }

    /** The outbound gate's answer for one contact and category; {@code reason} null when approved. */
    public record MaySend(String businessId, String contactId, MessageCategory category, OutboundGate.Verdict decision,
                          OutboundGate.Reason reason, ConsentStatus status, ConsentStatus marketingStatus) {

        /** @param consent null when the contact was never decided */
        static MaySend of(String businessId, String contactId, MessageCategory category, ContactConsent consent,
                          OutboundGate.Decision decision) {
            ContactConsent c = consent == null ? ContactConsent.UNKNOWN : consent;
            return new MaySend(businessId, contactId, category, decision.verdict(), decision.reason(), c.status(),
                    c.marketingStatus());
        }
    }

    /** @param source "configured" or "defaults" */
    public record EffectiveSettings(String businessId, String source, String businessName, List<String> languages,
                                    EffectiveOptOut optOut, EffectiveOptIn optIn, EffectiveOutbound outbound) {

        static EffectiveSettings of(String businessId, Optional<OptInSettings> configured, List<String> builtInOptOut) {
            OptInSettings settings = configured.orElse(null);
            BusinessSettings effective = settings == null
                    ? BusinessSettings.defaults(builtInOptOut) : BusinessSettings.compile(settings, builtInOptOut);
            OptInSettings.OptOut out = settings == null ? OptInSettings.OptOut.NONE : settings.optOut();
            OptInSettings.OptIn in = settings == null ? OptInSettings.OptIn.OFF : settings.optIn();
            List<String> languages = settings == null ? List.of() : settings.languages();
            Map<String, List<String>> packKeywords = new LinkedHashMap<>();
            languages.forEach(language -> packKeywords.put(language, LanguagePacks.keywords(language)));
            Map<String, String> replies = new LinkedHashMap<>();
            out.responseTexts().keySet().forEach(language -> {
                String reply = effective.optOutRepliesByLanguage().get(language);
                if (reply != null) {
                    replies.put(language, reply);
                }
            });
            return new EffectiveSettings(businessId, settings == null ? "defaults" : "configured",
                    settings == null ? null : settings.businessName(), languages,
                    new EffectiveOptOut(out.keywords(), builtInOptOut, packKeywords, out.responseEnabled(),
                            out.responseText(), effective.optOutReply(), out.responseTexts(), replies),
                    new EffectiveOptIn(in.enabled(), in.keywords(), in.responseEnabled(), in.responseText(),
                            effective.optInReply(), in.confirmationTemplate()),
                    new EffectiveOutbound(effective.requireOptIn()));
        }
    }

    /**
     * @param packKeywords      the opt-out keywords of each listed language pack, in the listed order
     * @param reply             the confirmation as sent, {businessName} filled in; null when none is sent
     * @param responseTexts     the per-language texts as configured
     * @param repliesByLanguage the confirmation as sent for a keyword of that language's pack; empty when none is sent
     */
    public record EffectiveOptOut(List<String> keywords, List<String> builtInKeywords,
                                  Map<String, List<String>> packKeywords, boolean responseEnabled, String responseText,
                                  String reply, Map<String, String> responseTexts, Map<String, String> repliesByLanguage) {
    }

    /** @param confirmationTemplate null when there is none */
    public record EffectiveOptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText,
                                 String reply, OptInSettings.Template confirmationTemplate) {
    }

    public record EffectiveOutbound(boolean requireOptIn) {
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

    /** A webhook post written and acknowledged by Kafka ({@code acks=all}). */
    public record WebhookWritten(String result, String topic, int partition, long offset) {
        static WebhookWritten of(String topic, int partition, long offset) {
            return new WebhookWritten("written", topic, partition, offset);
        }
    }
}
