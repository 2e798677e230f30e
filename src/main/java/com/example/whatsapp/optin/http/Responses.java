package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.consent.ConsentChange;
import com.example.whatsapp.optin.consent.ConsentStatus;
import com.example.whatsapp.optin.consent.ContactConsent;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.OutboundGate;
import com.example.whatsapp.optin.consent.Problem;
import com.example.whatsapp.optin.consent.LanguagePacks;
import com.example.whatsapp.optin.consent.RevocationTier;
import com.example.whatsapp.optin.consent.Scope;
import com.example.whatsapp.optin.consent.Trigger;
import com.example.whatsapp.optin.events.ConsentReview;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.example.whatsapp.optin.settings.BusinessSettings;
import com.example.whatsapp.optin.settings.OptInSettings;
import com.example.whatsapp.optin.settings.ReasonableMeans;
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
     * @param sourceRecordId     the consent record that decided the status, or null
     * @param marketingStatus    Meta's marketing preference
     * @param marketingChangedAt null while the marketing status is UNKNOWN
     */
    /**
     * @param openReview the contact's open review ({@link OpenReview}), JSON null when it has none;
     *                   absent when the reviews could not be read at the time
     */
    public record Contact(String businessId, String contactId, ConsentStatus status, String changedAt, Trigger trigger,
                          String keyword, String sourceMessageId, String sourceRecordId, ConsentStatus marketingStatus,
                          String marketingChangedAt, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode openReview) {

        /** @param consent null when the contact was never decided */
        static Contact of(String businessId, String contactId, ContactConsent consent) {
            return of(businessId, contactId, consent, null);
        }

        static Contact of(String businessId, String contactId, ContactConsent consent, JsonNode openReview) {
            return of(businessId, contactId, (consent == null ? ContactConsent.UNKNOWN : consent).current(), openReview);
        }

        static Contact of(String businessId, String contactId, ContactConsent.Current c, JsonNode openReview) {
            return new Contact(businessId, contactId, c.status(),
                    c.status() == ConsentStatus.UNKNOWN ? null : Timestamps.format(c.changedAtMillis()),
                    c.trigger(), c.keyword(), c.sourceMessageId(), c.sourceRecordId(), c.marketingStatus(),
                    c.marketingStatus() == ConsentStatus.UNKNOWN ? null : Timestamps.format(c.marketingChangedAtMillis()),
                    openReview);
        }
    }

    /** a contact's open review as its lookup shows it: what was flagged and why, not the message's text. */
    public record OpenReview(String reviewId, String messageId, String occurredAt, RevocationTier tier, String rule,
                             String createdAt) {
        static OpenReview of(ConsentReview review) {
            return new OpenReview(review.reviewId(), review.messageId(), review.occurredAt(), review.tier(), review.rule(),
                    review.createdAt());
        }
    }

    /**
     * a page of a business's reviews, newest first.
     *
     * @param status the status listed, or ALL
     * @param next   the cursor of the next page; null on the last page
     */
    public record Reviews(String businessId, String status, List<ConsentReview> reviews, String next) {
    }

    /** A contact's latest changes of both scopes, newest first, each as its ConsentEvent. */
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

    /** Consent records written and acknowledged by Kafka. */
    public record RecordsWritten(String businessId, String topic, int accepted, List<String> recordIds) {
        static RecordsWritten of(String businessId, ConsentRecordWriter.Written written) {
            return new RecordsWritten(businessId, written.topic(), written.recordIds().size(), written.recordIds());
        }
    }

    /** Nothing written; every problem of every invalid record. */
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
                          OutboundGate.Ruling decision) {
            ContactConsent c = consent == null ? ContactConsent.UNKNOWN : consent;
            return new MaySend(businessId, contactId, category, decision.verdict(), decision.reason(), c.status(),
                    c.marketingStatus());
        }
    }

    /** @param source "configured" or "defaults" */
    public record EffectiveSettings(String businessId, String source, String businessName, List<String> languages,
                                    EffectiveOptOut optOut, EffectiveOptIn optIn, EffectiveOutbound outbound,
                                    EffectiveHelp help) {

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
            OptInSettings.Help help = settings == null ? OptInSettings.Help.NONE : settings.help();
            return new EffectiveSettings(businessId, settings == null ? "defaults" : "configured",
                    settings == null ? null : settings.businessName(), languages,
                    new EffectiveOptOut(out.keywords(), builtInOptOut, packKeywords, out.responseEnabled(),
                            out.responseText(), effective.optOutReply(), out.responseTexts(), replies, effective.reasonableMeans(),
                            settings == null ? OptInSettings.DEFAULT_MARKETING_OPT_OUT : settings.marketingOptOutKeywords(),
                            out.marketingResponseText(), effective.marketingOptOutReply()),
                    new EffectiveOptIn(in.enabled(), in.keywords(), in.responseEnabled(), in.responseText(),
                            effective.optInReply(), in.confirmationTemplate(),
                            settings == null ? List.of() : settings.marketingOptInKeywords(), in.proofMustMentionWhatsApp()),
                    new EffectiveOutbound(effective.requireOptIn()),
                    new EffectiveHelp(settings == null ? OptInSettings.DEFAULT_HELP : settings.helpKeywords(),
                            help.responseText(), effective.helpReply()));
        }
    }

    /**
     * @param packKeywords      the opt-out keywords of each listed language pack, in the listed order
     * @param reply             the confirmation as sent, {businessName} filled in; null when none is sent
     * @param responseTexts     the per-language texts as configured
     * @param repliesByLanguage the confirmation as sent for a keyword of that language's pack; empty when none is sent
     * @param marketingKeywords the marketing opt-out keywords in effect (the default when none are configured)
     * @param marketingReply    the marketing opt-out confirmation as sent; null when none is sent
     */
    public record EffectiveOptOut(List<String> keywords, List<String> builtInKeywords,
                                  Map<String, List<String>> packKeywords, boolean responseEnabled, String responseText,
                                  String reply, Map<String, String> responseTexts, Map<String, String> repliesByLanguage,
                                  ReasonableMeans reasonableMeans, List<String> marketingKeywords, String marketingResponseText,
                                  String marketingReply) {
    }

    /**
     * @param confirmationTemplate null when there is none
     * @param marketingKeywords    the marketing opt-in keywords in effect
     */
    public record EffectiveOptIn(boolean enabled, List<String> keywords, boolean responseEnabled, String responseText,
                                 String reply, OptInSettings.Template confirmationTemplate, List<String> marketingKeywords,
                                 boolean proofMustMentionWhatsApp) {
    }

    /**
     * @param keywords the HELP keywords in effect (the default when none are configured)
     * @param reply    the answer as sent; null when HELP gets none
     */
    public record EffectiveHelp(List<String> keywords, String responseText, String reply) {
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

    /**
     * A page of the suppression list.
     *
     * @param contacts each the contact's lookup body ({@link Contact}), ordered by contactId
     * @param next     the cursor of the next page; null on the last page
     */
    public record ContactsPage(String businessId, ConsentStatus status, Scope scope, String changedSince,
                               List<Object> contacts, String next) {
    }

    /** The campaigns' counts over the days {@code from} to {@code to}, highest opt-out rate first. */
    public record Campaigns(String businessId, int days, String from, String to, List<Campaign> campaigns) {
    }

    /**
     * @param campaign     the campaign id, else the template's name
     * @param campaignId   null when the campaign is a template's
     * @param templateName the template's name when the campaign is a template's, else null
     * @param optOutRate   optOuts / approved; null while none was approved
     */
    public record Campaign(String campaign, String campaignId, String templateName, long approved, long suppressed,
                           long optOuts, Double optOutRate) {
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
