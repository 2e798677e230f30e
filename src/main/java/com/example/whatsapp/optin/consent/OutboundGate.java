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
    public record Decision(Verdict verdict, Reason reason) {

        public static final Decision APPROVED = new Decision(Verdict.APPROVED, null);

        static Decision suppressed(Reason reason) {
            return new Decision(Verdict.SUPPRESSED, reason);
        }

        public boolean approved() {
            return verdict == Verdict.APPROVED;
        }
    }

    private static final Decision OPTED_OUT = Decision.suppressed(Reason.OPTED_OUT);
    private static final Decision MARKETING_STOPPED = Decision.suppressed(Reason.MARKETING_STOPPED);
    private static final Decision NO_OPT_IN = Decision.suppressed(Reason.NO_OPT_IN);

    private OutboundGate() {
    }

    /**
     * @param consent      the contact's stored consent; null when never decided
     * @param requireOptIn the business's {@code outbound.requireOptIn} in effect for the request
     */
    public static Decision decide(MessageCategory category, ContactConsent consent, boolean requireOptIn) {
        ContactConsent c = consent == null ? ContactConsent.UNKNOWN : consent;
        return decide(category, c.status(), c.marketingStatus(), requireOptIn);
    }

    public static Decision decide(MessageCategory category, ConsentStatus status, ConsentStatus marketingStatus,
                                  boolean requireOptIn) {
        if (category == MessageCategory.SERVICE) {
            return Decision.APPROVED;
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
        return Decision.APPROVED;
    }
}
