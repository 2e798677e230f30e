package com.example.whatsapp.optin.consent;

/**
 * The outbound gate's rule: whether a business may send a message of a category to a contact,
 * from the contact's statuses when the request is judged. The first rule that applies decides.
 * The topology and the HTTP API both ask this one rule.
 */
public final class OutboundGate {

    public enum Verdict {
        APPROVED, SUPPRESSED
    }

    public enum Reason {
        /** The contact opted out of the business's messages. */
        OPTED_OUT,
        /** The contact stopped the business's marketing messages in WhatsApp. */
        MARKETING_STOPPED,
        /** The contact never opted in, and the business requires an opt-in. */
        NO_OPT_IN
    }

    /** @param reason null when approved */
    public record Ruling(Verdict verdict, Reason reason) {

        public static final Ruling APPROVED = new Ruling(Verdict.APPROVED, null);

        static Ruling suppressed(Reason reason) {
            return new Ruling(Verdict.SUPPRESSED, reason);
        }

        public boolean approved() {
            return verdict == Verdict.APPROVED;
        }
    }

    private static final Ruling OPTED_OUT = Ruling.suppressed(Reason.OPTED_OUT);
    private static final Ruling MARKETING_STOPPED = Ruling.suppressed(Reason.MARKETING_STOPPED);
    private static final Ruling NO_OPT_IN = Ruling.suppressed(Reason.NO_OPT_IN);

    private OutboundGate() {
    }

    /**
     * @param consent      the contact's stored consent; null when never decided
     * @param requireOptIn the business's {@code outbound.requireOptIn} in effect for the request
     */
    public static Ruling decide(MessageCategory category, ContactConsent consent, boolean requireOptIn) {
        ContactConsent c = consent == null ? ContactConsent.UNKNOWN : consent;
        return decide(category, c.status(), c.marketingStatus(), requireOptIn);
    }

    public static Ruling decide(MessageCategory category, ConsentStatus status, ConsentStatus marketingStatus,
                                  boolean requireOptIn) {
        if (category == MessageCategory.SERVICE) {
            return Ruling.APPROVED;
        }
        if (status == ConsentStatus.OPTED_OUT) {
            return OPTED_OUT;
        }
        if (category == MessageCategory.MARKETING && marketingStatus == ConsentStatus.OPTED_OUT) {
            return MARKETING_STOPPED;
        }
        if (status == ConsentStatus.UNKNOWN && requireOptIn) {
            return NO_OPT_IN;
        }
        return Ruling.APPROVED;
    }
}
