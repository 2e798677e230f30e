package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.query.DailyStatsQueries;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The query parameters and fan-out headers the listing routes share, checked the same way everywhere. */
final class QueryParams {

    private QueryParams() {
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent; else 400 with {@code problem}. */
    static int wholeNumber(String given, int fallback, int min, int max, String problem) {
        if (given == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(given);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestResponse(problem);
    }

    /** The last day of a range (yyyy-mm-dd, UTC); {@code today} when absent. */
    static LocalDate lastDay(String given, LocalDate today) {
        if (given == null) {
            return today;
        }
        try {
            return LocalDate.parse(given);
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse("to must be a date: yyyy-mm-dd");
        }
    }

    /**
     * The partitions another instance asks this one to answer alone (a forwarded request's
     * partitions header); empty for every other caller, who gets every partition of every instance.
     */
    static Optional<Set<Integer>> forwardedPartitions(Context ctx) {
        if (ctx.header(ContactQueries.FORWARDED_HEADER) == null) {
            return Optional.empty();
        }
        String header = ctx.header(DailyStatsQueries.PARTITIONS_HEADER);
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Arrays.stream(header.split(",")).map(String::trim).map(Integer::valueOf)
                    .collect(Collectors.toSet()));
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(DailyStatsQueries.PARTITIONS_HEADER + " must list partition numbers");
        }
    }
}
