package com.example.whatsapp.optin.consent;

import java.time.Duration;

/**
 * One campaign's counts on one UTC day, for one business: requests the gate approved and
 * suppressed, and opt-outs attributed to one of its approved requests.
 */
public record CampaignCounts(long approved, long suppressed, long optOuts) {

    public static final CampaignCounts ZERO = new CampaignCounts(0, 0, 0);
    public static final CampaignCounts ONE_APPROVED = new CampaignCounts(1, 0, 0);
    public static final CampaignCounts ONE_SUPPRESSED = new CampaignCounts(0, 1, 0);
    public static final CampaignCounts ONE_OPT_OUT = new CampaignCounts(0, 0, 1);
    /** How long a day's counts are kept, behind the newest day counted: the longest question (90 days), and a day. */
    public static final Duration KEPT = Duration.ofDays(91);
    /** The most days one question may cover. */
    public static final int MAX_DAYS = 90;

    public CampaignCounts plus(CampaignCounts other) {
        return new CampaignCounts(approved + other.approved, suppressed + other.suppressed, optOuts + other.optOuts);
    }

    /** Attributed opt-outs per approved request; null while none was approved. */
    public Double optOutRate() {
        return approved == 0 ? null : (double) optOuts / approved;
    }

    /**
     * The key a campaign is counted under in a business: its campaign id, else its template's
     * name, marked apart so that a campaign id never adds to a template of the same name.
     *
     * @return null when the request has neither (it counts for no campaign)
     */
    public static String key(String businessId, String campaignId, String templateName) {
        if (campaignId != null) {
            return businessId + ":c" + campaignId;
        }
        return templateName == null ? null : businessId + ":t" + templateName;
    }

    /** The first key of a business's campaigns; every one is below {@link #lastKey}. */
    public static String firstKey(String businessId) {
        return businessId + ":";
    }

    /** Above every key of the business's campaigns (':' + 1 is ';', which no businessId holds). */
    public static String lastKey(String businessId) {
        return businessId + ";";
    }

    /** A campaign as its key names it. */
    public record Campaign(String campaignId, String templateName) {

        /** @param key a key {@link #key} made */
        public static Campaign ofKey(String key) {
            int colon = key.indexOf(':');
            String name = key.substring(colon + 2);
            return key.charAt(colon + 1) == 'c' ? new Campaign(name, null) : new Campaign(null, name);
        }

        public String name() {
            return campaignId != null ? campaignId : templateName;
        }
    }
}
