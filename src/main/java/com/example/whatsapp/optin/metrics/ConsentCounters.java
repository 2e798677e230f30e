package com.example.whatsapp.optin.metrics;

import com.example.whatsapp.optin.consent.LanguagePacks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.example.whatsapp.optin.consent.MessageCategory;
import com.example.whatsapp.optin.consent.OutboundGate;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The service's own counters, beside Kafka Streams' metrics. */
public final class ConsentCounters {

    private final MeterRegistry registry;
    private final Counter messagesRead;
    private final Counter envelopeMessagesSkipped;
    private final Counter keywordMatches;
    private final Counter optOuts;
    private final Counter optIns;
    private final Counter unchanged;
    private final Counter duplicates;
    private final Counter late;
    private final Counter replies;
    private final Counter settingsApplied;
    private final Counter settingsRejected;
    private final Counter deadLetters;
    private final Counter heldForSettings;
    // The outbound gate
    private final Counter outboundDeadLetters;
    private final Map<MessageCategory, Map<OutboundGate.Verdict, Map<String, Counter>>> outboundDecisions =
            new EnumMap<>(MessageCategory.class);
    private final Map<String, Counter> languagePackMatches = new HashMap<>();

    // Consent records and marketing preferences
    private final Counter recordsAccepted;
    private final Counter marketingOptOuts;
    private final Counter marketingOptIns;
    private final Counter helpReplies;
    private final Map<String, Counter> platformStatuses = new HashMap<>();

    public ConsentCounters(MeterRegistry registry) {
        this.registry = registry;
        messagesRead = counter("optin.messages.read", "Inbound messages read (envelopes count each message)");
        envelopeMessagesSkipped = counter("optin.messages.skipped", "Unreadable messages skipped inside readable envelopes");
        keywordMatches = counter("optin.keyword.matches", "Messages that matched an opt-in or opt-out keyword");
        optOuts = counter("optin.consent.opt-outs", "Contacts changed to OPTED_OUT");
        optIns = counter("optin.consent.opt-ins", "Contacts changed to OPTED_IN");
        unchanged = counter("optin.consent.unchanged", "Keyword messages that asked for the status the contact already had");
        duplicates = counter("optin.consent.duplicates-ignored", "Redelivered keyword messages ignored");
        late = counter("optin.consent.late-ignored", "Keyword messages older than the contact's newest decision, ignored");
        replies = counter("optin.replies.emitted", "Confirmation reply commands emitted");
        settingsApplied = counter("optin.settings.applied", "Settings records and tombstones applied");
        settingsRejected = counter("optin.settings.rejected", "Invalid settings records rejected");
        deadLetters = counter("optin.dead-letter.records", "Unreadable inbound records copied to the dead-letter topic");
        heldForSettings = counter("optin.messages.held-for-settings",
                "Inbound records held back until the settings written before them were read");
        recordsAccepted = counter("optin.records.accepted", "Valid consent records read (decided like messages)");
        marketingOptOuts = counter("optin.marketing.opt-outs", "Contacts whose marketing status changed to OPTED_OUT");
        marketingOptIns = counter("optin.marketing.opt-ins", "Contacts whose marketing status changed to OPTED_IN");
        helpReplies = counter("optin.help.replies", "HELP messages answered (once per message id)");
        for (String code : PlatformStatusCodes.LABELS) {
            platformStatuses.put(code, Counter.builder("optin.platform.statuses")
                    .description("Statuses of sent messages read from webhook envelopes, by error code"
                            + " (none: no error; other: a code not in the known list)")
                    .tag("code", code).register(registry));
        }
        for (String language : LanguagePacks.codes()) {
            languagePackMatches.put(language, Counter.builder("optin.keyword.language-pack-matches")
                    .description("Messages that matched an opt-out keyword of a language pack, by the keyword's language")
                    .tag("language", language).register(registry));
        }
        outboundDeadLetters = counter("optin.outbound.dead-letter.records",
                "Unreadable outbound requests copied to the outbound dead-letter topic");
        for (MessageCategory category : MessageCategory.values()) {
            Map<OutboundGate.Verdict, Map<String, Counter>> byVerdict = new EnumMap<>(OutboundGate.Verdict.class);
            byVerdict.put(OutboundGate.Verdict.APPROVED, Map.of(NO_REASON, decisionCounter(category, OutboundGate.Verdict.APPROVED, NO_REASON)));
            Map<String, Counter> byReason = new HashMap<>();
            for (OutboundGate.Reason reason : OutboundGate.Reason.values()) {
                byReason.put(reason.name(), decisionCounter(category, OutboundGate.Verdict.SUPPRESSED, reason.name()));
            }
            byVerdict.put(OutboundGate.Verdict.SUPPRESSED, Map.copyOf(byReason));
            outboundDecisions.put(category, byVerdict);
        }
    }

