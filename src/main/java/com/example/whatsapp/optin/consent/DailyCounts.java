package com.example.whatsapp.optin.consent;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One business's consent changes on one UTC day, as the console's chart shows them: contacts that
 * opted in, contacts that opted out, and contacts that stopped marketing messages in WhatsApp
 * (Meta's marketing preference).
 */
public record DailyCounts(long optIns, long optOuts, long marketingStops) {

    public static final DailyCounts ZERO = new DailyCounts(0, 0, 0);
    /** How far back the counts are kept, behind the newest day counted. */
    public static final Duration KEPT = Duration.ofDays(100);
    /** The most days one question may cover. */
    public static final int MAX_DAYS = 90;

    /**
     * What one ConsentEvent adds.
     *
     * @param status the event's new status
     * @param scope  {@code ALL} (or absent, which means ALL) or {@code MARKETING}
     */
    public static DailyCounts of(String status, String scope) {
        if ("MARKETING".equals(scope)) {
            return "OPTED_OUT".equals(status) ? new DailyCounts(0, 0, 1) : ZERO;
        }
        if (scope != null && !"ALL".equals(scope)) {
            return ZERO;
        }
        return switch (status == null ? "" : status) {
            case "OPTED_IN" -> new DailyCounts(1, 0, 0);
            case "OPTED_OUT" -> new DailyCounts(0, 1, 0);
            default -> ZERO;
        };
    }

    public DailyCounts plus(DailyCounts other) {
        return new DailyCounts(optIns + other.optIns, optOuts + other.optOuts, marketingStops + other.marketingStops);
    }

    public boolean isZero() {
        return optIns == 0 && optOuts == 0 && marketingStops == 0;
    }

    /** The start of the UTC day of an instant, in epoch milliseconds. */
    public static long dayStart(long epochMillis) {
        return day(epochMillis).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    public static LocalDate day(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
