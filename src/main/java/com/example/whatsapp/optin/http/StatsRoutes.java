package com.example.whatsapp.optin.http;

import com.example.whatsapp.optin.query.ContactQueries;
import com.example.whatsapp.optin.query.DailyStatsQueries;
import com.example.whatsapp.optin.consent.DailyCounts;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A business's opt-ins, opt-outs and marketing stops per UTC day: the console's chart. */
final class StatsRoutes {

    static final String STATS = "/v1/businesses/{businessId}/stats";
    static final int DEFAULT_DAYS = 30;

    private final DailyStatsQueries stats;
    private final Clock clock;

    /** @param stats null: the counts are not kept here, and the route answers 503 */
    StatsRoutes(DailyStatsQueries stats, Clock clock) {
        this.stats = stats != null ? stats
                : (businessId, from, to, partitions) -> new DailyStatsQueries.Unavailable("the daily counts are not kept here");
        this.clock = clock;
    }

    void get(Context ctx) {
        String businessId = PathParams.businessId(ctx);
        int days = days(ctx.queryParam("days"));
        LocalDate to = to(ctx.queryParam("to"));
        LocalDate from = to.minusDays(days - 1L);
        Optional<Set<Integer>> partitions = ctx.header(ContactQueries.FORWARDED_HEADER) == null
                ? Optional.empty() : partitions(ctx.header(DailyStatsQueries.PARTITIONS_HEADER));
        DailyStatsQueries.Answer answer = stats.count(businessId, from, to, partitions);
        if (answer instanceof DailyStatsQueries.Counted counted) {
            ctx.json(Responses.DailyStats.of(businessId, from, to, counted.byDay()));
        } else if (answer instanceof DailyStatsQueries.Unavailable unavailable) {
            throw new ServiceUnavailableResponse(unavailable.reason());
        }
    }

    private static int days(String given) {
        if (given == null) {
            return DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(given);
            if (days >= 1 && days <= DailyCounts.MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestResponse("days must be a whole number from 1 to " + DailyCounts.MAX_DAYS);
    }

    private LocalDate to(String given) {
        if (given == null) {
            return DailyCounts.day(clock.millis());
        }
        try {
            return LocalDate.parse(given);
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse("to must be a date: yyyy-mm-dd");
        }
    }

    private static Optional<Set<Integer>> partitions(String header) {
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