    /** The {@code reason} tag of approved requests. */
    static final String NO_REASON = "none";

    private Counter decisionCounter(MessageCategory category, OutboundGate.Verdict verdict, String reason) {
        return Counter.builder("optin.outbound.decisions")
                .description("Outbound requests judged by the gate, by category, decision and reason")
                .tag("category", category.name()).tag("decision", verdict.name()).tag("reason", reason)
                .register(registry);
    }

    /** Counts one request the gate judged. */
    public void outboundDecided(MessageCategory category, OutboundGate.Ruling decision) {
        outboundDecisions.get(category).get(decision.verdict())
                .get(decision.reason() == null ? NO_REASON : decision.reason().name()).increment();
    }

    /** How many requests of this category the gate approved ({@code reason} null) or suppressed for this reason. */
    public double outboundDecisions(MessageCategory category, OutboundGate.Reason reason) {
        return outboundDecisions.get(category)
                .get(reason == null ? OutboundGate.Verdict.APPROVED : OutboundGate.Verdict.SUPPRESSED)
                .get(reason == null ? NO_REASON : reason.name()).count();
    }

    public Counter outboundDeadLetters() {
        return outboundDeadLetters;
    }

    public static ConsentCounters inMemory() {
        return new ConsentCounters(new SimpleMeterRegistry());
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    public Counter messagesRead() {
        return messagesRead;
    }

    public Counter envelopeMessagesSkipped() {
        return envelopeMessagesSkipped;
    }

    public Counter keywordMatches() {
        return keywordMatches;
    }

    public Counter optOuts() {
        return optOuts;
    }

    public Counter optIns() {
        return optIns;
    }

    public Counter unchanged() {
        return unchanged;
    }

    public Counter duplicates() {
        return duplicates;
    }

    public Counter late() {
        return late;
    }

    public Counter replies() {
        return replies;
    }

    public Counter settingsApplied() {
        return settingsApplied;
    }

    public Counter settingsRejected() {
        return settingsRejected;
    }

    public Counter deadLetters() {
        return deadLetters;
    }

    public Counter heldForSettings() {
        return heldForSettings;
    }

    public Counter recordsAccepted() {
        return recordsAccepted;
    }

    /** Counts a consent record rejected for breaking {@code rule} (a record breaking two rules counts under each). */
    public void recordRejected(String rule) {
        Counter.builder("optin.records.rejected").description("Consent records rejected, by the rule they broke")
                .tag("rule", rule).register(registry).increment();
    }

    public Counter marketingOptOuts() {
        return marketingOptOuts;
    }

    public Counter marketingOptIns() {
        return marketingOptIns;
    }

    public Counter helpReplies() {
        return helpReplies;
    }

    /**
     * A status of a sent message: {@code failed} tells whether it failed, {@code errorCodes} are
     * its errors' codes (see {@link PlatformStatusCodes#label}).
     */
    public Counter platformStatuses(boolean failed, java.util.List<Long> errorCodes) {
        return platformStatuses.get(PlatformStatusCodes.label(failed, errorCodes));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Matches of a keyword of the language pack {@code language} (a code of {@link LanguagePacks}). */
    public Counter languagePackMatches(String language) {
        return languagePackMatches.get(language);
    }

    /**
     * Counts a message the revocation detector flagged, by its tier and what it led to: {@code opt-out}
     * (AUTO, CLEAR: decided like a keyword), {@code review}; and a review opened or not.
     */
    public void revocation(String tier, String outcome) {
        Counter.builder("optin.revocations").description("Messages the revocation detector flagged, by tier and outcome")
                .tag("tier", tier).tag("outcome", outcome).register(registry).increment();
    }
}
