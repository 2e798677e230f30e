package com.example.whatsapp.optin.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The contract's output timestamps: ISO-8601 UTC with exactly three fraction digits. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

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
        String text = FORMAT.format(Instant.ofEpochMilli(epochMillis));
        last = new Formatted(epochMillis, text);
        return text;
    }
}
