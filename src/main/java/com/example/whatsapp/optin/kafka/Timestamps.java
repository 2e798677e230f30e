package com.example.whatsapp.optin.kafka;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The contract's output timestamps: ISO-8601 UTC with exactly three fraction digits. */
public final class Timestamps {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);

    private Timestamps() {
    }

    /** The last time formatted: outputs written in the same millisecond (a batch of gate decisions) share it. */
    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, null);

    private record Formatted(long epochMillis, String text) {
    }

    public static String format(long epochMillis) {
        Formatted known = last;
        if (known.epochMillis() == epochMillis) {
            return known.text();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
        StringBuilder text = new StringBuilder(24);
        if (date.getYear() >= 0 && date.getYear() <= 9999) {
            twoDigits(twoDigits(text, date.getYear() / 100), date.getYear() % 100).append('-');
            twoDigits(text, date.getMonthValue()).append('-');
            twoDigits(text, date.getDayOfMonth());
        } else {
            text.append(DATE.format(date));
        }
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        text.append('T');
        twoDigits(text, millisOfDay / 3_600_000).append(':');
        twoDigits(text, millisOfDay / 60_000 % 60).append(':');
        twoDigits(text, millisOfDay / 1000 % 60).append('.');
        int millis = millisOfDay % 1000;
        text.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10)).append('Z');
        String formatted = text.toString();
        last = new Formatted(epochMillis, formatted);
        return formatted;
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
